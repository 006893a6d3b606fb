#!/usr/bin/env Rscript
# tests/reference/study.R -- independent reference for evstudy's golden tests.
#
# Usage: Rscript tests/reference/study.R SHARED_DATA_DIR OUTDIR [EVENTS_CSV]
#   SHARED_DATA_DIR  the shared data folder (holds prices/*.csv)
#   OUTDIR           where the expected CSVs are written
#   EVENTS_CSV       default: datasets/releases.csv of this source tree
# Base R only (R >= 4.2); nothing here reads evstudy's C sources.
#
# How every number is produced (MacKinlay 1997, "Event Studies in Economics
# and Finance", sections 4-5; Campbell, Lo & MacKinlay 1997, ch. 4):
#
# Prices.  A price file's price column is "Adj Close" if present, else
#   "Close", else "close" (AMD.csv).  Files whose first three lines are the
#   yfinance Price/Ticker/Date header (HSI.csv, QQQ.csv) have data from line
#   4.  The date is the first 10 characters of column 1 (9988.HK.csv writes
#   "2020-01-02 00:00:00+08:00").  Rows with an empty price are dropped
#   (MSFT.csv, last row).  Numbers are parsed by R's as.numeric.
# Returns.  D = the sorted dates on which both the series S and its market M
#   have a price (only S's dates when there is no market).  For return index
#   i = 1..|D|-1 (0-based dates D_0..D_{|D|-1}): simple r_i = P_i/P_{i-1} - 1,
#   or log r_i = log(P_i/P_{i-1}); the same for M.  A day missing from either
#   series is lumped into the next common return.
# Day 0.  For event date E: d0 = the first date >= E among S's own dates
#   (all dates where S has a price); i0 = the first index with D_i >= d0.
#   Relative day k is return index i0+k; the `day0` column prints D_{i0}.
# Estimation.  Return indices i0+e1 .. i0+e2 (default -250..-11) with index
#   >= 1; T = their number.  T < min-estimation (default 120): pair skipped.
#   Any event window [a,b] with i0+a < 1 or i0+b > |D|-1: pair skipped.
# Market model (a market is given, default model).  X = [1, Rm] over the
#   estimation returns; (X'X)^-1 by solve(t(X) %*% X); (alpha, beta)' =
#   (X'X)^-1 X'R; SSR = sum of squared residuals; sigma^2 = SSR/(T-2);
#   df = T-2.  Per day: expected = alpha + beta*Rm_t; AR = R_t - expected;
#   se_t = sigma*sqrt(1 + 1/T + (Rm_t - mean(Rm_est))^2/Sxx), with
#   Sxx = sum over the estimation window of (Rm - mean(Rm_est))^2;
#   t = AR/se_t; p = 2*pt(-|t|, df).
#   CAR over [a,b] (L = b-a+1 days): CAR = sum of the ARs;
#   Var(CAR) = g' V g with g = ones(L), V = sigma^2 (I + X* (X'X)^-1 X*'),
#   X* = [1, Rm] over the event window, evaluated literally as matrices;
#   se = sqrt(Var); t = CAR/se; p = 2*pt(-|t|, df).
#   BHAR over [a,b] = prod(1 + R_t) - prod(1 + expected_t) (Barber & Lyon
#   1997; Lyon, Barber & Tsai 1999); empty with log returns.
# Constant-mean model (no market).  alpha = mean(R_est); beta empty;
#   sigma^2 = sum((R_est - alpha)^2)/(T-1); df = T-1; expected = alpha;
#   AR = R - alpha; se_t = sigma*sqrt(1 + 1/T); Var(CAR) = g' V g with
#   X = X* = columns of ones (equals sigma^2 (L + L^2/T)).  market_return
#   is empty.
# Market-adjusted model.  AR = R - Rm; expected = Rm; alpha = 0, beta = 1
#   (fixed); sigma^2 = var(AR_est) (divisor T-1); df = T-1; se_t = sigma;
#   Var(CAR) = L sigma^2.
# Markets.  With two markets a series takes the one of its exchange:
#   tickers ending in ".HK" use HSI, all others SPY.
# Output.  Rows by event (file order, numbered from 1), then series in
#   command-line order, then window (car table) or day -10..10 clipped to
#   return indices 1..|D|-1 (ar table).  Numbers with sprintf("%.17g")
#   (C's printf, as evstudy); integers (event, window bounds, df, n_est, day)
#   as integers; undefined values empty; labels quoted (RFC 4180) when they
#   hold a comma, a quote or a line break.  A skipped pair has status
#   "skipped", a reason, and empty statistics in the car table, and no rows
#   in the ar table.
#
# The script also checks the specification against the peer results of
# estudy2 in SHARED_DATA_DIR/../reference/estudy2/nvda-selloff-2025-01-27
# (when present) and prints the largest relative differences to stderr.

