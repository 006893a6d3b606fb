#!/usr/bin/env Rscript
# tests/reference/volume.R -- independent reference for evstudy's
# --measure volume (tests/golden-volume.sh).  Base R only (R >= 4.2);
# nothing here reads evstudy's C sources.
#
# Usage: Rscript tests/reference/volume.R SHARED_DATA_DIR OUTDIR
#
# How every number is produced, from the papers' definitions (Ajinkya &
# Jain 1989, "The behavior of daily stock market trading volume", JAE 11;
# Campbell & Wasley 1996, "Measuring abnormal daily trading volume for
# samples of NYSE/ASE and NASDAQ securities using parametric and
# nonparametric test statistics", RQFA 6) with the prediction-error
# variances of MacKinlay (1997):
#
# Volume.  A file's price column is "Adj Close", else "Close", else
#   "close"; a row whose price is empty is not a session of the file.  Its
#   volume column is "Volume" (or "volume").  yfinance files with the
#   three-line Price/Ticker/Date header (HSI.csv) have data from line 4;
#   the date is the first 10 characters of column 1.  v_t = log1p(V_t),
#   the log of one plus the share volume.  An empty volume is a gap: the
#   date has no v_t (it is not a date of the study); a zero volume is a
#   value, v_t = 0.
# Dates.  D = the sorted dates where the series S has a volume and, for the
#   market and market-adjusted models, its market M has one too (the mean
#   model uses S alone).  As for returns, D_0 only opens the series: the
#   values are v at D_1..D_{|D|-1} (index 1-based in R: 2..|D|).
# Day 0.  For event date E, d0 = the first date >= E among S's own dates
#   (every row of S with a price); i0 = the first index with D_i >= d0.
#   Relative day k is index i0 + k.
# Estimation.  Indices i0-250 .. i0-11 (T = 240 here).
#   mean:            alpha = mean(v_est); s^2 = sum((v - alpha)^2)/(T-1);
#                    df = T-1; E[v_t] = alpha; se_t = s sqrt(1 + 1/T);
#                    Var(CAV) = s^2 (L + L^2/T).
#   market:          OLS of v_t on (1, m_t): beta = Sxy/Sxx, alpha =
#                    mean v - beta mean m; s^2 = SSR/(T-2); df = T-2;
#                    se_t = s sqrt(1 + 1/T + (m_t - mean m)^2/Sxx);
#                    Var(CAV) = s^2 (L + L^2/T + (sum m_t - L mean m)^2/Sxx)
#                    (the g'Vg of Campbell, Lo & MacKinlay 1997, eq. 4.4.11,
#                    in closed form).
#   market-adjusted: E[v_t] = m_t; alpha = 0, beta = 1 fixed;
#                    s^2 = var(v - m over the window) (divisor T-1);
#                    df = T-1; se_t = s; Var(CAV) = L s^2.
#   AV_t = v_t - E[v_t]; t = AV/se; p = 2 pt(-|t|, df);
#   multiple = exp(AV_t), the volume as a multiple of its normal level.
#   CAV over [a,b] = sum of AV_t, se = sqrt(Var(CAV)), t, p likewise.
# Output: evstudy's `--format csv` car table (bhar and warnings empty) and
#   `--table ar` (days -10..10) with sprintf("%.17g").
#
# Files written to OUTDIR:
#   nvda-volume-mean-{ar,car}.csv    NVDA, tests/fixtures/events/selloff.csv
#   nvda-volume-market-{ar,car}.csv  NVDA vs SPY, same event
#   nvda-volume-madj-{ar,car}.csv    NVDA vs SPY, market-adjusted
#   baba-9988-volume-{ar,car}.csv    BABA vs SPY and 9988.HK vs HSI, market
#                                    model, tests/fixtures/events/qwen-max.csv
#   baba-9988-volume-{mean,madj}-{ar,car}.csv  the same, mean and
#                                    market-adjusted models
# and prints the multiples of NVDA on 2025-01-27 (the issue's 2.44 and 1.96).

