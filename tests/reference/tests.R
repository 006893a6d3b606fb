#!/usr/bin/env Rscript
# tests/reference/tests.R -- independent reference for evstudy's aggregate
# tests (tests/stats-*.sh).  Base R only; nothing here reads evstudy's C.
#
# Usage: Rscript tests/reference/tests.R SHARED_DATA_DIR OUTDIR
# Writes, in evstudy's `--format csv --table tests` layout
# (group_by,group,kind,day,window_start,window_end,n,mean,test,statistic,df,p,p_adj):
#   five-tests.csv    NVDA AMD AVGO TSM MSFT vs SPY, one event 2025-01-27
#                     (tests/fixtures/events/selloff.csv), windows -1:1 0:0
#                     0:1 -5:5 -10:10, days -10..10
#   nvda-tests.csv    NVDA alone, same event: the placebo test
#   five-adjust-holm.csv, five-adjust-bh.csv  the window rows of
#                     five-tests.csv with p_adj from p.adjust
#   clipped-tests.csv NVDA AVGO TSM vs SPY, one event 2021-12-01
#                     (tests/fixtures/events/stats-clipped.csv): SPY.csv starts
#                     2021-01-04, so the estimation windows are clipped to
#                     219, 152 and 219 days (an unbalanced panel)
#   groups-tests.csv  NVDA AMD MSFT vs SPY, tests/fixtures/events/stats-groups.csv
#                     (events on different dates, one per series only,
#                     grouped by its `type` column), default windows
#   volume-five-tests.csv  the five-tests.csv case on abnormal log volume
#                     (--measure volume): r = ln(1 + V), rm = ln(1 + V_SPY) on
#                     the dates both have a volume (make_volume_pair)
#
# Study (as evstudy's README; MacKinlay 1997): simple returns on the dates a
# series and SPY share; day 0 = first common date >= the event date;
# estimation = relative days -250..-11 (T = 240); OLS market model with
# s^2 = SSR/(T-2); se_t = s sqrt(1 + 1/T + (Rm_t - mean Rm)^2 / Sxx);
# Var(CAR) = s^2 (L + L^2/T + (sum Rm - L mean Rm)^2 / Sxx).
#
# Statistics, for a day (x_i = AR_i, L = 1) or a window (x_i = CAR_i), over
# the N pairs of a group, aligned in relative days (R code below is the
# specification; each names its paper):
#   t        mean(x) / (sd(x)/sqrt(N)), t(N-1)
#   bw1980   mean(x) / (sqrt(L) sqrt(sum var_i)/N), var_i = var(est AR_i),
#            t(M-1), M estimation days          Brown & Warner 1980
#   bw1985   mean(x) / (sqrt(L) sd(AAR_est)), t(M-1)   Brown & Warner 1985
#   patell   sum_i sum_t SAR_it / sqrt(L sum_i df_i/(df_i-2)), SAR = AR/se,
#            N(0,1)                              Patell 1976
#   patell_kp  patell / sqrt(1+(N-1)r): Var(sum of N unit-variance SARs
#            with mean correlation r) = N(1+(N-1)r); Patell's variances are
#            time-series ones, so no (1-r) factor       Kolari & Pynnonen 2010
#   bmp_kp   bmp * sqrt((1-r)/(1+(N-1)r)), the (1-r) correcting BMP's
#            cross-sectional variance               Kolari & Pynnonen 2010 eq. 11
#            r = mean over all pairs of pairs of cor(estimation residuals)
#            on their common dates when the two share day 0, else 0
#   bmp      t of SAR (day) or SCAR = CAR/se(CAR) (window), t(N-1)
#                                                Boehmer, Musumeci & Poulsen 1991
#   skew_t   sqrt(N) (S + g S^2/3 + g/(6N)), S = mean/sd, g = sum (x-m)^3/(N sd^3),
#            t(N-1)                              Lyon, Barber & Tsai 1999 eq. 5
#   hall_t   sqrt(N) (S + g S^2/3 + g^2 S^3/27 + g/(6N)), t(N-1)   Hall 1992
#   lamb     (1/sqrt(L)) sum_t AAR_t / (sd(AAR_est) sqrt(c_t)),
#            c_t = mean_i (se_it/s_i)^2, N(0,1)  Lamb 1995
#   sign     w = #x > 0, p from binom(N, 1/2)
#   sign_z   (w - N/2)/sqrt(N/4), N(0,1)
#   gsign    (w - N p)/sqrt(N p (1-p)), p = share of positive estimation ARs,
#            N(0,1)                              Cowan 1992
#   csign    G = sign(AR - median of pair's est+event ARs); g_t = sum_i G_it /
#            sqrt(N_t); Z = sum_{t in W} g_t / sqrt(L) / sqrt(mean_t g_t^2)
#                                                Corrado & Zivney 1992
#   rank     K = rank in pair's est+event period; D_t = mean_i (K_it - (M_i+1)/2);
#            Z = sqrt(L) mean_{t in W} D_t / sqrt(mean_t D_t^2)
#                                                Corrado 1989; Cowan 1992
#   czrank   as csign with U = rank/(M_i+1) - 1/2 of standardized returns:
#            estimation AR/s_i, event AR/se_it divided by the day's
#            cross-sectional sd                  Corrado & Zivney 1992
#   grank    estimation AR/s_i and one generalized SAR = SCAR / sd_i(SCAR);
#            U = rank/(T_i+2) - 1/2; T = the days with data, the
#            estimation days plus the event observation (T_i + 1 = 241 for
#            240 estimation days); S^2 = (1/T) sum_t (N_t/N) Ubar_t^2;
#            Z = Ubar_0/S; t = Z sqrt((T-2)/(T-1-Z^2)), t(T-2)
#                                                Kolari & Pynnonen 2011 eq. 9-14
#   wilcoxon W+ = sum of ranks of |x| for x > 0, p from psignrank
#   wilcoxon_z (W+ - n(n+1)/4 - sign/2) / sqrt(n(n+1)(2n+1)/24 - sum(t^3-t)/48),
#            N(0,1), n the non-zero x, t the tie group sizes   Lehmann 1975
#   placebo  (single pair) windows of L days tiled from the start of each
#            stretch of the series outside the estimation window, the event
#            period (the windows' span) and the tested days;
#            k = #{|CAR_j| >= |CAR|}, p = (k+1)/(n+1)
# The ranking period is fixed by the study, never by --ar-days: for a day
# inside the windows' span, the estimation window plus that span; for a
# day outside it, the same plus the day itself; for a window, the
# estimation window plus the window's days.