options(warn = 2)

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2 || length(args) > 3) {
  cat("usage: Rscript tests/reference/study.R SHARED_DATA_DIR OUTDIR [EVENTS_CSV]\n",
      file = stderr())
  quit(status = 2)
}
shared <- args[1]
outdir <- args[2]
script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) == 1) dirname(normalizePath(f)) else getwd()
})
events_file <- if (length(args) == 3) args[3] else
  file.path(script_dir, "..", "..", "datasets", "releases.csv")
prices_dir <- file.path(shared, "prices")
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

## ---------------- ##
## Reading inputs.  ##
## ---------------- ##

read_prices <- function(file) {
  path <- file.path(prices_dir, file)
  lines <- readLines(path, n = 3)
  skip <- if (length(lines) == 3 && startsWith(lines[1], "Price,") &&
              startsWith(lines[2], "Ticker,") && startsWith(lines[3], "Date,")) 3 else 1
  hdr <- strsplit(lines[1], ",", fixed = TRUE)[[1]]
  col <- match("Adj Close", hdr)
  if (is.na(col)) col <- match("Close", hdr)
  if (is.na(col)) col <- match("close", hdr)
  stopifnot(!is.na(col))
  df <- read.csv(path, header = FALSE, skip = skip, colClasses = "character",
                 na.strings = character(0), strip.white = FALSE)
  date <- substr(df[[1]], 1, 10)
  price <- df[[col]]
  keep <- price != ""
  s <- list(ticker = sub("\\.csv$", "", file), date = date[keep],
            price = as.numeric(price[keep]))
  stopifnot(!is.unsorted(s$date, strictly = TRUE), all(s$price > 0))
  s
}

read_events <- function(path) {
  ev <- read.csv(path, colClasses = "character", na.strings = character(0))
  data.frame(event = seq_len(nrow(ev)), date = ev$date, label = ev$label,
             stringsAsFactors = FALSE)
}

## --------------- ##
## The statistics. ##
## --------------- ##

# Returns of S (and M) on their common dates.
align <- function(S, M, returns) {
  D <- if (is.null(M)) S$date else sort(intersect(S$date, M$date))
  ret <- function(P) {
    n <- length(P)
    if (returns == "log") log(P[-1] / P[-n]) else P[-1] / P[-n] - 1
  }
  P <- S$price[match(D, S$date)]
  r <- ret(P)                          # r[i] = return index i, dated D[i+1]
  rm <- if (is.null(M)) NULL else ret(M$price[match(D, M$date)])
  list(D = D, r = r, rm = rm)
}

