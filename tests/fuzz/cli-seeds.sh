#!/bin/sh
# cli-seeds.sh SHARED_DATA OUTDIR -- seed corpus of the cli fuzz
# target (fuzz-cli.c): each seed is a 16-byte option header, then events,
# prices, market prices and factors separated by NUL bytes, cut from the
# shared data around the 2025-01-27 selloff so that studies run.
set -e
data=$1 out=$2
mkdir -p "$out"
# hdr BYTE...: the option header, zero-padded to 16 bytes.
hdr () {
  n=0
  for b in "$@"; do printf "\\$(printf %o "$b")"; n=$((n + 1)); done
  while [ $n -lt 16 ]; do printf '\000'; n=$((n + 1)); done
}
# around FILE: the header of a price file and its rows of Nov 2024 to Feb 2025.
around () {
  grep -n '' "$1" | grep -e '^[12]:' -e ',2024-1[12]-' -e '^[0-9]*:2024-1[12]-' \
    -e '^[0-9]*:2025-0[12]-' | cut -d: -f2-
}
events () {
  printf 'date,label,company,type\n2025-01-27,DeepSeek selloff,DeepSeek,shock\n'
  printf '2025-01-29,Qwen 2.5-Max,Alibaba,model-release\n2025-02-10,Later,Other,model-release\n'
}
factors () {
  printf ',Mkt-RF,SMB,HML,RF\n'
  grep -e '^20241[12]' -e '^20250[12]' "$data/factors/F-F_Research_Data_Factors_daily.csv"
}
# seed NAME PRICEFILE MARKETFILE HEADER...: one seed.
seed () {
  name=$1 p=$2 m=$3; shift 3
  { hdr "$@"; events; printf '\000'; around "$data/prices/$p"; printf '\000'
    around "$data/prices/$m"; printf '\000'; factors; } > "$out/$name"
}
# Header: price name, option bits (windows, ar-days, estimation,
# min-estimation, group-by, bootstrap, adjust), format/table/log/exchange,
# model; then the bytes of each option taken, in that order.
seed market NVDA.csv SPY.csv 0 29 0 3   252 4  244 10  10 30  7
seed mean-csv NVDA.csv SPY.csv 0 24 6 1   10 30  7
seed madj-json 9988.HK.csv HSI.csv 33 0 3 2
seed groups BABA.csv SPY.csv 5 248 9 3   10 30  7  2  5 7
seed ff3 NVDA.csv SPY.csv 0 24 14 7   10 30  7
seed dimson-log NVDA.csv QQQ.csv 0 24 34 69   10 30  7
seed garch AMD.csv SPY.csv 0 24 0 6   10 40  7
seed exchange 9988.HK.csv HSI.csv 33 24 66 3   10 30  7  1
seed long semis_long.csv SPY.csv 4 24 10 1   10 30  7
