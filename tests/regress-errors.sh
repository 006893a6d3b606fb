#!/bin/sh
# Bad input to the cross-sectional regressions (issue 13): each a clear
# error with its exit status (README: 2 usage, 3 data), the file:line:field
# or the formula's position, and nothing on stdout.  The expected
# messages are written here by hand from the inputs below.
. "$TOP_SRCDIR/tests/setup"
need_shared

run_args="--events $TOP_SRCDIR/datasets/releases.csv --prices $PRICES/NVDA.csv
  --prices $PRICES/AMD.csv --prices $PRICES/AVGO.csv --market $PRICES/SPY.csv"

good () {
  cat > chars.csv <<'CSV'
ticker,date,size,sector
NVDA,2024-01-01,3.1,semis
AMD,2024-01-01,0.3,semis
AVGO,2024-01-01,0.8,chips
CSV
}

# A duplicate (ticker, date): the later line, and the earlier.
cat > chars.csv <<'CSV'
ticker,date,size
NVDA,2024-01-01,3.1
AMD,2024-01-01,0.3
NVDA,2024-01-01,3.2
CSV
expect_error 3 "chars.csv:4: duplicate ticker 'NVDA' and date 2024-01-01 (also line 2)" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ size'

# Without a date column, a ticker may have one row only.
printf 'ticker,size\nNVDA,1\nnvda,2\n' > chars.csv
expect_error 3 "chars.csv:3: duplicate ticker 'nvda' (also line 2): give a date column to hold several rows per ticker" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ size'

# A non-numeric value in a column used as a number: line and field.
cat > chars.csv <<'CSV'
ticker,date,size
NVDA,2024-01-01,3.1
AMD,2024-01-01,large
CSV
expect_error 3 "chars.csv:3:3: non-numeric value 'large' in column 'size'" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ size'
# ... "inf" and "0x10" are not characteristics either.
printf 'ticker,size\nNVDA,inf\n' > chars.csv
expect_error 3 "chars.csv:2:2: non-numeric value 'inf' in column 'size'" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ size'
# ... but the same column as text, C(size), is fine.
printf 'ticker,size\nNVDA,big\nAMD,small\nAVGO,big\n' > chars.csv
evstudy $run_args --characteristics chars.csv --regress 'car[-1,1] ~ C(size)' \
  --format csv --table regress > ok.csv 2> ok.err
grep -q '^1,"car\[-1,1\] ~ C(size)",car,-1,1,none,hc3,C(size)small,' ok.csv \
  || fail "C(size) of a text column"

# An invalid date in the characteristics.
printf 'ticker,date,size\nNVDA,2024-13-01,1\n' > chars.csv
expect_error 3 "chars.csv:2:2: invalid date '2024-13-01'" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ size'
printf 'date,size\n2024-01-01,1\n' > chars.csv
expect_error 3 "chars.csv:1: no ticker column" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ size'

# A formula naming a missing column: its position.
good
expect_error 2 "--regress 'car[-1,1] ~ size + sise': position 20: no column 'sise' in chars.csv or $TOP_SRCDIR/datasets/releases.csv (nor the built-in beta)" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ size + sise'
expect_error 2 "--regress 'car[-1,1] ~ C(colour)': position 13: no column 'colour' in chars.csv or $TOP_SRCDIR/datasets/releases.csv (nor event, ticker, day0)" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ C(colour)'
expect_error 2 "--regress 'car[-1,1] ~ size': --vcov cluster: no column 'industry' in chars.csv or $TOP_SRCDIR/datasets/releases.csv (nor event, ticker, day0)" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ size' --vcov cluster:industry

# Syntax errors: the position of the fault.
expect_error 2 "invalid --regress 'car[-1,1] ~ size +': position 19: expected a column name, found the end" \
  $run_args --regress 'car[-1,1] ~ size +'
expect_error 2 "invalid --regress 'cars[-1,1] ~ size': position 1: expected car[A,B], scar[A,B] or bhar[A,B] before '~'" \
  $run_args --regress 'cars[-1,1] ~ size'
expect_error 2 "invalid --regress 'car[1,-1] ~ size': position 1: window 1:-1 ends before it starts" \
  $run_args --regress 'car[1,-1] ~ size'
expect_error 2 "invalid --regress 'car[-1,1] size': position 11: expected '~', found 'size'" \
  $run_args --regress 'car[-1,1] size'
expect_error 2 "invalid --regress 'car[-1,1] ~ size - beta': position 20: only the intercept can be removed ('- 1')" \
  $run_args --regress 'car[-1,1] ~ size - beta'
expect_error 2 "invalid --regress 'car[-1,1] ~ size + size': position 20: term repeated" \
  $run_args --regress 'car[-1,1] ~ size + size'
expect_error 2 "invalid --regress 'car[-1,1] ~ - 1': position 16: no regressor: the formula has neither a term nor an intercept" \
  $run_args --regress 'car[-1,1] ~ - 1'

# A window outside the data: every pair left out, the first one's reason.
expect_error 3 "--regress 'car[0,3000] ~ beta': 0 pairs for 2 regressors: 27 left out, first NVDA event 1: skipped: event window 0:3000 runs past the end of the data (last session 2025-12-30)" \
  $run_args --regress 'car[0,3000] ~ beta'
# ... and one that overlaps the estimation window.
expect_error 2 "invalid --regress 'car[-20,1] ~ beta': position 1: window -20:1 overlaps the estimation window -250:-11" \
  $run_args --regress 'car[-20,1] ~ beta'

# A singular design names its columns: sector 'chips' is AVGO alone, so
# (levels sorted, the first dropped) C(ticker)AVGO = 1 - C(sector)semis.
expect_error 3 "--regress 'car[-1,1] ~ C(sector) + C(ticker)': singular design: column 'C(ticker)AVGO' is a linear combination of '(Intercept)', 'C(sector)semis' (a constant column, a dummy of every level, or a repeated regressor)" \
  $run_args --characteristics chars.csv --regress 'car[-1,1] ~ C(sector) + C(ticker)'

# Options that need --regress, and bad values.
expect_error 2 "--table regress needs --regress" $run_args --table regress
expect_error 2 "--characteristics needs --regress" $run_args --characteristics chars.csv
expect_error 2 "invalid --vcov 'hc4': expected classical, hc0, hc1, hc2, hc3, cluster:NAME or cluster:A,B" \
  $run_args --regress 'car[-1,1] ~ beta' --vcov hc4
expect_error 2 "invalid --vcov 'cluster:a,b,c': expected cluster:NAME or cluster:A,B (one or two names)" \
  $run_args --regress 'car[-1,1] ~ beta' --vcov cluster:a,b,c
expect_error 2 "--regress-weights inverse-variance weighs car[A,B] by 1/Var(CAR), not bhar" \
  $run_args --regress 'bhar[-1,1] ~ beta' --regress-weights inverse-variance
expect_error 2 "invalid --regress 'bhar[-1,1] ~ beta': bhar needs simple returns" \
  $run_args --regress 'bhar[-1,1] ~ beta' --returns log