# Fit one model on estimation indices `est`; returns a list with alpha,
# beta, sigma, df, and functions giving expected returns, per-day se and
# Var(CAR) for a set of return indices.
fit_model <- function(model, a, est) {
  T <- length(est)
  R <- a$r[est]
  if (model == "market") {
    Rm <- a$rm[est]
    X <- cbind(1, Rm)
    XtXi <- solve(t(X) %*% X)
    b <- XtXi %*% t(X) %*% R
    alpha <- b[1]; beta <- b[2]
    res <- R - (alpha + beta * Rm)
    s2 <- sum(res^2) / (T - 2)
    mRm <- mean(Rm); Sxx <- sum((Rm - mRm)^2)
    list(alpha = alpha, beta = beta, sigma = sqrt(s2), df = T - 2, T = T,
         expected = function(i) alpha + beta * a$rm[i],
         se = function(i) sqrt(s2) * sqrt(1 + 1/T + (a$rm[i] - mRm)^2 / Sxx),
         varcar = function(i) {
           Xs <- cbind(1, a$rm[i]); g <- rep(1, length(i))
           V <- s2 * (diag(length(i)) + Xs %*% XtXi %*% t(Xs))
           drop(t(g) %*% V %*% g)
         })
  } else if (model == "mean") {
    alpha <- mean(R)
    s2 <- sum((R - alpha)^2) / (T - 1)
    X <- matrix(1, T, 1)
    XtXi <- solve(t(X) %*% X)
    list(alpha = alpha, beta = NA, sigma = sqrt(s2), df = T - 1, T = T,
         expected = function(i) rep(alpha, length(i)),
         se = function(i) rep(sqrt(s2) * sqrt(1 + 1/T), length(i)),
         varcar = function(i) {
           Xs <- matrix(1, length(i), 1); g <- rep(1, length(i))
           V <- s2 * (diag(length(i)) + Xs %*% XtXi %*% t(Xs))
           drop(t(g) %*% V %*% g)
         })
  } else if (model == "madj") {
    s2 <- var(R - a$rm[est])
    list(alpha = 0, beta = 1, sigma = sqrt(s2), df = T - 1, T = T,
         expected = function(i) a$rm[i],
         se = function(i) rep(sqrt(s2), length(i)),
         varcar = function(i) length(i) * s2)
  } else stop("unknown model ", model)
}

# One (event, series) pair: car rows and ar rows as data frames.
study_pair <- function(ev, S, M, model, returns, est_win, windows, min_est, ar_days) {
  a <- align(S, M, returns)
  n <- length(a$D)                     # return indices are 1..n-1
  car <- data.frame(event = ev$event, label = ev$label, ticker = S$ticker,
                    event_date = ev$date, day0 = "",
                    window_start = sapply(windows, `[`, 1),
                    window_end = sapply(windows, `[`, 2),
                    car = NA, se = NA, t = NA, df = NA, p = NA, n_est = NA,
                    alpha = NA, beta = NA, sigma = NA, status = "skipped",
                    reason = "", bhar = NA, warnings = "", stringsAsFactors = FALSE)
  skip <- function(reason) { car$reason <- reason; list(car = car, ar = NULL) }
  own <- S$date[S$date >= ev$date]
  if (length(own) == 0) return(skip("no price on or after the event date"))
  j <- which(a$D >= own[1])
  if (length(j) == 0) return(skip("no price on or after the event date"))
  i0 <- j[1] - 1                       # 0-based index into D
  car$day0 <- a$D[i0 + 1]
  est <- (i0 + est_win[1]):(i0 + est_win[2])
  est <- est[est >= 1 & est <= n - 1]
  if (est_win[1] > est_win[2]) est <- integer(0)
  T <- length(est)
  car$n_est <- T
  if (T < min_est)
    return(skip(sprintf("estimation window has %d returns, fewer than %d", T, min_est)))
  for (w in windows)
    if (i0 + w[1] < 1 || i0 + w[2] > n - 1)
      return(skip(sprintf("event window %d:%d outside the data", w[1], w[2])))
  f <- fit_model(model, a, est)
  for (k in seq_along(windows)) {
    i <- (i0 + windows[[k]][1]):(i0 + windows[[k]][2])
    ar <- a$r[i] - f$expected(i)
    CAR <- sum(ar); se <- sqrt(f$varcar(i)); tt <- CAR / se
    car[k, c("car", "se", "t", "df", "p", "alpha", "beta", "sigma")] <-
      c(CAR, se, tt, f$df, 2 * pt(-abs(tt), f$df), f$alpha, f$beta, f$sigma)
    car$status[k] <- "ok"
    car$bhar[k] <- if (returns == "simple") prod(1 + a$r[i]) - prod(1 + f$expected(i)) else NA
  }
  car$warnings <- pair_warnings(a, i0, windows, returns)
  days <- ar_days[i0 + ar_days >= 1 & i0 + ar_days <= n - 1]
  i <- i0 + days
  exp_r <- f$expected(i); arv <- a$r[i] - exp_r; se <- f$se(i); tt <- arv / se
  ar <- data.frame(event = ev$event, label = ev$label, ticker = S$ticker,
                   day = days, date = a$D[i + 1], return = a$r[i],
                   market_return = if (is.null(a$rm)) NA else a$rm[i],
                   expected = exp_r, ar = arv, se = se, t = tt,
                   p = 2 * pt(-abs(tt), f$df), stringsAsFactors = FALSE)
  list(car = car, ar = ar)
}