options(warn = 2)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) {
  cat("usage: Rscript tests/reference/volume.R SHARED_DATA_DIR OUTDIR\n", file = stderr())
  quit(status = 2)
}
prices_dir <- file.path(args[1], "prices")
outdir <- args[2]
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

read_volume <- function(file) {
  path <- file.path(prices_dir, file)
  hdr <- strsplit(readLines(path, n = 1), ",", fixed = TRUE)[[1]]
  pc <- match("Adj Close", hdr)
  if (is.na(pc)) pc <- match("Close", hdr)
  if (is.na(pc)) pc <- match("close", hdr)
  vc <- match("Volume", hdr)
  if (is.na(vc)) vc <- match("volume", hdr)
  skip <- if (hdr[1] == "Price") 3 else 1
  df <- read.csv(path, header = FALSE, skip = skip, colClasses = "character")
  df <- df[df[[pc]] != "", ]
  date <- substr(df[[1]], 1, 10)
  V <- ifelse(df[[vc]] == "", NA, as.numeric(df[[vc]]))
  o <- order(date)
  list(ticker = sub("\\.csv$", "", file), sessions = date[o], V = V[o])
}

# One pair: the values, the fit and the ARs on every date of D.
volume_pair <- function(S, M, model, event_date) {
  ok <- !is.na(S$V)
  D <- S$sessions[ok]
  if (model != "mean") D <- intersect(D, M$sessions[!is.na(M$V)])
  D <- sort(D)
  v <- log1p(S$V[match(D, S$sessions)])
  m <- if (model == "mean") rep(NA, length(D)) else log1p(M$V[match(D, M$sessions)])
  v[1] <- NA; m[1] <- NA                 # D_1 only opens the series
  d0 <- S$sessions[S$sessions >= event_date][1]
  i0 <- which(D >= d0)[1]
  est <- (i0 - 250):(i0 - 11)
  stopifnot(min(est) >= 2)
  T <- length(est)
  ve <- v[est]; me <- m[est]
  if (model == "mean") {
    alpha <- mean(ve); beta <- NA; df <- T - 1
    s <- sqrt(sum((ve - alpha)^2) / df)
    expected <- rep(alpha, length(D))
    se <- rep(s * sqrt(1 + 1 / T), length(D))
    varcav <- function(i) s^2 * (length(i) + length(i)^2 / T)
  } else if (model == "market") {
    mm <- mean(me); Sxx <- sum((me - mm)^2)
    beta <- sum((me - mm) * (ve - mean(ve))) / Sxx
    alpha <- mean(ve) - beta * mm; df <- T - 2
    s <- sqrt(sum((ve - alpha - beta * me)^2) / df)
    expected <- alpha + beta * m
    se <- s * sqrt(1 + 1 / T + (m - mm)^2 / Sxx)
    varcav <- function(i) s^2 * (length(i) + length(i)^2 / T + (sum(m[i]) - length(i) * mm)^2 / Sxx)
  } else {
    alpha <- 0; beta <- 1; df <- T - 1
    s <- sd(ve - me)
    expected <- m
    se <- rep(s, length(D))
    varcav <- function(i) length(i) * s^2
  }
  av <- v - expected
  list(ticker = S$ticker, D = D, v = v, m = m, expected = expected, av = av, se = se,
       i0 = i0, T = T, df = df, alpha = alpha, beta = beta, s = s, varcav = varcav)
}

fmt_num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", as.numeric(x)))
fmt_str <- function(x) ifelse(grepl("[,\"\r\n]", x), paste0("\"", gsub("\"", "\"\"", x), "\""), x)
p2 <- function(t, df) 2 * pt(-abs(t), df)

