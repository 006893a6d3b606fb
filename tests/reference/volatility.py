#!/usr/bin/env python3
# tests/reference/volatility.py -- independent reference for evstudy's
# --measure volatility (issue 12), Beaver (1968)'s U statistic, written
# from the papers' formulas with numpy and scipy; nothing here reads
# evstudy's C sources.  Used by tests/golden-volatility.sh.
#
# Usage: python3 tests/reference/volatility.py SHARED_DATA_DIR OUTDIR [GARCH_PARAMS]
#
# Data.  Prices: "Adj Close", else "Close", else "close"; rows with an empty price
#   dropped.  Simple returns P1/P0 - 1 on the dates the stock and SPY
#   share.  Day 0: the first common date on or after the event date
#   (2025-01-27, tests/fixtures/events/selloff.csv); relative day k is
#   return i0 + k.  Estimation returns i0-250 .. i0-11 (T = 240) unless
#   stated; windows [-1,1], [0,0], [0,1], [-5,5]; days -10..10.
# Market model (MacKinlay 1997): OLS of R on (1, Rm); s^2 = SSR/(T-2);
#   se_t^2 = s^2 (1 + 1/T + (Rm_t - mean Rm)^2 / Sxx) (eq. 9); df = T-2.
# Fama-French five factors (2015): y = R - RF on x = (1, Mkt-RF, SMB,
#   HML, RMW, CMA), Ken French's daily file / 100; each factor of the
#   return spanning D[i-1]..D[i] compounded, prod(1 + f_d) - 1 over the
#   factor dates D[i-1] < d <= D[i]; theta by least squares, s^2 =
#   SSR/(T-6), C = s^2 (X'X)^-1; AR_t = y_t - x_t'theta; se_t^2 = s^2 +
#   x_t' C x_t; df = T - 6.
# GARCH(1,1) market model (Bollerslev 1986): the parameters (alpha,
#   beta, omega, a, b) are NOT estimated here: they are evstudy's own
#   maximum-likelihood estimates, read from GARCH_PARAMS (written from
#   evstudy's --format json by tests/golden-volatility.sh's recipe, see
#   tests/reference/README.md), since an independent optimiser agrees
#   only to ~1e-6 (tests/reference/models.R).  From them, independently:
#   e_t = R_t - alpha - beta Rm_t over the estimation window and after
#   it; h_1 = mean of the T estimation e_t^2; h_t = omega + a e_{t-1}^2
#   + b h_{t-1} through the window and on over the event days with the
#   realised residuals; se_t = sqrt(h_t); df = T - 5.  NVDA's GARCH is
#   degenerate with 240 days (a ~ 0), so this run uses --estimation
#   -300:-11 (T = 290).
# Beaver's U: U_t = (AR_t / se_t)^2; over window [a,b] of L days Ubar =
#   mean U_t, u_p = P(F(L, df) > Ubar) (scipy.stats.f.sf).
# Across pairs (market model, NVDA AMD AVGO TSM MSFT vs SPY): mean Ubar;
#   u_t = cross-sectional t of Ubar_i - df_i/(df_i - 2) (the mean of
#   F(L, df)), N-1 df, two-sided; u_sign: K = #{Ubar_i > 1} against the
#   Poisson-binomial with p_i = P(F(L, df_i) > 1), here computed by
#   enumerating every subset of the N = 5 pairs (a different method from
#   evstudy's recursion), two-sided p = min(1, 2 min(P(K<=k), P(K>=k))).
# Output: CSV with 17 significant digits:
#   volatility-{market,ff5,garch}-ar.csv   ticker,day,date,ar,se,u
#   volatility-{market,ff5,garch}-car.csv  ticker,window_start,window_end,df,u,u_p
#   volatility-market-agg.csv  window_start,window_end,n,u_mean,u_t,u_t_p,u_share,u_expect,u_sign,u_sign_p
import csv
import itertools
import os
import sys

import numpy as np
from scipy import stats

