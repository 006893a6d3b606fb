#!/usr/bin/env python3
"""intraday.py -- an independent computation of evstudy's intraday study
(issue 16) on the bars of tests/bargen, for tests/intraday-study.sh.

Usage: intraday.py [--log] [--seasonal MINUTES | --volume] EVENTS OUTPREFIX SERIES...
  (--aggregate first: also OUTPREFIX-aggregate.csv, below)
  SERIES is STOCK_CSV:MARKET_CSV:TZ (MARKET_CSV '-' for the mean model),
  bar files in Polygon's flat-file layout as bargen writes them.
Writes OUTPREFIX-ar.csv and OUTPREFIX-car.csv in evstudy's intraday CSV
layout for --window 0:0 --window 0:4 --window -30:60 --window -30m:2h,
--align start, 10 estimation sessions ending 30 minutes before bar 0,
overnight returns left out of the estimation.

Written from the formulas, not from evstudy's code:
  returns R_k = P_k / P_{k-1} - 1 on the times stock and market share
  (with --log, evstudy's --returns log: R_k = ln(P_k / P_{k-1}));
  market model by least squares (numpy.linalg.lstsq) of R on (1, Rm),
  s^2 = SSR / (T - 2); mean model mu = mean R, s^2 with T - 1 df;
  Var(AR_k) = s^2 + x_k' C x_k with C = s^2 (X'X)^{-1}, and
  Var(CAR) = L s^2 + u' C u, u = sum of the window's x_k
  (Campbell, Lo & MacKinlay 1997, eq. 4.4.7-4.4.11; MacKinlay 1997);
  p two-sided from Student's t with the model's df (scipy.stats.t).
With --seasonal W: returns are standardised per time-of-day bin,
y = (R - mean_b) / sd_b with the sample mean and sd (ddof 1) of the
estimation returns in bin b (bin 0: first bars of sessions; else
1 + local minute // W; a bin with fewer than 2 returns or no variance
takes the whole window's), the market's likewise; the model is fitted on
the standardised returns, AR_k = sd_b (y_k - x_k' theta), Var(AR_k) =
sd_b^2 (s^2 + x_k' C x_k), Var(CAR) = s^2 sum sd_b^2 + u' C u with
u = sum sd_b x_k (the covariance D (s^2 I + X C X') D, D = diag(sd_b)).
With --aggregate: across the pairs studied (skipped ones left out), per
window the CAAR (mean CAR of the pairs with bars in it) and per relative
bar the AAR, each with scipy.stats.ttest_1samp of the values (the
cross-sectional t) and of the values over their se (Boehmer, Musumeci &
Poulsen 1991), the sign test (W positives, p = 2 min(P(<= W), P(>= W))
under Binomial(N, 1/2), scipy.stats.binom) and Wilcoxon's W+ (the sum of
the ranks of |x| of the positive x, scipy.stats.rankdata) with its exact
p, 2 min(P(<= W+), P(>= W+)), from the count of subsets of 1..N with
each sum; with tied |x| (two pairs with the same day 0 and estimation
give the same CAR) the normal approximation of R's wilcox.test
(exact = FALSE, correct = TRUE) instead.
The rest of the aggregate's battery (Patell, Kolari-Pynnonen, skewness-
adjusted t's, generalized sign, Corrado and Corrado-Zivney rank and sign,
GRANK) is in battery() below, each with its paper; with --volume the
residuals are the estimation bars' AV against their bin (and AV / sd_b).
With --volume (the stock alone, 30-minute bins): v = ln(1 + V) on the bars
with a volume; estimation bars as above but first bars of sessions kept;
per bin (first bars their own) the count n_b, mean and sd (ddof 1, the
whole window's when n_b < 2 or sd 0, then n_b = T); AV = v - mean_b,
se = sd_b sqrt(1 + 1/n_b), p with n_b - 1 df; CAV's variance
sum sd_b^2 + sum_b c_b^2 sd_b^2 / n_b, df = T - bins with data.
"""
import csv
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import numpy as np
from scipy import stats

WINDOWS = [("0:0", False, 0, 0), ("0:4", False, 0, 4), ("-30:60", False, -30, 60),
           ("-30m:2h", True, -1800, 7200)]
EST_SESSIONS, EST_GAP, LEN = 10, 1800, 60


