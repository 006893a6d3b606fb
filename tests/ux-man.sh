#!/bin/sh
# Issue 15: the manual page, bash completion and schema are installed by
# `make install DESTDIR=...` where man, bash-completion and readers look
# for them, and say what --help says: every option of `evstudy --help`
# and of each command's --help is in the manual page and offered by the
# completion.
. "$TOP_SRCDIR/tests/setup"

( cd "$TOP_BUILDDIR" && ${MAKE:-make} install DESTDIR="$tmp/stage" ) > install.log 2>&1 \
  || { cat install.log; fail "make install DESTDIR"; }
bin=$(find "$tmp/stage" -path '*/bin/evstudy' | head -n 1)
[ -n "$bin" ] || fail "no installed program"
root=${bin%/bin/evstudy}
man1="$root/share/man/man1/evstudy.1"
comp="$root/share/bash-completion/completions/evstudy"
schema="$root/share/evstudy/schema/evstudy.schema.json"
[ -r "$man1" ] || fail "no manual page at share/man/man1/evstudy.1"
[ -r "$comp" ] || fail "no completion at share/bash-completion/completions/evstudy"
cmp "$schema" "$TOP_SRCDIR/doc/schema/evstudy.schema.json" || fail "installed schema differs"

# Every long option of every --help is in the manual page (written \-\-name).
for c in "" import run history export merge intraday; do
  evstudy $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u > opts.txt
  while read -r o; do
    m=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    grep -q -- "$m" "$man1" || fail "evstudy $c: option $o not in the manual page"
  done < opts.txt
done
if command -v man > /dev/null; then
  MANWIDTH=80 man -l "$man1" > man.txt 2> man.err || fail "man cannot format the page: $(cat man.err)"
  grep -q '^NAME' man.txt || fail "no NAME section"
  grep -q 'EXIT STATUS' man.txt || fail "no EXIT STATUS section"
  [ ! -s man.err ] || { cat man.err; fail "warnings from man"; }
fi

# The completion, sourced by bash: complete WORDS... prints what TAB offers
# after the last word.
command -v bash > /dev/null || { echo "SKIP: no bash for the completion"; exit 77; }
complete () {
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _evstudy
    printf "%s\n" "${COMPREPLY[@]}"' complete "$comp" "$@" | sort
}
[ "$(complete evstudy ex)" = export ] || fail "subcommand: $(complete evstudy ex)"
complete evstudy --table agg > got.txt
printf 'aggregate\naggregate-days\naggregate-windows\n' > want.txt
test_cmp want.txt got.txt
[ "$(complete evstudy export --table a)" = ar ] || fail "export --table"
# --table car-path: offered by the flag form, run and export; in the page.
for c in "" run export; do
  [ "$(complete evstudy $c --table car-)" = car-path ] || fail "evstudy $c --table car-"
done
grep -q 'car\\-path' "$man1" || fail "car-path not in the manual page"
[ "$(complete evstudy history --for)" = --format ] || fail "history --for"
[ "$(complete evstudy --model ff)" = "$(printf 'ff3\nff5')" ] || fail "--model ff"
# Every option that each --help lists is offered after "--".
for c in "" import run history export merge intraday; do
  # the options each help lists, at the start of a line
  evstudy $c --help | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' \
    | sort -u > opts.txt
  [ -s opts.txt ] || fail "no options in evstudy $c --help"
  complete evstudy $c -- > offered.txt
  while read -r o; do
    grep -qx -- "$o" offered.txt || fail "evstudy $c: completion does not offer $o"
  done < opts.txt
done