options(warn = 2)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) {
  cat("usage: Rscript tests/reference/tests.R SHARED_DATA_DIR OUTDIR\n", file = stderr())
  quit(status = 2)
}
prices_dir <- file.path(args[1], "prices")
outdir <- args[2]
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) == 1) dirname(normalizePath(f)) else getwd()
})
fixtures <- file.path(script_dir, "..", "fixtures", "events")

read_prices <- function(file) {
  path <- file.path(prices_dir, file)
  hdr <- strsplit(readLines(path, n = 1), ",", fixed = TRUE)[[1]]
  col <- match("Adj Close", hdr)
  if (is.na(col)) col <- match("Close", hdr)
  if (is.na(col)) col <- match("close", hdr)
  df <- read.csv(path, header = FALSE, skip = 1, colClasses = "character")
  keep <- df[[col]] != ""
  vc <- match("Volume", hdr)
  if (is.na(vc)) vc <- match("volume", hdr)
  list(ticker = sub("\\.csv$", "", file), date = substr(df[[1]], 1, 10)[keep],
       price = as.numeric(df[[col]][keep]),
       volume = ifelse(df[[vc]][keep] == "", NA, as.numeric(df[[vc]][keep])))
}

# One pair: ARs and se on every common date, day-0 index, fit.
make_pair <- function(S, M, event_date, label, type) {
  D <- sort(intersect(S$date, M$date))
  P <- S$price[match(D, S$date)]; Pm <- M$price[match(D, M$date)]
  n <- length(D)
  r <- c(NA, P[-1] / P[-n] - 1); rm <- c(NA, Pm[-1] / Pm[-n] - 1)
  fit_pair(S, D, r, rm, event_date, label, type)
}