def read_bars(path):
    rows = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows[int(r["window_start"]) // 10**9] = float(r["close"])
    return rows


def iso(t, tz):
    return datetime.fromtimestamp(t, ZoneInfo(tz)).isoformat()


def fmt(x):
    return "" if x is None or not np.isfinite(x) else repr(float(x))


SEASONAL = 0
LOG = False
PAIRS = []     # per pair studied, for the aggregate


def bin_stats(x, bins, nb):
    allm = x.mean()
    alls = x.std(ddof=1) if len(x) > 1 else 1.0
    if not alls > 0:
        alls = 1.0
    mu, sd = np.full(nb, allm), np.full(nb, alls)
    for b in range(nb):
        v = x[bins == b]
        if len(v) > 1 and v.std(ddof=1) > 0:
            mu[b], sd[b] = v.mean(), v.std(ddof=1)
    return mu, sd


def study(ev, stock, market, tz):
    ps = read_bars(stock)
    pm = read_bars(market) if market != "-" else None
    times = sorted(t for t in ps if pm is None or t in pm)
    t = np.array(times, dtype=np.int64)
    s = np.array([ps[x] for x in times])
    m = np.array([pm[x] for x in times]) if pm else None
    zone = ZoneInfo(tz)
    sess = [datetime.fromtimestamp(x, zone).date() for x in times]
    minute = [datetime.fromtimestamp(x, zone).hour * 60 + datetime.fromtimestamp(x, zone).minute
              for x in times]
    instant = int(datetime.fromisoformat(ev["date"]).timestamp())
    k0 = int(np.searchsorted(t, instant, side="left"))
    if LOG:
        r = np.log(s[1:] / s[:-1])
        rm = np.log(m[1:] / m[:-1]) if m is not None else np.zeros(len(r))
    else:
        r = s[1:] / s[:-1] - 1          # r[k-1] is the return of bar k
        rm = m[1:] / m[:-1] - 1 if m is not None else np.zeros(len(r))

    def ranges():
        out = []
        for text, clock, a, b in WINDOWS:
            if clock:
                lo = int(np.searchsorted(t, t[k0] + a, side="left"))
                hi = int(np.searchsorted(t, t[k0] + b, side="right")) - 1
            else:
                lo, hi = k0 + a, k0 + b
            out.append((text, max(lo, 1), min(hi, len(t) - 1)))
        return out

    wins = ranges()
    first_window = min(lo for _, lo, hi in wins if lo <= hi)
    # the sessions before day 0's: the first bar of the 10th of them
    before = sorted(set(x for x in sess[:k0] if x < sess[k0]))
    start_day = before[-EST_SESSIONS] if len(before) >= EST_SESSIONS else before[0]
    est = [k for k in range(1, k0)
           if sess[k] >= start_day and t[k] + LEN <= t[k0] - EST_GAP
           and k < first_window and sess[k] == sess[k - 1]]
    def bin_of(k):
        if not SEASONAL or sess[k] != sess[k - 1]:
            return 0
        return 1 + minute[k] // SEASONAL

    nb = 1 + 1440 // SEASONAL + 1 if SEASONAL else 1
    bins = np.array([bin_of(k) for k in est])
    y = r[[k - 1 for k in est]]
    ymr = rm[[k - 1 for k in est]]
    T = len(y)
    if SEASONAL:
        mu, sd = bin_stats(y, bins, nb)
        mum, sdm = bin_stats(ymr, bins, nb) if m is not None else (np.zeros(nb), np.ones(nb))
    else:
        mu, sd, mum, sdm = np.zeros(1), np.ones(1), np.zeros(1), np.ones(1)
    y = (y - mu[bins]) / sd[bins]
    ymr = (ymr - mum[bins]) / sdm[bins]
    if m is not None:
        X = np.column_stack([np.ones(T), ymr])
        theta = np.linalg.lstsq(X, y, rcond=None)[0]
        resid = y - X @ theta
        df = T - 2
        s2 = resid @ resid / df
        C = s2 * np.linalg.inv(X.T @ X)
        alpha, beta = theta
    else:
        df = T - 1
        alpha, beta = y.mean(), None
        s2 = ((y - alpha) ** 2).sum() / df
        C = np.array([[s2 / T]])

    def std(k):
        b = bin_of(k)
        ym = (rm[k - 1] - mum[b]) / sdm[b] if m is not None else 0.0
        return (r[k - 1] - mu[b]) / sd[b], ym, sd[b]

    def x_of(k):
        _, ym, _ = std(k)
        return np.array([1.0, ym]) if m is not None else np.array([1.0])

    def ar_of(k):
        yk, ym, sk = std(k)
        return sk * (yk - (alpha + beta * ym if m is not None else alpha))

    lo = min(a for _, a, b in wins if a <= b)
    hi = max(b for _, a, b in wins if a <= b)
    ars = []
    for k in range(lo, hi + 1):
        ar = ar_of(k)
        x = x_of(k)
        se = std(k)[2] * np.sqrt(s2 + x @ C @ x)
        tt = ar / se
        ars.append([ev["row"], ev["label"], ev["ticker"], k - k0, iso(t[k], tz), fmt(r[k - 1]),
                    fmt(rm[k - 1]) if m is not None else "", fmt(r[k - 1] - ar), fmt(ar),
                    fmt(se), fmt(tt), fmt(2 * stats.t.sf(abs(tt), df)), iso(t[k - 1] + LEN, tz),
                    "yes" if sess[k] != sess[k - 1] else "no"])
    cars = []
    for text, a, b in wins:
        ks = range(a, b + 1)
        L = len(ks)
        car = sum(ar_of(k) for k in ks)
        u = sum(std(k)[2] * x_of(k) for k in ks)
        se = np.sqrt(s2 * sum(std(k)[2] ** 2 for k in ks) + u @ C @ u)
        tt = car / se
        cars.append([ev["row"], ev["label"], ev["ticker"], ev["date"], iso(t[k0], tz), text,
                     iso(t[a], tz), iso(t[b], tz), L, fmt(car), fmt(se), fmt(tt), fmt(df),
                     fmt(2 * stats.t.sf(abs(tt), df)), T, fmt(alpha),
                     fmt(beta) if beta is not None else "", fmt(np.sqrt(s2)), "ok", ""])
    # the estimation residuals for the aggregate's rank, sign and
    # correlation tests: (start, bar relative to day 0, AR, AR / (sd_b s))
    PAIRS.append({"t0": int(t[k0]), "df": df,
                  "est": [(int(t[k]), k - k0, ar_of(k), ar_of(k) / (std(k)[2] * np.sqrt(s2)))
                          for k in est],
                  "ars": [(k - k0, ar_of(k), float(a[9])) for k, a in zip(range(lo, hi + 1), ars)],
                  "times": [a[4] for a in ars],
                  "cars": {c[5]: c for c in cars}})
    return ars, cars


def volume_study(ev, stock, tz):
    rows = {}
    with open(stock, newline="") as f:
        for r in csv.DictReader(f):
            if r["volume"] not in ("", "null"):
                rows[int(r["window_start"]) // 10**9] = np.log1p(float(r["volume"]))
    times = sorted(rows)
    t = np.array(times, dtype=np.int64)
    v = np.array([rows[x] for x in times])
    zone = ZoneInfo(tz)
    loc = [datetime.fromtimestamp(x, zone) for x in times]
    sess = [d.date() for d in loc]
    minute = [d.hour * 60 + d.minute for d in loc]
    instant = int(datetime.fromisoformat(ev["date"]).timestamp())
    k0 = int(np.searchsorted(t, instant, side="left"))
    wins = []
    for text, clock, a, b in WINDOWS:
        if clock:
            lo = int(np.searchsorted(t, t[k0] + a, side="left"))
            hi = int(np.searchsorted(t, t[k0] + b, side="right")) - 1
        else:
            lo, hi = k0 + a, k0 + b
        wins.append((text, max(lo, 1), min(hi, len(t) - 1)))
    first_window = min(lo for _, lo, hi in wins if lo <= hi)
    before = sorted(set(x for x in sess[:k0] if x < sess[k0]))
    start_day = before[-EST_SESSIONS] if len(before) >= EST_SESSIONS else before[0]
    est = [k for k in range(1, k0)
           if sess[k] >= start_day and t[k] + LEN <= t[k0] - EST_GAP and k < first_window]

    def vb(k):
        return 0 if k == 0 or sess[k] != sess[k - 1] else 1 + minute[k] // 30

    T = len(est)
    ve = v[est]
    allm, alls = ve.mean(), ve.std(ddof=1)
    bins = np.array([vb(k) for k in est])
    n, mean, sd = {}, {}, {}
    used = 0
    for b in range(1 + 1440 // 30 + 1):
        x = ve[bins == b]
        used += len(x) > 0
        own = len(x) > 1 and x.std(ddof=1) > 0
        n[b] = len(x) if own else T
        mean[b] = x.mean() if own else allm
        sd[b] = x.std(ddof=1) if own else alls
    df = T - used
    lo = min(a for _, a, b in wins if a <= b)
    hi = max(b for _, a, b in wins if a <= b)
    ars = []
    for k in range(lo, hi + 1):
        b = vb(k)
        av = v[k] - mean[b]
        se = sd[b] * np.sqrt(1 + 1 / n[b])
        tt = av / se
        ars.append([ev["row"], ev["label"], ev["ticker"], k - k0, iso(t[k], tz), fmt(v[k]),
                    fmt(mean[b]), fmt(av), fmt(se), fmt(tt),
                    fmt(2 * stats.t.sf(abs(tt), n[b] - 1)), fmt(np.exp(av)), "no"])
    cars = []
    for text, a, b in wins:
        ks = range(a, b + 1)
        cav = sum(v[k] - mean[vb(k)] for k in ks)
        cnt = {}
        for k in ks:
            cnt[vb(k)] = cnt.get(vb(k), 0) + 1
        var = sum(sd[vb(k)] ** 2 for k in ks) + sum(c * c * sd[b] ** 2 / n[b] for b, c in cnt.items())
        se = np.sqrt(var)
        tt = cav / se
        cars.append([ev["row"], ev["label"], ev["ticker"], ev["date"], iso(t[k0], tz), text,
                     iso(t[a], tz), iso(t[b], tz), len(ks), fmt(cav), fmt(se), fmt(tt), fmt(df),
                     fmt(2 * stats.t.sf(abs(tt), df)), T, "", "", "", "ok", "", "no"])
    # for the aggregate: the estimation bars' AV against their bin and
    # AV / sd_b; the reported bars' AV and se
    PAIRS.append({"t0": int(t[k0]), "df": df,
                  "est": [(int(t[k]), k - k0, v[k] - mean[vb(k)], (v[k] - mean[vb(k)]) / sd[vb(k)])
                          for k in est],
                  "ars": [(int(a[3]), v[k] - mean[vb(k)], float(a[8]))
                          for k, a in zip(range(lo, hi + 1), ars)],
                  "times": [a[4] for a in ars],
                  "cars": {c[5]: c for c in cars}})
    return ars, cars


def signrank_p(w, n):
    counts = [1] + [0] * (n * (n + 1) // 2)
    for k in range(1, n + 1):
        for total in range(len(counts) - 1, k - 1, -1):
            counts[total] += counts[total - k]
    allc = float(2 ** n)
    lo = sum(counts[: int(w) + 1]) / allc
    hi = sum(counts[int(np.ceil(w)):]) / allc
    return min(1.0, 2 * min(lo, hi))


def agg_row(x, sx):
    x, sx = np.array(x), np.array(sx)
    n = len(x)
    mean = float(np.mean(x)) if n else None
    t = df = p = b = bp = None
    if n > 1:
        r = stats.ttest_1samp(x, 0.0)
        t, df, p = float(r.statistic), float(n - 1), float(r.pvalue)
        r = stats.ttest_1samp(sx, 0.0)
        b, bp = float(r.statistic), float(r.pvalue)
    w = sp = wp = wpp = None
    if n:
        w = float(np.sum(x > 0))
        sp = min(1.0, 2 * min(stats.binom.cdf(w, n, 0.5), stats.binom.sf(w - 1, n, 0.5)))
        nz = x[x != 0]
        rk = stats.rankdata(np.abs(nz))
        wp = float(np.sum(rk[nz > 0]))
        k = len(nz)
        _, tcount = np.unique(np.abs(nz), return_counts=True)
        if np.all(tcount == 1) and k <= 200:
            wpp = signrank_p(wp, k)
        else:
            # ties (or many values): R's wilcox.test(exact = FALSE,
            # correct = TRUE), the variance less sum(t^3 - t) / 48
            d = wp - k * (k + 1) / 4
            sd = np.sqrt(k * (k + 1) * (2 * k + 1) / 24 - np.sum(tcount ** 3 - tcount) / 48)
            z = 0.0 if d == 0 else (d - np.copysign(0.5, d)) / sd
            wpp = float(2 * stats.norm.sf(abs(z)))
    return [n, fmt(mean), fmt(t), fmt(df), fmt(p), fmt(b), fmt(bp), fmt(w), fmt(sp),
            fmt(wp), fmt(wpp)]


def pz(z):
    return None if z is None else 2 * stats.norm.sf(abs(z))


def skew_ts(x):
    """Johnson's (1978) skewness-adjusted t as Lyon, Barber & Tsai (1999,
    eq. 5) write it, and Hall's (1992) monotone cubic:
    S = mean / sd, g = sum (x - mean)^3 / (N sd^3) (sd with ddof 1),
    t = sqrt(N) (S + g S^2 / 3 [+ g^2 S^3 / 27] + g / (6 N)), N - 1 df."""
    n = len(x)
    if n < 3:
        return None, None, None, None
    S = x.mean() / x.std(ddof=1)
    g = np.sum((x - x.mean()) ** 3) / (n * x.std(ddof=1) ** 3)
    sk = np.sqrt(n) * (S + g * S * S / 3 + g / (6 * n))
    ha = np.sqrt(n) * (S + g * S * S / 3 + g * g * S ** 3 / 27 + g / (6 * n))
    return sk, 2 * stats.t.sf(abs(sk), n - 1), ha, 2 * stats.t.sf(abs(ha), n - 1)


def kp_rbar():
    """Kolari & Pynnonen (2010): the mean over all pairs of pairs of the
    correlation of their estimation residuals on the bars both have,
    0 unless their bar 0 begins at the same instant (the same "event
    day"); also the number of pairs sharing bar 0 with another."""
    n = len(PAIRS)
    tot = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            a, b = PAIRS[i], PAIRS[j]
            if a["t0"] != b["t0"]:
                continue
            ta = {e[0]: e[2] for e in a["est"]}
            common = [(ta[e[0]], e[2]) for e in b["est"] if e[0] in ta]
            if len(common) >= 3:
                tot += np.corrcoef(np.array(common).T)[0, 1]
    t0s = [p["t0"] for p in PAIRS]
    clustered = sum(1 for x in t0s if t0s.count(x) > 1)
    return tot / (n * (n - 1) / 2), clustered


def rank_columns():
    """Per pair, its estimation residuals and its reported ARs (the
    windows' span) together, M values: the mid-ranks K (rankdata), the
    Corrado (1989) transform K - (M + 1)/2, the Corrado-Zivney (1992)
    sign of AR - median, and the Corrado-Zivney rank U = K / (M + 1) - 1/2
    of the standardised values (residual / s; event bars AR / se over the
    cross-sectional sd of that bar's AR / se, ddof 1).  Returns, per
    column key ("e", bar) or ("v", bar), the lists of each transform."""
    sd = {}
    for p in PAIRS:
        for rel, ar, se in p["ars"]:
            sd.setdefault(rel, []).append(ar / se)
    sd = {k: np.std(v, ddof=1) if len(v) > 1 else np.nan for k, v in sd.items()}
    cols = {}
    for p in PAIRS:
        keys = [("e", e[1]) for e in p["est"]] + [("v", a[0]) for a in p["ars"]]
        raw = np.array([e[2] for e in p["est"]] + [a[1] for a in p["ars"]])
        std = np.array([e[3] for e in p["est"]] + [a[1] / a[2] / sd[a[0]] for a in p["ars"]])
        M = len(raw)
        K = stats.rankdata(raw)
        med = np.median(raw)
        # a bar that only one pair has has no cross-sectional sd: left out
        ok = np.isfinite(std)
        U = np.full(M, np.nan)
        U[ok] = stats.rankdata(std[ok]) / (ok.sum() + 1) - 0.5
        for key, k, x, u in zip(keys, K, raw, U):
            c = cols.setdefault(key, {"rank": [], "sign": [], "u": []})
            c["rank"].append(k - (M + 1) / 2)
            c["sign"].append(np.sign(x - med))
            if np.isfinite(u):
                c["u"].append(u)
    return cols


def cz_stat(cols, q, lo, hi):
    """Corrado & Zivney (1992): g_t = sum_t / sqrt(N_t) over the pairs
    present, S^2 the mean g_t^2 over all columns, Z = sum of the window's
    g_t / sqrt(L) / S, L = hi - lo + 1 bars."""
    g = {k: np.sum(v[q]) / np.sqrt(len(v[q])) for k, v in cols.items() if v[q]}
    S = np.sqrt(np.mean([x * x for x in g.values()]))
    hit = [g[("v", d)] for d in range(lo, hi + 1) if ("v", d) in g]
    return sum(hit) / np.sqrt(hi - lo + 1) / S if hit else None


def corrado(cols, lo, hi):
    """Corrado (1989), over a window Cowan (1992): D_t the mean of
    K - (M + 1)/2 over the pairs present, S^2 the mean D_t^2 over all
    columns, Z = sqrt(L) mean of the window's D_t / S."""
    d = {k: np.mean(v["rank"]) for k, v in cols.items()}
    S = np.sqrt(np.mean([x * x for x in d.values()]))
    L = hi - lo + 1
    num = sum(d[("v", x)] for x in range(lo, hi + 1) if ("v", x) in d)
    return np.sqrt(L) * (num / L) / S


def grank(members, sx):
    """GRANK, Kolari & Pynnonen (2011, eq. 9-14): GSAR_i = SAR_i (or SCAR_i)
    over the cross-sectional sd of those; per pair the mid-ranks K of its
    T standardised residuals and its GSAR, U = K / (T + 2) - 1/2;
    Ubar_t the mean over the N_t pairs with column t (estimation bars, and
    the event); S^2 = (1/T') sum (N_t / N) Ubar_t^2 over the T' columns,
    Z = Ubar_event / S, t = Z sqrt((T' - 2) / (T' - 1 - Z^2)), T' - 2 df."""
    if len(sx) < 2:     # no cross-sectional sd, no GSAR
        return None, None, None, None, None
    sd = np.std(sx, ddof=1)
    cols = {}
    for p, v in zip(members, sx):
        vals = np.array([e[3] for e in p["est"]] + [v / sd])
        U = stats.rankdata(vals) / (len(vals) + 1) - 0.5
        for key, u in zip([e[1] for e in p["est"]] + ["event"], U):
            cols.setdefault(key, []).append(u)
    N = len(members)
    Tp = len(cols)
    S = np.sqrt(sum(len(u) / N * np.mean(u) ** 2 for u in cols.values()) / Tp)
    z = np.mean(cols["event"]) / S
    t = z * np.sqrt((Tp - 2) / (Tp - 1 - z * z))
    return t, Tp - 2, 2 * stats.t.sf(abs(t), Tp - 2), z, pz(z)


def battery(members, x, sx, csar, lo, hi, phat, rbar, cols):
    """The tests that agg_row does not do, in the CSV's order."""
    x, sx, csar = np.array(x), np.array(sx), np.array(csar)
    n = len(x)
    df = np.array([p["df"] for p in members])
    # Patell (1976): CSAR_i = sum of AR/se over the window / sqrt(L_i),
    # each of variance df/(df - 2); Z = sum CSAR_i / sqrt(sum df/(df - 2))
    pt = csar.sum() / np.sqrt(np.sum(df / (df - 2)))
    ptk = pt / np.sqrt(1 + (n - 1) * rbar)          # Kolari & Pynnonen (2010)
    b = stats.ttest_1samp(sx, 0.0).statistic
    bk = b * np.sqrt((1 - rbar) / (1 + (n - 1) * rbar))  # KP (2010, eq. 11)
    sk, skp, ha, hap = skew_ts(x)
    # Cowan (1992) generalized sign: Z = (W - N phat) / sqrt(N phat (1 - phat))
    w = np.sum(x > 0)
    gs = (w - n * phat) / np.sqrt(n * phat * (1 - phat))
    cs = cz_stat(cols, "sign", lo, hi)
    rk = corrado(cols, lo, hi)
    cz = cz_stat(cols, "u", lo, hi)
    gt, gdf, gtp, gz, gzp = grank(members, sx)
    out = [pt, pz(pt), ptk, pz(ptk), bk, 2 * stats.t.sf(abs(bk), n - 1), sk, skp, ha, hap,
           gs, pz(gs), cs, pz(cs), rk, pz(rk), cz, pz(cz), gt, gdf, gtp, gz, gzp]
    return [fmt(v) for v in out]


def aggregate(ar_rows, car_rows):
    out = []
    allest = [e[2] for p in PAIRS for e in p["est"]]
    phat = np.mean(np.array(allest) > 0)
    rbar, clustered = kp_rbar()
    cols = rank_columns()
    for text, _, _, _ in WINDOWS:
        x, sx, cs, mem = [], [], [], []
        lo, hi = None, None
        for p in PAIRS:
            c = p["cars"][text]
            if c[18] != "ok" or c[9] == "":
                continue
            L = int(c[8])
            # the window's bars: from its first to its last time among the ARs
            i0, i1 = p["times"].index(c[6]), p["times"].index(c[7])
            win = p["ars"][i0:i1 + 1]
            s = 0.0
            for rel, ar, se in win:
                s += ar / se
            lo = min(lo, win[0][0]) if lo is not None else win[0][0]
            hi = max(hi, win[-1][0]) if hi is not None else win[-1][0]
            x.append(float(c[9]))
            sx.append(float(c[9]) / float(c[10]))
            cs.append(s / np.sqrt(L))
            mem.append(p)
        out.append(["caar", text, ""] + agg_row(x, sx) + battery(mem, x, sx, cs, lo, hi, phat, rbar, cols)
                   + [clustered, fmt(rbar)])
    days = [r[0] for p in PAIRS for r in p["ars"]]
    for d in range(min(days), max(days) + 1) if days else []:
        mem = [p for p in PAIRS if any(r[0] == d for r in p["ars"])]
        x = [r[1] for p in mem for r in p["ars"] if r[0] == d]
        sx = [r[1] / r[2] for p in mem for r in p["ars"] if r[0] == d]
        out.append(["aar", "", d] + agg_row(x, sx) + battery(mem, x, sx, sx, d, d, phat, rbar, cols)
                   + [clustered, fmt(rbar)])
    return out


def main():
    global SEASONAL, LOG
    args = sys.argv[1:]
    agg = args[0] == "--aggregate"
    if agg:
        args = args[1:]
    if args[0] == "--log":
        LOG = True
        args = args[1:]
    volume = args[0] == "--volume"
    if volume:
        args = args[1:]
    if args[0] == "--seasonal":
        SEASONAL = int(args[1])
        args = args[2:]
    events, prefix, series = args[0], args[1], args[2:]
    with open(events, newline="") as f:
        evs = list(csv.DictReader(f))
    ar_rows, car_rows = [], []
    for i, e in enumerate(evs, 1):
        for spec in series:
            stock, market, tz = spec.split(":")
            ticker = stock.rsplit("/", 1)[-1].rsplit(".csv", 1)[0]
            if e["tickers"] and ticker not in e["tickers"].split():
                continue
            ev = dict(e, row=i, ticker=ticker)
            a, c = volume_study(ev, stock, tz) if volume else study(ev, stock, market, tz)
            ar_rows += a
            car_rows += c
    with open(prefix + "-ar.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("event,label,ticker,day,time,log_volume,expected,ar,se,t,p,multiple,"
                    "partial_feed" if volume else
                    "event,label,ticker,day,time,return,market_return,expected,ar,se,t,p,"
                    "from,overnight").split(","))
        w.writerows(ar_rows)
    with open(prefix + "-car.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("event,label,ticker,event_date,day0,window,first,last,bars,car,se,t,df,p,"
                    "n_est,alpha,beta,sigma,status,reason" + (",partial_feed" if volume else ""))
                   .split(","))
        w.writerows(car_rows)
    if agg:
        with open(prefix + "-aggregate.csv", "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(("kind,window,day,n,mean,t,df,p,bmp,bmp_p,sign,sign_p,wilcoxon,wilcoxon_p,"
                        "patell,patell_p,patell_kp,patell_kp_p,bmp_kp,bmp_kp_p,skew_t,skew_t_p,"
                        "hall_t,hall_t_p,gsign,gsign_p,csign,csign_p,rank,rank_p,czrank,czrank_p,"
                        "grank_t,grank_t_df,grank_t_p,grank_z,grank_z_p,clustered,kp_rbar")
                       .split(","))
            w.writerows(aggregate(ar_rows, car_rows))


if __name__ == "__main__":
    main()