# The warnings of a pair (issue 11, README "How the study is done"): over
# the returns of the widest event window, the longest span of more than
# max_gap calendar days between a return's two dates, and the largest
# simple return beyond 50% while the market's is within 10% (or there is
# no market); "" when neither.
pair_warnings <- function(a, i0, windows, returns, max_gap = 10) {
  span <- range(unlist(windows))
  k <- span[1]:span[2]; i <- i0 + k
  simple <- function(x) if (returns == "log") expm1(x) else x
  gap <- as.numeric(as.Date(a$D[i + 1]) - as.Date(a$D[i]))
  R <- simple(a$r[i]); Rm <- if (is.null(a$rm)) 0 * R else simple(a$rm[i])
  out <- character(0)
  if (any(gap > max_gap)) {
    j <- which.max(gap)
    out <- sprintf("a return spanning %d calendar days on day %+d (%s)", gap[j], k[j], a$D[i[j] + 1])
  }
  jump <- abs(R) > 0.5 & abs(Rm) < 0.1
  if (any(jump)) {
    j <- which(jump)[which.max(abs(R[jump]))]
    out <- c(out, sprintf("a return of %+.1f%% on day %+d (%s) that the market does not share",
                          100 * R[j], k[j], a$D[i[j] + 1]))
  }
  paste(out, collapse = "; ")
}

# A whole study: events x series, markets chosen by exchange.
run_study <- function(events, series, markets = list(), model = NULL,
                      returns = "simple", est_win = c(-250, -11),
                      windows = list(c(-1, 1), c(0, 0), c(0, 1), c(-5, 5)),
                      min_est = 120, ar_days = -10:10) {
  market_for <- function(S) {
    if (length(markets) == 0) return(NULL)
    if (length(markets) == 1) return(markets[[1]])
    want <- if (grepl("\\.HK$", S$ticker)) "HSI" else "SPY"
    for (m in markets) if (m$ticker == want) return(m)
    stop("no market for ", S$ticker)
  }
  cars <- list(); ars <- list()
  for (e in seq_len(nrow(events))) for (S in series) {
    M <- market_for(S)
    mdl <- if (!is.null(model)) model else if (is.null(M)) "mean" else "market"
    r <- study_pair(events[e, ], S, M, mdl, returns, est_win, windows, min_est, ar_days)
    cars[[length(cars) + 1]] <- r$car
    if (!is.null(r$ar)) ars[[length(ars) + 1]] <- r$ar
  }
  list(car = do.call(rbind, cars), ar = do.call(rbind, ars))
}

## ---------- ##
## Output.    ##
## ---------- ##

fmt_num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", as.numeric(x)))
fmt_int <- function(x) ifelse(is.na(x), "", sprintf("%d", as.integer(x)))
fmt_str <- function(x) ifelse(grepl("[,\"\r\n]", x),
                              paste0("\"", gsub("\"", "\"\"", x, fixed = TRUE), "\""), x)

write_table <- function(df, kinds, file) {
  cols <- mapply(function(col, kind) switch(kind, n = fmt_num(col),
                                            i = fmt_int(col), s = fmt_str(col)),
                 df[names(kinds)], kinds, SIMPLIFY = FALSE)
  lines <- c(paste(names(kinds), collapse = ","), do.call(paste, c(cols, sep = ",")))
  con <- file(file.path(outdir, file), "wb")
  writeLines(lines, con, sep = "\n")
  close(con)
  cat("wrote", file.path(outdir, file), "\n", file = stderr())
}

car_kinds <- c(event = "i", label = "s", ticker = "s", event_date = "s", day0 = "s",
               window_start = "i", window_end = "i", car = "n", se = "n", t = "n",
               df = "i", p = "n", n_est = "i", alpha = "n", beta = "n", sigma = "n",
               status = "s", reason = "s", bhar = "n", warnings = "s")
ar_kinds <- c(event = "i", label = "s", ticker = "s", day = "i", date = "s",
              return = "n", market_return = "n", expected = "n", ar = "n",
              se = "n", t = "n", p = "n")

## ------------------- ##
## The golden studies. ##
## ------------------- ##

