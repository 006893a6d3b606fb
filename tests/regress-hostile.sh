#!/bin/sh
# Hostile text through the regressions' outputs (issue 13): a column name
# with a quote and <script>, levels with quotes, a newline, an escape
# sequence and markup become term names; JSON stays valid (jq) and holds
# them exactly, CSV quotes them (RFC 4180), the table shows no control
# byte, and -o to an odd path works.
. "$TOP_SRCDIR/tests/setup"
need_shared
command -v jq > /dev/null || { echo "SKIP: no jq"; exit 77; }

printf 'ticker,date,"sec""tor<script>",size\nNVDA,2024-01-01,"semis ""q""\nline",1\nAMD,2024-01-01,<script>alert(1)</script>,2\nAVGO,2024-01-01,`b`\033[31m,3\n' > chars.csv
run () {
  evstudy --events "$TOP_SRCDIR/datasets/releases.csv" --prices "$PRICES/NVDA.csv" \
    --prices "$PRICES/AMD.csv" --prices "$PRICES/AVGO.csv" --market "$PRICES/SPY.csv" \
    --characteristics chars.csv --regress 'car[-1,1] ~ C(`sec"tor<script>`) + beta' "$@"
}

# JSON: valid, and the terms exactly (levels sorted bytewise: '<' < '`' <
# 's', the first, AMD's, dropped).
run --format json > out.json
jq -r '.regressions[0].coefficients[].term' out.json > terms.txt
printf '(Intercept)\nC(sec"tor<script>)`b`\033[31m\nC(sec"tor<script>)semis "q"\nline\nbeta\n' > want.txt
test_cmp want.txt terms.txt
[ "$(jq -r '.regressions[0].formula' out.json)" = 'car[-1,1] ~ C(`sec"tor<script>`) + beta' ] \
  || fail "formula not kept exactly in JSON"

# CSV: the term with a quote and a newline is one quoted field.
run --format csv --table regress -o 'odd dir "x".csv' 2> err.txt && [ ! -s err.txt ] \
  || fail "CSV to an odd path"
grep -q '^1,"car\[-1,1\] ~ C(`sec""tor<script>`) + beta",car,-1,1,none,hc3,"C(sec""tor<script>)semis ""q""$' \
  'odd dir "x".csv' || fail "CSV quoting of a term"
[ "$(grep -c '' 'odd dir "x".csv')" -eq 6 ] || fail "CSV rows: 4 terms, one spanning 2 lines, + header"

# Table: no escape or other control byte reaches the terminal.
run > table.txt
grep -q 'Cross-sectional regression' table.txt || fail "no regression in the table"
if LC_ALL=C grep -q "$(printf '\033')" table.txt; then fail "raw ESC in the table"; fi