# --measure volume (issue 12): the same pair on log volume, r = ln(1 + V)
# and rm = ln(1 + V_m), on the dates where both have a volume, the first
# of them only opening the series as for returns (Ajinkya & Jain 1989;
# Campbell & Wasley 1996).  The tests then run on these ARs unchanged.
make_volume_pair <- function(S, M, event_date, label, type) {
  D <- sort(intersect(S$date[!is.na(S$volume)], M$date[!is.na(M$volume)]))
  r <- c(NA, log1p(S$volume[match(D, S$date)])[-1])
  rm <- c(NA, log1p(M$volume[match(D, M$date)])[-1])
  fit_pair(S, D, r, rm, event_date, label, type)
}

fit_pair <- function(S, D, r, rm, event_date, label, type) {
  i0 <- which(D >= event_date)[1]
  est <- max(2, i0 - 250):(i0 - 11)        # clipped at the first return
  stopifnot(length(est) >= 120)
  fit <- lm.fit(cbind(1, rm[est]), r[est])
  a <- fit$coefficients[1]; b <- fit$coefficients[2]
  T <- length(est); s <- sqrt(sum(fit$residuals^2) / (T - 2))
  mRm <- mean(rm[est]); Sxx <- sum((rm[est] - mRm)^2)
  ar <- r - a - b * rm
  se <- s * sqrt(1 + 1 / T + (rm - mRm)^2 / Sxx)
  list(ticker = S$ticker, label = label, type = type, D = D, ar = ar, se = se,
       i0 = i0, est = est, T = T, s = s, df = T - 2, day0 = D[i0],
       varcar = function(i) s^2 * (length(i) + length(i)^2 / T +
                                   (sum(rm[i]) - length(i) * mRm)^2 / Sxx))
}

at <- function(p, k) { i <- p$i0 + k; if (i >= 2 && i <= length(p$ar)) p$ar[i] else NA }
se_at <- function(p, k) p$se[p$i0 + k]
est_days <- function(p) p$est - p$i0

kp_r <- function(pairs) {
  N <- length(pairs); if (N < 2) return(NA)
  rs <- c()
  for (a in 1:(N - 1)) for (b in (a + 1):N) {
    p <- pairs[[a]]; q <- pairs[[b]]
    if (p$day0 != q$day0) { rs <- c(rs, 0); next }
    common <- intersect(p$D[p$est], q$D[q$est])
    rs <- c(rs, cor(p$ar[match(common, p$D)], q$ar[match(common, q$D)]))
  }
  mean(rs)
}

# Matrix pairs x days over estimation days elo..ehi then event days PER.
panel <- function(pairs, per, f_est, f_ev) {
  elo <- min(sapply(pairs, function(p) min(est_days(p))))
  ehi <- max(sapply(pairs, function(p) max(est_days(p))))
  t(sapply(pairs, function(p) {
    c(sapply(elo:ehi, function(k) if (k %in% est_days(p)) f_est(p, k) else NA),
      sapply(per, function(k) f_ev(p, k)))
  }))
}

cz_z <- function(Y, cols) {
  g <- apply(Y, 2, function(y) if (all(is.na(y))) NA else sum(y, na.rm = TRUE) / sqrt(sum(!is.na(y))))
  if (all(is.na(g[cols]))) return(NA)
  sum(g[cols], na.rm = TRUE) / sqrt(length(cols)) / sqrt(mean(g^2, na.rm = TRUE))
}

p_z <- function(z) if (is.na(z)) NA else 2 * pnorm(-abs(z))
p_t <- function(t, df) if (is.na(t) || is.na(df)) NA else 2 * pt(-abs(t), df)
row <- function(name, stat, df, p) data.frame(test = name, statistic = stat, df = df, p = p)