ar_rows <- function(p, label) {
  out <- character()
  for (k in -10:10) {
    i <- p$i0 + k
    if (i < 2 || i > length(p$D)) next
    t <- p$av[i] / p$se[i]
    out <- c(out, paste("1", fmt_str(label), p$ticker, k, p$D[i], fmt_num(p$v[i]),
                        fmt_num(p$m[i]), fmt_num(p$expected[i]), fmt_num(p$av[i]),
                        fmt_num(p$se[i]), fmt_num(t), fmt_num(p2(t, p$df)),
                        fmt_num(exp(p$av[i])), sep = ","))
  }
  out
}

# The zero-volume warning: zero volumes (V = 0, so v = 0) on the
# estimation days and the widest window's days [-5, +5], counted once.
zero_warning <- function(p) {
  i <- unique(c(p$i0 + (-250:-11), p$i0 + (-5:5)))
  z <- i[!is.na(p$v[i]) & p$v[i] == 0]
  if (!length(z)) return("")
  fmt_str(sprintf("%d zero volume%s in the estimation and event windows (first %s), each a value v = 0",
                  length(z), if (length(z) > 1) "s" else "", min(p$D[z])))
}

car_rows <- function(p, label, event_date) {
  out <- character()
  for (w in list(c(-1, 1), c(0, 0), c(0, 1), c(-5, 5))) {
    i <- p$i0 + (w[1]:w[2])
    cav <- sum(p$av[i]); se <- sqrt(p$varcav(i)); t <- cav / se
    out <- c(out, paste("1", fmt_str(label), p$ticker, event_date, p$D[p$i0], w[1], w[2],
                        fmt_num(cav), fmt_num(se), fmt_num(t), p$df, fmt_num(p2(t, p$df)),
                        p$T, fmt_num(p$alpha), fmt_num(p$beta), fmt_num(p$s),
                        "ok", "", "", zero_warning(p), sep = ","))
  }
  out
}

AR_HDR <- "event,label,ticker,day,date,log_volume,market_log_volume,expected,ar,se,t,p,multiple"
CAR_HDR <- paste0("event,label,ticker,event_date,day0,window_start,window_end,car,se,t,df,p,",
                  "n_est,alpha,beta,sigma,status,reason,bhar,warnings")
write_pairs <- function(pairs, label, event_date, name) {
  writeLines(c(AR_HDR, unlist(lapply(pairs, ar_rows, label))),
             file.path(outdir, paste0(name, "-ar.csv")))
  writeLines(c(CAR_HDR, unlist(lapply(pairs, car_rows, label, event_date))),
             file.path(outdir, paste0(name, "-car.csv")))
}

NVDA <- read_volume("NVDA.csv"); SPY <- read_volume("SPY.csv")
for (model in c("mean", "market", "market-adjusted")) {
  p <- volume_pair(NVDA, SPY, model, "2025-01-27")
  name <- paste0("nvda-volume-", if (model == "market-adjusted") "madj" else model)
  write_pairs(list(p), "Nvidia selloff", "2025-01-27", name)
  cat(sprintf("NVDA %s: multiple on %s = %.4f (estimation %s..%s)\n", model, p$D[p$i0],
              exp(p$av[p$i0]), p$D[p$i0 - 250], p$D[p$i0 - 11]), file = stderr())
}

BABA <- read_volume("BABA.csv"); HK <- read_volume("9988.HK.csv"); HSI <- read_volume("HSI.csv")
write_pairs(list(volume_pair(BABA, SPY, "market", "2025-01-29"),
                 volume_pair(HK, HSI, "market", "2025-01-29")),
            "Qwen 2.5-Max launched", "2025-01-29", "baba-9988-volume")
for (model in c("mean", "market-adjusted"))
  write_pairs(list(volume_pair(BABA, SPY, model, "2025-01-29"),
                   volume_pair(HK, HSI, model, "2025-01-29")),
              "Qwen 2.5-Max launched", "2025-01-29",
              paste0("baba-9988-volume-", if (model == "mean") "mean" else "madj"))
