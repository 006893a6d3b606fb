#!/bin/sh
# evstudy --help lists the subcommands, one line each, and every one of
# them has its own --help (issue 15).
. "$TOP_SRCDIR/tests/setup"

evstudy --help > help.txt 2> err.txt
[ ! -s err.txt ] || fail "--help wrote to stderr"
# The Commands section: from its heading to the first empty line.
sed -n '/^Commands/,/^$/p' help.txt | awk 'NR > 1 && /^  [a-z]/ { print $1 }' > cmds.txt
printf '%s\n' import run history export merge intraday > want.txt
test_cmp want.txt cmds.txt
# One line each, with a description.
[ "$(sed -n '/^Commands/,/^$/p' help.txt | grep -c '^  [a-z]*  *[a-z]')" -eq "$(wc -l < want.txt)" ] \
  || fail "a command without its one-line description"
grep -q '^  or:  evstudy COMMAND' help.txt || fail "no COMMAND usage line"
for c in $(cat cmds.txt); do
  evstudy "$c" --help > "$c.txt" 2> err.txt || fail "evstudy $c --help: exit $?"
  [ ! -s err.txt ] || fail "evstudy $c --help wrote to stderr"
  head -n 1 "$c.txt" | grep -q "^Usage: evstudy $c " || fail "evstudy $c --help: $(head -n 1 "$c.txt")"
  evstudy "$c" -h > h.txt
  test_cmp "$c.txt" h.txt
done
# An unknown command still says where to look.
expect_error 2 "unknown command 'imprt'" imprt --db m.db