cell_tests <- function(pairs, lo, hi, per, window, rbar, placebo_out) {
  N <- length(pairs); L <- hi - lo + 1; days <- lo:hi
  x <- sapply(pairs, function(p) if (window) sum(p$ar[p$i0 + days]) else at(p, lo))
  sx <- sapply(pairs, function(p) if (window) sum(p$ar[p$i0 + days]) / sqrt(p$varcar(p$i0 + days))
                                  else at(p, lo) / se_at(p, lo))
  m <- mean(x); sdx <- if (N > 1) sd(x) else NA
  E <- panel(pairs, per, function(p, k) at(p, k), function(p, k) if (k %in% est_days(p)) NA else at(p, k))
  me <- ncol(E) - length(per)
  aar_est <- colMeans(E[, 1:me, drop = FALSE], na.rm = TRUE)
  Mest <- sum(!is.na(aar_est)); S_est <- sd(aar_est, na.rm = TRUE)
  cols <- me + match(days, per)
  out <- list()
  tt <- if (N > 1) m / (sdx / sqrt(N)) else NA
  out[[1]] <- row("t", tt, if (N > 1) N - 1 else NA, p_t(tt, N - 1))
  v <- sapply(pairs, function(p) var(p$ar[p$est]))
  z <- m / (sqrt(L) * sqrt(sum(v)) / N)
  out[[2]] <- row("bw1980", z, Mest - 1, p_t(z, Mest - 1))
  z <- m / (sqrt(L) * S_est)
  out[[3]] <- row("bw1985", z, Mest - 1, p_t(z, Mest - 1))
  csar <- sapply(pairs, function(p) sum(p$ar[p$i0 + days] / p$se[p$i0 + days]))
  pz <- sum(csar) / sqrt(L * sum(sapply(pairs, function(p) p$df / (p$df - 2))))
  f <- sqrt((1 - rbar) / (1 + (N - 1) * rbar))
  pk <- pz / sqrt(1 + (N - 1) * rbar)
  out[[4]] <- row("patell", pz, NA, p_z(pz))
  out[[5]] <- row("patell_kp", pk, NA, p_z(pk))
  bt <- if (N > 1) mean(sx) / (sd(sx) / sqrt(N)) else NA
  out[[6]] <- row("bmp", bt, if (N > 1) N - 1 else NA, p_t(bt, N - 1))
  out[[7]] <- row("bmp_kp", bt * f, if (N > 1) N - 1 else NA, p_t(bt * f, N - 1))
  sk <- NA
  if (N > 2) { S <- m / sdx; g <- sum((x - m)^3) / (N * sdx^3)
               sk <- sqrt(N) * (S + g * S^2 / 3 + g / (6 * N)) }
  out[[8]] <- row("skew_t", sk, if (N > 2) N - 1 else NA, p_t(sk, N - 1))
  hl <- NA
  if (N > 2) hl <- sqrt(N) * (S + g * S^2 / 3 + g^2 * S^3 / 27 + g / (6 * N))
  out[[length(out) + 1]] <- row("hall_t", hl, if (N > 2) N - 1 else NA, p_t(hl, N - 1))
  lz <- sum(sapply(days, function(k) {
    aar <- mean(sapply(pairs, function(p) at(p, k)))
    ct <- mean(sapply(pairs, function(p) (se_at(p, k) / p$s)^2))
    aar / (S_est * sqrt(ct)) })) / sqrt(L)
  out[[length(out) + 1]] <- row("lamb", lz, NA, p_z(lz))
  w <- sum(x > 0)
  out[[length(out) + 1]] <- row("sign", w, NA,
                   min(1, 2 * min(pbinom(w, N, 0.5), 1 - pbinom(w - 1, N, 0.5))))
  sz <- (w - N / 2) / sqrt(N / 4)
  out[[length(out) + 1]] <- row("sign_z", sz, NA, p_z(sz))
  ph <- mean(unlist(lapply(pairs, function(p) p$ar[p$est] > 0)))
  gz <- (w - N * ph) / sqrt(N * ph * (1 - ph))
  out[[length(out) + 1]] <- row("gsign", gz, NA, p_z(gz))
  G <- t(apply(E, 1, function(y) sign(y - median(y, na.rm = TRUE))))
  cz <- cz_z(G, cols)
  out[[length(out) + 1]] <- row("csign", cz, NA, p_z(cz))
  K <- t(apply(E, 1, function(y) { k <- rank(y, na.last = "keep"); k - (sum(!is.na(y)) + 1) / 2 }))
  Dt <- colMeans(K, na.rm = TRUE)
  rz <- sqrt(L) * mean(Dt[cols]) / sqrt(mean(Dt^2, na.rm = TRUE))
  out[[length(out) + 1]] <- row("rank", rz, NA, p_z(rz))
  Z <- panel(pairs, per, function(p, k) at(p, k) / p$s,
             function(p, k) if (k %in% est_days(p)) NA else at(p, k) / se_at(p, k))
  for (j in (me + 1):ncol(Z)) Z[, j] <- Z[, j] / (if (N > 1) sd(Z[, j], na.rm = TRUE) else NA)
  U <- t(apply(Z, 1, function(y) rank(y, na.last = "keep") / (sum(!is.na(y)) + 1) - 0.5))
  cr <- cz_z(U, cols)
  out[[length(out) + 1]] <- row("czrank", cr, NA, p_z(cr))
  gs <- sx / (if (N > 1) sd(sx) else NA)
  Gm <- cbind(E[, 1:me, drop = FALSE] / sapply(pairs, function(p) p$s), gs)
  Ug <- t(apply(Gm, 1, function(y) rank(y, na.last = "keep") / (sum(!is.na(y)) + 1) - 0.5))
  Nt <- colSums(!is.na(Ug)); Ub <- colMeans(Ug, na.rm = TRUE)
  ok <- Nt > 0
  Sg <- sqrt(sum((Nt[ok] / N) * Ub[ok]^2) / sum(ok))
  gz <- Ub[ncol(Ug)] / Sg; Tg <- sum(ok)
  gt <- gz * sqrt((Tg - 2) / (Tg - 1 - gz^2))
  out[[length(out) + 1]] <- row("grank_t", gt, Tg - 2, p_t(gt, Tg - 2))
  out[[length(out) + 1]] <- row("grank_z", gz, NA, p_z(gz))
  nz <- x[x != 0]; rk <- rank(abs(nz)); W <- sum(rk[nz > 0]); n <- length(nz)
  out[[length(out) + 1]] <- row("wilcoxon", W, NA, min(1, 2 * min(psignrank(W, n), 1 - psignrank(W - 1, n))))
  tg <- table(abs(nz)); d <- W - n * (n + 1) / 4
  wz <- if (d == 0) 0 else (d - sign(d) * 0.5) / sqrt(n * (n + 1) * (2 * n + 1) / 24 - sum(tg^3 - tg) / 48)
  out[[length(out) + 1]] <- row("wilcoxon_z", wz, NA, p_z(wz))
  if (N == 1) out[[length(out) + 1]] <- placebo(pairs[[1]], L, x, placebo_out)
  res <- do.call(rbind, out)
  res$n <- N; res$mean <- m
  res
}

