#!/usr/bin/env python3
"""tests/reference/carpath.py -- independent reference for evstudy's
--table car-path (tests/golden-carpath.sh).

Usage: python3 tests/reference/carpath.py SHARED_DATA_DIR OUTDIR

numpy and scipy only; nothing here reads evstudy's C sources.  Writes
OUTDIR/selloff-{market,ff5}-car-path.csv: NVDA, AMD, AVGO, TSM, MSFT vs
SPY around 2025-01-27 (tests/fixtures/events/selloff.csv), the market
model and the Fama-French five-factor model, evstudy's default windows
(estimation -250:-11, reported days -10:10).

Data (as tests/reference/study.R and models.R state them).  Prices:
  "Adj Close", else "Close", else "close"; rows with an empty price dropped; simple
  returns P1/P0 - 1 on the dates the security and SPY share.  Day 0 =
  the first common date on or after the event date; relative day k is
  return index i0 + k.
Factors: the Ken French file's header is the first line starting with
  ","; data lines start with 8 digits; values / 100; -99.99 and -999 are
  missing.  For the return spanning common dates D[i-1]..D[i], each
  factor is prod(1 + f_d) - 1 over the factor dates D[i-1] < d <= D[i]
  (missing unless D[i] is a factor date).
Models.  Estimation returns i0-250 .. i0-11 (ff5: those with factors).
  y = R (market: X = [1, Rm]) or y = R - RF (ff5: X = [1, Mkt-RF, SMB,
  HML, RMW, CMA]); theta = least squares (numpy.linalg.lstsq); residual
  variance s^2 = e'e / (T - k); C = s^2 (X'X)^-1 (numpy.linalg.inv);
  df = T - k.  Expected return on a reported day: x'theta (+ RF for
  ff5); AR = R - expected.
CAR path.  For each pair and each reported day k = -10..10: CAR(-10, k)
  = the sum of the ARs of days -10..k; Var(CAR) = g' V g with V = s^2 I
  + X* C X*' (X* the rows of days -10..k, g a vector of ones), written
  out as matrices (MacKinlay 1997 eq. (15)-(16); Campbell, Lo & MacKinlay
  1997, ch. 4); se = sqrt(Var); t = CAR / se; p = 2 P(T_df > |t|)
  (scipy.stats.t.sf).
Output: evstudy's --format csv car-path layout without events_file (the
  path of the events file differs between machines; tests/numdiff
  compares the columns by name), numbers with 17 significant digits.
"""
import csv
import math
import os
import sys

import numpy as np
from scipy import stats

TICKERS = ["NVDA", "AMD", "AVGO", "TSM", "MSFT"]
EVENT_DATE = "2025-01-27"
LABEL = "Nvidia selloff"
EST = (-250, -11)
AR_DAYS = (-10, 10)


def read_prices(shared, ticker):
    with open(os.path.join(shared, "prices", ticker + ".csv"), newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    col = next(head.index(c) for c in ("Adj Close", "Close", "close") if c in head)
    return {r[0]: float(r[col]) for r in rows[1:] if len(r) > col and r[col] != ""}


def read_factors(path):
    with open(path, newline="") as f:
        lines = f.read().splitlines()
    names = None
    data = {}
    for line in lines:
        if names is None and line.startswith(","):
            names = [c.strip() for c in line.split(",")[1:]]
        elif names is not None and len(line) >= 8 and line[:8].isdigit():
            cells = line.split(",")
            d = "%s-%s-%s" % (cells[0][:4], cells[0][4:6], cells[0][6:8])
            vals = []
            for c in cells[1:]:
                v = float(c)
                vals.append(math.nan if v in (-99.99, -999) else v / 100)
            data[d] = dict(zip(names, vals))
    return names, data


def returns(stock, market):
    dates = sorted(set(stock) & set(market))
    r = np.array([stock[dates[i]] / stock[dates[i - 1]] - 1 for i in range(1, len(dates))])
    rm = np.array([market[dates[i]] / market[dates[i - 1]] - 1 for i in range(1, len(dates))])
    return dates, r, rm


def factor_rows(dates, fdata, cols):
    """Row i: the factors of the return spanning dates[i]..dates[i+1]."""
    fdates = sorted(fdata)
    out = []
    for i in range(1, len(dates)):
        lo, hi = dates[i - 1], dates[i]
        if hi not in fdata:
            out.append([math.nan] * len(cols))
            continue
        span = [d for d in fdates if lo < d <= hi]
        out.append([float(np.prod([1 + fdata[d][c] for d in span]) - 1) for c in cols])
    return np.array(out)


def path_rows(kind, shared, factors):
    market = read_prices(shared, "SPY")
    rows = []
    for ticker in TICKERS:
        dates, r, rm = returns(read_prices(shared, ticker), market)
        rdates = dates[1:]                       # the date of return i
        i0 = next(i for i, d in enumerate(rdates) if d >= EVENT_DATE)
        est = range(i0 + EST[0], i0 + EST[1] + 1)
        if kind == "market":
            X_all = np.column_stack([np.ones(len(r)), rm])
            off = np.zeros(len(r))
        else:
            names, fdata = factors
            F = factor_rows(dates, fdata, ["Mkt-RF", "SMB", "HML", "RMW", "CMA", "RF"])
            X_all = np.column_stack([np.ones(len(r)), F[:, :5]])
            off = F[:, 5]
        keep = [i for i in est if np.all(np.isfinite(X_all[i])) and np.isfinite(off[i])]
        X = X_all[keep]
        y = r[keep] - off[keep]
        theta = np.linalg.lstsq(X, y, rcond=None)[0]
        T, k = X.shape
        e = y - X @ theta
        s2 = e @ e / (T - k)
        C = s2 * np.linalg.inv(X.T @ X)
        df = T - k
        days = list(range(AR_DAYS[0], AR_DAYS[1] + 1))
        idx = [i0 + d for d in days]
        ar = r[idx] - (off[idx] + X_all[idx] @ theta)
        for j, d in enumerate(days):
            Xs = X_all[idx[: j + 1]]
            g = np.ones(j + 1)
            V = s2 * np.eye(j + 1) + Xs @ C @ Xs.T
            car = float(np.sum(ar[: j + 1]))
            se = math.sqrt(g @ V @ g)
            t = car / se
            p = 2 * stats.t.sf(abs(t), df)
            rows.append([1, LABEL, ticker, d, rdates[idx[j]], car, se, t, df, p, "SPY",
                         rdates[i0]])
    return rows


def write(path, rows):
    def fmt(x):
        return "%.17g" % x if isinstance(x, float) else str(x)

    with open(path, "w", newline="") as f:
        f.write("event,label,ticker,day,date,car,se,t,df,p,market,day0\n")
        for row in rows:
            f.write(",".join(fmt(x) for x in row) + "\n")


def main(argv):
    if len(argv) != 3:
        print("usage: python3 tests/reference/carpath.py SHARED_DATA_DIR OUTDIR", file=sys.stderr)
        return 2
    shared, outdir = argv[1], argv[2]
    ff5 = read_factors(os.path.join(shared, "factors", "F-F_Research_Data_5_Factors_2x3_daily.csv"))
    write(os.path.join(outdir, "selloff-market-car-path.csv"), path_rows("market", shared, None))
    write(os.path.join(outdir, "selloff-ff5-car-path.csv"), path_rows("ff5", shared, ff5))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
