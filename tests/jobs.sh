#!/bin/sh
# --jobs: the results are the same, byte for byte, for any number of
# threads (pool.h: items write only their own slots; each cell's bootstrap
# has its own seeded generator).  Every output with every test: JSON
# (per-pair results and the aggregate) with groups, a bootstrap and
# p-value adjustment, on the shared prices.
. "$TOP_SRCDIR/tests/setup"
need_shared
P=$PRICES
SIX="--prices $P/NVDA.csv --prices $P/AMD.csv --prices $P/AVGO.csv --prices $P/TSM.csv --prices $P/MSFT.csv --prices $P/BIDU.csv --market $P/SPY.csv"
REL="$TOP_SRCDIR/datasets/releases.csv"
ARGS="--events $REL $SIX --group-by company --bootstrap 500 --seed 3 --adjust holm --window -1:1 --window 0:5"
evstudy $ARGS --jobs 1 --format json > j1.json
for j in 2 3 16; do
  evstudy $ARGS --jobs $j --format json > j$j.json
  test_cmp j1.json j$j.json
done
evstudy $ARGS -j 2 --format csv --table tests > t2.csv
evstudy $ARGS -j 1 --format csv --table tests > t1.csv
test_cmp t1.csv t2.csv
# The default (one thread per processor) too.
evstudy $ARGS --format json > jd.json
test_cmp j1.json jd.json
expect_error 2 "invalid --jobs '0': expected a number from 1 to 256" $ARGS --jobs 0