placebo <- function(p, L, car0, per) {
  k <- seq_along(p$ar) - p$i0
  ok <- seq_along(p$ar) >= 2 & !(k %in% est_days(p)) & !(k %in% per)
  cars <- c(); i <- 1; n <- length(ok)
  while (i + L - 1 <= n) {
    blk <- i:(i + L - 1)
    if (all(ok[blk])) { cars <- c(cars, sum(p$ar[blk])); i <- i + L }
    else i <- i + which(!ok[blk])[1]
  }
  kk <- sum(abs(cars) >= abs(car0))
  row("placebo", kk, NA, (kk + 1) / (length(cars) + 1))
}

group_rows <- function(pairs, by, name, windows) {
  rbar <- kp_r(pairs)
  span <- range(unlist(windows))
  span_days <- span[1]:span[2]
  out <- list()
  for (d in -10:10) {
    per_days <- if (d %in% span_days) span_days else c(span_days, d)
    r <- cell_tests(pairs, d, d, per_days, FALSE, rbar, per_days)
    out[[length(out) + 1]] <- cbind(kind = "day", day = d, ws = NA, we = NA, r)
  }
  for (w in windows) {
    r <- cell_tests(pairs, w[1], w[2], w[1]:w[2], TRUE, rbar, span_days)
    out[[length(out) + 1]] <- cbind(kind = "window", day = NA, ws = w[1], we = w[2], r)
  }
  res <- do.call(rbind, out)
  cbind(group_by = by, group = name, res)
}

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", as.numeric(x)))
write_tests <- function(res, file) {
  lines <- paste(res$group_by, res$group, res$kind, fmt(res$day), fmt(res$ws), fmt(res$we),
                 res$n, fmt(res$mean), res$test, fmt(res$statistic), fmt(res$df),
                 fmt(res$p), "", sep = ",")
  writeLines(c("group_by,group,kind,day,window_start,window_end,n,mean,test,statistic,df,p,p_adj",
               lines), file.path(outdir, file))
}

