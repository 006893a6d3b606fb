#!/bin/sh
# Issue 11, item 9: chart file names are unique by construction.
# Before, tickers X, X? and X-2 wrote price-X, price-X-2 (X?, numbered by
# position) and price-X-2 (the ticker X-2) -- two series in one file --
# and the groups "Model Release", "model-release" and "MODEL_RELEASE" of
# --group-by all wrote caar-type-model-release.  The naming (plot.h,
# README "Charts and report"): the slug alone when no other series (or
# group) has the same slug, ignoring case, and the slug does not end in
# "--" and digits or in ".events"; else the slug, "--" and the position.
# Expected names, by hand:
#   series in study order: 1 X, 2 X?, 3 X-2, 4 X.events
#     slugs: X, X (the '?' run is dropped at the end), X-2, X.events
#     X and X? clash -> X--1, X--2; X-2 alone -> X-2; X.events ends in
#     ".events" -> X.events--4 (else price-X.events.dat would be X's
#     events file).
#   groups of --group-by type in aggregate order: 0 is the whole run,
#     then "Model Release", "model-release", "MODEL_RELEASE" (in the
#     order of the events file), at positions 1, 2, 3; all three slugs
#     are model-release -> model-release--2, --3, --4 (position + 1),
#     and "x--1" gives x-1 (lowered slugs turn every run of other
#     bytes, '-' included, into one '-', so they never hold "--"): alone.
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"

cat > ev.csv <<'END'
date,label,type
2025-01-27,a,Model Release
2025-01-29,b,model-release
2025-01-10,c,MODEL_RELEASE
2025-01-21,d,x--1
END
evstudy --events ev.csv --prices "$PRICES/NVDA.csv" --ticker X --prices "$PRICES/AMD.csv" --ticker 'X?' \
  --prices "$PRICES/AVGO.csv" --ticker X-2 --prices "$PRICES/TSM.csv" --ticker X.events \
  --market "$PRICES/SPY.csv" --group-by type --plot charts --gnuplot /nonexistent/gnuplot \
  > out.txt 2> err.txt || [ $? -eq 5 ] || { cat err.txt; fail "evstudy failed"; }
ls charts | sed -n 's/^\(price-.*\|caar.*\)\.gp$/\1/p' | sort > got.txt
sort > want.txt <<'END'
price-X--1
price-X--2
price-X-2
price-X.events--4
caar
caar-type-model-release--2
caar-type-model-release--3
caar-type-model-release--4
caar-type-x-1
END
test_cmp want.txt got.txt
# Each file belongs to its own series or group: the ticker is in its
# script, and no two charts share a file.
for t in 'X--1:X' 'X--2:X?' 'X-2:X-2' 'X.events--4:X.events'; do
  grep -qxF "ticker = '${t#*:}'" "charts/price-${t%%:*}.gp" || fail "price-${t%%:*}.gp is not ${t#*:}'s"
done
grep -qF "'type = Model Release: '" charts/caar-type-model-release--2.gp || fail "group 1 is not Model Release"
grep -qF "'type = model-release: '" charts/caar-type-model-release--3.gp || fail "group 2 is not model-release"
grep -qF "'type = MODEL_RELEASE: '" charts/caar-type-model-release--4.gp || fail "group 3 is not MODEL_RELEASE"
# One ar chart per (event, series): 4 events x 4 series.
[ "$(ls charts/ar-*.gp | wc -l)" -eq 16 ] || fail "ar charts: $(ls charts/ar-*.gp | wc -l), expected 16"