if len(sys.argv) < 3:
    sys.exit("usage: volatility.py SHARED_DATA_DIR OUTDIR [GARCH_PARAMS]")
shared, outdir = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
garch_params = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "expected", "volatility-garch-params.csv")
os.makedirs(outdir, exist_ok=True)
EVENT = "2025-01-27"
WINDOWS = [(-1, 1), (0, 0), (0, 1), (-5, 5)]
DAYS = range(-10, 11)


def g(x):
    return "%.17g" % x


def prices(ticker):
    with open(os.path.join(shared, "prices", ticker + ".csv"), newline="") as f:
        rows = list(csv.reader(f))
    h = rows[0]
    col = next(h.index(c) for c in ("Adj Close", "Close", "close") if c in h)
    return {r[0]: float(r[col]) for r in rows[1:] if r[col] != ""}


def aligned(ticker):
    s, m = prices(ticker), prices("SPY")
    d = sorted(set(s) & set(m))
    R = np.array([np.nan] + [s[d[i]] / s[d[i - 1]] - 1 for i in range(1, len(d))])
    Rm = np.array([np.nan] + [m[d[i]] / m[d[i - 1]] - 1 for i in range(1, len(d))])
    i0 = next(i for i, x in enumerate(d) if x >= EVENT)
    return d, R, Rm, i0


def french():
    path = os.path.join(shared, "factors", "F-F_Research_Data_5_Factors_2x3_daily.csv")
    out, names = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith(",") and names is None:
            names = [x.strip() for x in line.split(",")[1:]]
        elif len(line) > 8 and line[:8].isdigit() and line[8] == ",":
            v = [float(x) for x in line.split(",")[1:]]
            k = line[:4] + "-" + line[4:6] + "-" + line[6:8]
            out[k] = dict(zip(names, [np.nan if x in (-99.99, -999) else x / 100 for x in v]))
    return out