SPY <- read_prices("SPY.csv")
defaults <- list(c(-1, 1), c(0, 0), c(0, 1), c(-5, 5))

five <- lapply(c("NVDA.csv", "AMD.csv", "AVGO.csv", "TSM.csv", "MSFT.csv"),
               function(f) make_pair(read_prices(f), SPY, "2025-01-27", "Nvidia selloff", ""))
write_tests(group_rows(five, "", "all", c(defaults, list(c(-10, 10)))), "five-tests.csv")
write_tests(group_rows(five[1], "", "all", defaults), "nvda-tests.csv")

clipped <- lapply(c("NVDA.csv", "AVGO.csv", "TSM.csv"),
                  function(f) make_pair(read_prices(f), SPY, "2021-12-01", "Clipped", ""))
write_tests(group_rows(clipped, "", "all", defaults), "clipped-tests.csv")

ev <- read.csv(file.path(fixtures, "stats-groups.csv"), colClasses = "character")
series <- lapply(c("NVDA.csv", "AMD.csv", "MSFT.csv"), read_prices)
pairs <- list()
for (e in seq_len(nrow(ev))) for (S in series) {
  tk <- strsplit(ev$tickers[e], "[ ;]+")[[1]]
  if (length(tk) == 0 || S$ticker %in% tk)
    pairs[[length(pairs) + 1]] <- make_pair(S, SPY, ev$date[e], ev$label[e], ev$type[e])
}
res <- group_rows(pairs, "", "all", defaults)
for (ty in unique(sapply(pairs, `[[`, "type")))
  res <- rbind(res, group_rows(pairs[sapply(pairs, `[[`, "type") == ty], "type", ty, defaults))
write_tests(res, "groups-tests.csv")

# --adjust: for the five-stock case, each test's window p-values adjusted
# across the five windows with R's p.adjust (Holm 1979; Benjamini and
# Hochberg 1995), written as evstudy --table tests rows for --adjust holm
# and --adjust bh (p_adj filled).
five_res <- group_rows(five, "", "all", c(defaults, list(c(-10, 10))))
for (method in c("holm", "BH")) {
  r <- five_res[five_res$kind == "window", ]
  r$p_adj <- NA
  for (tn in unique(r$test)) {
    j <- r$test == tn
    r$p_adj[j] <- p.adjust(r$p[j], method = method)
  }
  lines <- paste(r$group_by, r$group, r$kind, fmt(r$day), fmt(r$ws), fmt(r$we),
                 r$n, fmt(r$mean), r$test, fmt(r$statistic), fmt(r$df),
                 fmt(r$p), fmt(r$p_adj), sep = ",")
  writeLines(c("group_by,group,kind,day,window_start,window_end,n,mean,test,statistic,df,p,p_adj",
               lines), file.path(outdir, paste0("five-adjust-", tolower(method), ".csv")))
}

# --measure volume: the five stocks of five-tests.csv on abnormal log
# volume (market model on SPY's log volume), the same windows and days.
five_volume <- lapply(c("NVDA.csv", "AMD.csv", "AVGO.csv", "TSM.csv", "MSFT.csv"),
                      function(f) make_volume_pair(read_prices(f), SPY, "2025-01-27",
                                                   "Nvidia selloff", ""))
write_tests(group_rows(five_volume, "", "all", c(defaults, list(c(-10, 10)))),
            "volume-five-tests.csv")
