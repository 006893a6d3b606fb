#!/bin/sh
# Templates are found after any install (issue 14): install this build
# into a temporary prefix other than the configured one, then draw charts
# with the installed program from another directory.  The installed
# price.gp carries a marker, so the chart script shows which copy was
# used (not the source tree's plots/, nor the configured prefix's).
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v gnuplot > /dev/null || { echo "SKIP: no gnuplot"; exit 77; }

unset EVSTUDY_PLOTS
p="$tmp/p"
( cd "$TOP_BUILDDIR" && ${MAKE:-make} install prefix="$p" ) > install.log 2>&1 \
  || { cat install.log; fail "make install prefix=$p"; }
[ -x "$p/bin/evstudy" ] || fail "no installed program"
[ -r "$p/share/evstudy/plots/price.gp" ] || fail "no installed templates"
echo '# installed-copy-marker' >> "$p/share/evstudy/plots/price.gp"

mkdir elsewhere
cd elsewhere
printf 'date,label\n2025-01-27,Selloff\n' > ev.csv
"$p/bin/evstudy" --events ev.csv --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --plot charts --table car > out.txt 2> err.txt || { s=$?; cat err.txt; fail "installed --plot: exit $s"; }
[ ! -s err.txt ] || { cat err.txt; fail "warnings from the installed program"; }
ls charts/price-*.gp > /dev/null 2>&1 || fail "no price chart script"
grep -q 'installed-copy-marker' charts/price-*.gp || fail "the installed templates were not used"
for f in charts/*.png; do
  [ -s "$f" ] || fail "empty chart $f"
done

# The same after a staged install (DESTDIR), the tree then moved.
( cd "$TOP_BUILDDIR" && ${MAKE:-make} install DESTDIR="$tmp/stage" ) > install.log 2>&1 \
  || { cat install.log; fail "make install DESTDIR"; }
bin=$(find "$tmp/stage" -path '*/bin/evstudy' | head -n 1)
root=${bin%/bin/evstudy}
mv "$root" "$tmp/moved"
"$tmp/moved/bin/evstudy" --events ev.csv --prices "$PRICES/NVDA.csv" \
  --market "$PRICES/SPY.csv" --plot charts2 --table car > /dev/null 2> err.txt \
  || { s=$?; cat err.txt; fail "moved install --plot: exit $s"; }
ls charts2/*.png > /dev/null 2>&1 || fail "no chart from the moved install"