def write(name, header, rows):
    with open(os.path.join(outdir, name), "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def beaver(ticker, ar, se, df, d, i0, rows_ar, rows_car):
    for k in DAYS:
        i = i0 + k
        rows_ar.append([ticker, str(k), d[i], g(ar[i]), g(se[i]), g((ar[i] / se[i]) ** 2)])
    ubar = {}
    for a, b in WINDOWS:
        L = b - a + 1
        u = np.mean([(ar[i0 + k] / se[i0 + k]) ** 2 for k in range(a, b + 1)])
        ubar[(a, b)] = u
        rows_car.append([ticker, str(a), str(b), "%d" % df, g(u), g(stats.f.sf(u, L, df))])
    return ubar


def market(ticker, rows_ar, rows_car):
    d, R, Rm, i0 = aligned(ticker)
    e = slice(i0 - 250, i0 - 10)
    y, x = R[e], Rm[e]
    T = len(y)
    xb = x.mean()
    Sxx = ((x - xb) ** 2).sum()
    beta = ((x - xb) * (y - y.mean())).sum() / Sxx
    alpha = y.mean() - beta * xb
    s2 = ((y - alpha - beta * x) ** 2).sum() / (T - 2)
    ar = R - alpha - beta * Rm
    se = np.sqrt(s2 * (1 + 1 / T + (Rm - xb) ** 2 / Sxx))
    return beaver(ticker, ar, se, T - 2, d, i0, rows_ar, rows_car), T - 2


def ff5(ticker, rows_ar, rows_car):
    d, R, Rm, i0 = aligned(ticker)
    F = french()
    fdates = sorted(F)
    names = ["Mkt-RF", "SMB", "HML", "RMW", "CMA"]
    n = len(d)
    X = np.full((n, 6), np.nan)
    RF = np.full(n, np.nan)
    for i in range(max(1, i0 - 260), min(n, i0 + 20)):
        inside = [x for x in fdates if d[i - 1] < x <= d[i]]
        if d[i] not in F or not inside:
            continue
        X[i, 0] = 1
        for j, nm in enumerate(names):
            X[i, j + 1] = np.prod([1 + F[x][nm] for x in inside]) - 1
        RF[i] = np.prod([1 + F[x]["RF"] for x in inside]) - 1
    y = R - RF
    e = [i for i in range(i0 - 250, i0 - 10) if np.all(np.isfinite(X[i]))]
    Xe, ye = X[e], y[e]
    T, k = Xe.shape
    XtXi = np.linalg.inv(Xe.T @ Xe)
    theta = XtXi @ Xe.T @ ye
    s2 = ((ye - Xe @ theta) ** 2).sum() / (T - k)
    C = s2 * XtXi
    ar = y - X @ theta
    se = np.sqrt(s2 + np.einsum("ij,jk,ik->i", X, C, X))
    return beaver(ticker, ar, se, T - k, d, i0, rows_ar, rows_car)


def garch(ticker, p, rows_ar, rows_car):
    d, R, Rm, i0 = aligned(ticker)
    lo, hi = i0 - 300, i0 - 11
    T = hi - lo + 1
    e = R - p["alpha"] - p["beta"] * Rm
    h = np.full(len(d), np.nan)
    h[lo] = np.mean(e[lo:hi + 1] ** 2)
    for i in range(lo + 1, i0 + 11):
        h[i] = p["omega"] + p["arch"] * e[i - 1] ** 2 + p["garch"] * h[i - 1]
    return beaver(ticker, e, np.sqrt(h), T - 5, d, i0, rows_ar, rows_car)


AR_H = ["ticker", "day", "date", "ar", "se", "u"]
CAR_H = ["ticker", "window_start", "window_end", "df", "u", "u_p"]

# Market model: the five chip and software stocks of the selloff.
rows_ar, rows_car, ubars, dfs = [], [], [], []
for t in ["NVDA", "AMD", "AVGO", "TSM", "MSFT"]:
    u, df = market(t, rows_ar, rows_car)
    ubars.append(u)
    dfs.append(df)
write("volatility-market-ar.csv", AR_H, rows_ar)
write("volatility-market-car.csv", CAR_H, rows_car)

agg = []
for a, b in WINDOWS:
    L = b - a + 1
    x = np.array([u[(a, b)] for u in ubars])
    df = np.array(dfs, dtype=float)
    dev = x - df / (df - 2)
    N = len(x)
    t = dev.mean() / (dev.std(ddof=1) / np.sqrt(N))
    tp = 2 * stats.t.sf(abs(t), N - 1)
    q = np.array([stats.f.sf(1.0, L, v) for v in df])
    k = int((x > 1).sum())
    dist = np.zeros(N + 1)
    for pick in itertools.product([0, 1], repeat=N):
        dist[sum(pick)] += np.prod([q[i] if pick[i] else 1 - q[i] for i in range(N)])
    p = min(1.0, 2 * min(dist[:k + 1].sum(), dist[k:].sum()))
    agg.append([str(a), str(b), str(N), g(x.mean()), g(t), g(tp), g(k / N), g(q.mean()), str(k), g(p)])
write("volatility-market-agg.csv",
      ["window_start", "window_end", "n", "u_mean", "u_t", "u_t_p", "u_share", "u_expect", "u_sign", "u_sign_p"],
      agg)

rows_ar, rows_car = [], []
ff5("NVDA", rows_ar, rows_car)
write("volatility-ff5-ar.csv", AR_H, rows_ar)
write("volatility-ff5-car.csv", CAR_H, rows_car)

with open(garch_params, newline="") as f:
    P = {r["ticker"]: {k: float(v) for k, v in r.items() if k != "ticker"} for r in csv.DictReader(f)}
rows_ar, rows_car = [], []
for t in P:
    garch(t, P[t], rows_ar, rows_car)
write("volatility-garch-ar.csv", AR_H, rows_ar)
write("volatility-garch-car.csv", CAR_H, rows_car)