events <- read_events(events_file)
P <- lapply(c(NVDA = "NVDA.csv", BABA = "BABA.csv", HK9988 = "9988.HK.csv",
              SPY = "SPY.csv", HSI = "HSI.csv"), read_prices)

# (a) evstudy --events datasets/releases.csv --prices NVDA.csv --prices BABA.csv
#     --prices 9988.HK.csv --market SPY.csv --market HSI.csv --format csv [--table ar]
a <- run_study(events, list(P$NVDA, P$BABA, P$HK9988), list(P$SPY, P$HSI))
write_table(a$car, car_kinds, "nvda-baba-9988-car.csv")
write_table(a$ar, ar_kinds, "nvda-baba-9988-ar.csv")

# (b) evstudy --events datasets/releases.csv --prices NVDA.csv --format csv
b <- run_study(events, list(P$NVDA))
write_table(b$car, car_kinds, "nvda-mean-car.csv")

# (c) evstudy --events datasets/releases.csv --prices BABA.csv --market SPY.csv
#     --model market-adjusted --returns log --format csv [--table ar]
c_ <- run_study(events, list(P$BABA), list(P$SPY), model = "madj", returns = "log")
write_table(c_$car, car_kinds, "baba-madj-log-car.csv")
write_table(c_$ar, ar_kinds, "baba-madj-log-ar.csv")

# (d) evstudy --events datasets/releases.csv --prices NVDA.csv --market SPY.csv
#     --estimation -200:-21 --window -2:2 --window 0:3 --min-estimation 150 --format csv
d <- run_study(events, list(P$NVDA), list(P$SPY), est_win = c(-200, -21),
               windows = list(c(-2, 2), c(0, 3)), min_est = 150)
write_table(d$car, car_kinds, "nvda-windows-car.csv")

## ------------------------------ ##
## Cross-check with estudy2.      ##
## ------------------------------ ##

ref <- file.path(shared, "..", "reference", "estudy2", "nvda-selloff-2025-01-27")
if (dir.exists(ref)) {
  sel <- data.frame(event = 1L, date = "2025-01-27", label = "Nvidia selloff",
                    stringsAsFactors = FALSE)
  secs <- lapply(c("NVDA.csv", "AMD.csv", "AVGO.csv", "TSM.csv", "MSFT.csv"), read_prices)
  s <- run_study(sel, secs, list(P$SPY))
  params <- read.csv(file.path(ref, "params.csv"), stringsAsFactors = FALSE)
  refar <- read.csv(file.path(ref, "ar.csv"), stringsAsFactors = FALSE)
  refar <- refar[refar$window == "event", ]
  rel <- function(x, y) max(abs(x - y) / pmax(abs(x), abs(y)))
  mine <- s$car[s$car$window_start == -1 & s$car$window_end == 1, ]
  mine <- mine[match(params$security, mine$ticker), ]
  key_m <- paste(s$ar$ticker, s$ar$date); key_r <- paste(refar$security, refar$date)
  stopifnot(setequal(key_m, key_r))
  m <- s$ar[match(key_r, key_m), ]
  cat(sprintf("estudy2 check: %d securities, %d event-window rows; n_est %s\n",
              nrow(params), nrow(refar), paste(mine$n_est, collapse = " ")),
      file = stderr())
  for (v in c("alpha", "beta", "sigma"))
    cat(sprintf("  max rel diff %-6s %.3g\n", v, rel(mine[[v]], params[[v]])), file = stderr())
  cat(sprintf("  max rel diff %-6s %.3g\n", "ar", rel(m$ar, refar$ar)), file = stderr())
  cat(sprintf("  max rel diff %-6s %.3g\n", "ret", rel(m$return, refar$ret)), file = stderr())
  cat(sprintf("  max rel diff %-6s %.3g\n", "mkt", rel(m$market_return, refar$mkt_ret)),
      file = stderr())
  # Estimation dates: relative days -250..-11 should be 2024-01-26..2025-01-08.
  al <- align(secs[[1]], P$SPY, "simple")
  i0 <- match("2025-01-27", al$D) - 1
  cat(sprintf("  estimation dates %s .. %s\n", al$D[i0 - 250 + 1], al$D[i0 - 11 + 1]),
      file = stderr())
}
