#!/usr/bin/env Rscript
# tests/reference/regress.R -- independent reference for evstudy's
# cross-sectional regressions (issue 13): R's lm with Debian's
# r-cran-sandwich (vcovHC, vcovCL) and r-cran-lmtest (coeftest).
# Nothing here reads evstudy's C.
#
# Usage: Rscript tests/reference/regress.R [SHARED_DATA_DIR] OUTDIR
# Writes:
#   OUTDIR/../../fixtures/regress/petersen.csv  Petersen's simulated panel
#       (sandwich's PetersenCL: 500 firms x 10 years, y on x), %.17g
#   OUTDIR/regress-petersen.csv  term,vcov,estimate,se,t,df,p for
#       classical, hc0..hc3 (vcovHC), cluster:firm, cluster:year (vcovCL,
#       type HC1, cadjust: Stata's G/(G-1)(N-1)/(N-K)) and
#       cluster:firm,year (vcovCL two-way, Cameron, Gelbach & Miller 2011)
# Degrees of freedom of the t: N - K, G - 1 clustered, min(G) - 1 two-way
# (as evstudy's README states; coeftest is given df explicitly).
suppressPackageStartupMessages ({ library (sandwich); library (lmtest) })
args <- commandArgs (trailingOnly = TRUE)
out <- args[length (args)]
dir.create (out, showWarnings = FALSE, recursive = TRUE)
f17 <- function (x) ifelse (is.finite (x), sprintf ("%.17g", x), "")

# One block of rows per covariance, as evstudy's --table regress has them.
rows <- function (m, V, name, df) {
  ct <- suppressWarnings (coeftest (m, vcov. = V, df = df))
  data.frame (term = rownames (ct), vcov = name, estimate = f17 (ct[, 1]),
              se = f17 (ct[, 2]), t = f17 (ct[, 3]), df = f17 (df),
              p = f17 (ct[, 4]), stringsAsFactors = FALSE)
}
all_vcov <- function (m, cl) {
  n <- nobs (m); k <- length (coef (m))
  r <- rows (m, vcov (m), "classical", n - k)
  for (ty in c ("HC0", "HC1", "HC2", "HC3"))
    r <- rbind (r, rows (m, vcovHC (m, type = ty), tolower (ty), n - k))
  for (nm in names (cl)) {
    g <- cl[[nm]]
    if (is.list (g)) {
      G <- min (sapply (g, function (v) length (unique (v))))
      V <- vcovCL (m, cluster = as.data.frame (g), type = "HC1", cadjust = TRUE)
    } else {
      G <- length (unique (g))
      V <- vcovCL (m, cluster = g, type = "HC1", cadjust = TRUE)
    }
    r <- rbind (r, rows (m, V, paste0 ("cluster:", nm), G - 1))
  }
  r
}

## Petersen's test data
data (PetersenCL)
fx <- file.path (dirname (dirname (normalizePath (out))), "fixtures", "regress")
dir.create (fx, showWarnings = FALSE, recursive = TRUE)
p <- PetersenCL
write.csv (data.frame (firm = p$firm, year = p$year, x = f17 (p$x), y = f17 (p$y)),
           file.path (fx, "petersen.csv"), row.names = FALSE, quote = FALSE)
m <- lm (y ~ x, data = p)
r <- all_vcov (m, list (firm = p$firm, year = p$year,
                        "firm,year" = list (firm = p$firm, year = p$year)))
write.csv (r, file.path (out, "regress-petersen.csv"), row.names = FALSE, quote = c (1, 2))
# Petersen's page prints the slope's se as 0.0286 (OLS), 0.0284 (White),
# 0.0506 (firm), 0.0334 (year), 0.0536 (both).
s <- r[r$term == "x", ]
message ("petersen slope se: ", paste (sprintf ("%s %.4f", s$vcov, as.numeric (s$se)), collapse = ", "))

## The real data: CARs of nine stocks around datasets/releases.csv
# The CARs, betas and BHARs come from tests/reference/study.R's own
# functions (base R, the reference of golden-market.sh): its function
# definitions are evaluated here, not its script part.  Market: SPY for
# the US tickers, HSI for the .HK ones; estimation -250:-11; windows
# -1:1, 0:0, 0:1, -5:5 (the defaults).
if (length (args) < 2) quit (save = "no")
shared <- args[1]
src_dir <- local ({
  a <- commandArgs (FALSE); f <- sub ("^--file=", "", a[grepl ("^--file=", a)])
  dirname (normalizePath (f))
})
top <- dirname (dirname (src_dir))
for (e in parse (file.path (src_dir, "study.R")))
  if (is.call (e) && identical (e[[1]], as.name ("<-")) && is.call (e[[3]]) &&
      identical (e[[3]][[1]], as.name ("function")))
    eval (e)
prices_dir <- file.path (shared, "prices")
tickers <- c ("NVDA", "AMD", "AVGO", "TSM", "MSFT", "BABA", "BIDU", "0700.HK", "9988.HK")
series <- lapply (paste0 (tickers, ".csv"), read_prices)
mk <- lapply (c ("SPY.csv", "HSI.csv"), read_prices)
events <- read_events (file.path (top, "datasets", "releases.csv"))
st <- run_study (events, series, mk)$car
st <- st[st$status == "ok", ]
message (nrow (st), " ok rows; tickers ", paste (unique (st$ticker), collapse = " "))

# Characteristics: the latest row of the ticker on or before the event's
# date (tests/fixtures/regress/README.md says where each value comes from).
ch <- read.csv (file.path (top, "tests", "fixtures", "regress", "characteristics.csv"),
                colClasses = c ("character", "character", "numeric", "character",
                                "numeric", "numeric"))
pick <- function (tk, d) {
  r <- ch[ch$ticker == tk & ch$date <= d, ]
  r[which.max (as.numeric (as.Date (r$date))), ]
}
attach_chars <- function (d) {
  cr <- do.call (rbind, Map (pick, d$ticker, d$event_date))
  cbind (d, cr[, setdiff (names (ch), c ("ticker", "date"))])
}
win <- function (a, b) {
  d <- st[st$window_start == a & st$window_end == b, ]
  d <- attach_chars (d[order (d$event, match (d$ticker, tickers)), ])
  Sys.setlocale ("LC_COLLATE", "C")        # factor levels bytewise, as evstudy
  d$sector <- factor (d$sector)
  d$car_y <- d$car; d$scar_y <- d$car / d$se; d$bhar_y <- d$bhar
  d
}

# One formula under one covariance, in evstudy's --table regress layout;
# F is the Wald F of the non-intercept coefficients with that covariance
# (checked against summary.lm's F for the classical one).
fit_rows <- function (idx, text, yname, a, b, d, rhs, vc, weighted = FALSE) {
  Sys.setlocale ("LC_COLLATE", "C")        # factor levels bytewise, as evstudy
  f <- as.formula (paste (paste0 (yname, "_y"), "~", rhs))
  m <- if (weighted) lm (f, data = d, weights = 1 / d$se^2) else lm (f, data = d)
  n <- nobs (m); k <- length (coef (m))
  if (vc == "classical") { V <- vcov (m); df <- n - k }
  else if (startsWith (vc, "hc")) { V <- vcovHC (m, type = toupper (vc)); df <- n - k }
  else {
    cl <- strsplit (sub ("cluster:", "", vc), ",")[[1]]
    key <- function (nm) switch (nm, ticker = d$ticker, event = d$event, day0 = d$day0, d[[nm]])
    if (length (cl) == 1) {
      g <- key (cl); V <- vcovCL (m, cluster = g, type = "HC1", cadjust = TRUE)
      df <- length (unique (g)) - 1
    } else {
      g <- data.frame (a = key (cl[1]), b = key (cl[2]))
      V <- vcovCL (m, cluster = g, type = "HC1", cadjust = TRUE)
      df <- min (length (unique (g$a)), length (unique (g$b))) - 1
    }
  }
  ct <- suppressWarnings (coeftest (m, vcov. = V, df = df))
  ci <- suppressWarnings (coefci (m, vcov. = V, df = df, level = 0.95))
  s <- summary (m)
  r2 <- s$r.squared; ar2 <- s$adj.r.squared
  j <- names (coef (m)) != "(Intercept)"
  b_s <- coef (m)[j]
  # Undefined (empty) when V is not positive definite there, as two-way
  # clustering can make it (evstudy's Cholesky fails then).
  pd <- !inherits (try (chol (V[j, j, drop = FALSE]), silent = TRUE), "try-error")
  Fs <- if (pd) as.numeric (t (b_s) %*% solve (V[j, j, drop = FALSE], b_s)) / sum (j) else NA
  if (vc == "classical") stopifnot (abs (Fs / s$fstatistic[1] - 1) < 1e-10)
  data.frame (regression = idx, formula = text, y = yname, window_start = a, window_end = b,
              weights = if (weighted) "inverse-variance" else "none", vcov = vc,
              term = rownames (ct), estimate = f17 (ct[, 1]), se = f17 (ct[, 2]),
              t = f17 (ct[, 3]), df = df, p = f17 (ct[, 4]), ci_low = f17 (ci[, 1]),
              ci_high = f17 (ci[, 2]), n = n, k = k, r2 = f17 (r2), adj_r2 = f17 (ar2),
              F = f17 (Fs), F_df1 = sum (j), F_df2 = df, F_p = f17 (pf (Fs, sum (j), df, lower.tail = FALSE)),
              left_out = nrow (d) - n + (length (events$event) * length (tickers) - nrow (d)),
              stringsAsFactors = FALSE)
}
write_rows <- function (r, file) {
  q <- which (names (r) %in% c ("formula", "vcov"))
  r$formula <- ifelse (grepl (",", r$formula), paste0 ("\"", r$formula, "\""), r$formula)
  r$vcov <- ifelse (grepl (",", r$vcov), paste0 ("\"", r$vcov, "\""), r$vcov)
  write.csv (r, file.path (out, file), row.names = FALSE, quote = FALSE)
}

# evstudy ... --regress "car[-1,1] ~ beta + china + ai_share"
#             --regress "car[0,0] ~ C(sector) + revenue_usd_bn" --vcov V
d11 <- win (-1, 1); d00 <- win (0, 0)
for (vc in c ("classical", "hc0", "hc1", "hc2", "hc3", "cluster:ticker", "cluster:event",
              "cluster:ticker,event")) {
  r <- rbind (fit_rows (1, "car[-1,1] ~ beta + china + ai_share", "car", -1, 1, d11,
                        "beta + china + ai_share", vc),
              fit_rows (2, "car[0,0] ~ C(sector) + revenue_usd_bn", "car", 0, 0, d00,
                        "C(sector) + revenue_usd_bn", vc))
  write_rows (r, sprintf ("regress-releases-%s.csv", gsub ("[:,]", "-", vc)))
}
# evstudy ... --regress-weights inverse-variance --vcov hc3
#             --regress "car[-1,1] ~ beta + china + ai_share"
write_rows (fit_rows (1, "car[-1,1] ~ beta + china + ai_share", "car", -1, 1, d11,
                      "beta + china + ai_share", "hc3", weighted = TRUE),
            "regress-releases-wls.csv")
# evstudy ... --vcov hc1 --regress "scar[-1,1] ~ beta + china"
#             --regress "bhar[-1,1] ~ ai_share + china - 1"
write_rows (rbind (fit_rows (1, "scar[-1,1] ~ beta + china", "scar", -1, 1, d11,
                             "beta + china", "hc1"),
                   fit_rows (2, "bhar[-1,1] ~ ai_share + china - 1", "bhar", -1, 1, d11,
                             "ai_share + china - 1", "hc1")),
            "regress-releases-scar-bhar.csv")
message ("regress.R: ", nrow (d11), " pairs with car[-1,1], ", nrow (d00), " with car[0,0]")

## Calendar-time portfolio (Jaffe 1974; Fama 1998; Mitchell & Stafford 2000)
# NVDA AMD AVGO TSM MSFT (market SPY), the releases.csv events; each
# estimated pair held from day0 + A to day0 + B of its own series; the
# return of session i is P_i / P_{i-1} - 1; the portfolio return of a date
# the (weighted) mean of the pairs held; dates with fewer than ct_min pairs
# or without an SPY return left out; lm (rp ~ rm) with vcov and vcovHC HC3.
ct_case <- function (hold, weights = NULL, ct_min = 1, ff = NULL) {
  us <- c ("NVDA", "AMD", "AVGO", "TSM", "MSFT")
  S <- series[match (us, tickers)]
  car <- run_study (events, S, mk[1])$car
  car <- car[car$status == "ok" & car$window_start == -1 & car$window_end == 1, ]
  spy <- mk[[1]]
  rows <- list ()
  for (k in seq_len (nrow (car))) {
    s <- S[[match (car$ticker[k], us)]]
    w <- if (is.null (weights)) 1 else pick (car$ticker[k], car$event_date[k])[[weights]]
    i0 <- match (car$day0[k], s$date)
    i <- i0 + (hold[1]:hold[2]); i <- i[i >= 2 & i <= length (s$date)]
    rows[[k]] <- data.frame (date = s$date[i], r = s$price[i] / s$price[i - 1] - 1, w = w)
  }
  h <- do.call (rbind, rows)
  d <- do.call (rbind, lapply (split (h, h$date), function (g)
    data.frame (date = g$date[1], rp = sum (g$w * g$r) / sum (g$w), held = nrow (g))))
  if (is.null (ff)) {
    j <- match (d$date, spy$date)
    d$rm <- ifelse (!is.na (j) & j > 1, spy$price[j] / spy$price[pmax (j - 1, 1)] - 1, NA)
    d <- d[d$held >= ct_min & !is.na (d$rm), ]
    m <- lm (rp ~ rm, data = d)
  } else {
    # Fama-French three factors of the date itself (percent in the file).
    j <- match (d$date, ff$date)
    d <- cbind (d, ff[j, c ("Mkt.RF", "SMB", "HML", "RF")])
    d <- d[d$held >= ct_min & !is.na (j), ]
    d$ex <- d$rp - d$RF
    m <- lm (ex ~ Mkt.RF + SMB + HML, data = d)
  }
  c1 <- coeftest (m); c2 <- coeftest (m, vcov. = vcovHC (m, type = "HC3"))
  data.frame (term = c ("alpha", "Mkt-RF", if (!is.null (ff)) c ("SMB", "HML")), estimate = f17 (c1[, 1]), se = f17 (c1[, 2]),
              t = f17 (c1[, 3]), p = f17 (c1[, 4]), se_hc = f17 (c2[, 2]), t_hc = f17 (c2[, 3]),
              p_hc = f17 (c2[, 4]), df = df.residual (m), hc = "hc3", sessions = nrow (d),
              mean_holdings = f17 (mean (d$held)), max_holdings = max (d$held),
              pairs = nrow (car), alpha_annual = f17 (252 * coef (m)[1]),
              r2 = f17 (summary (m)$r.squared))
}
# evstudy ... --calendar-time 0:20 --table calendar
write.csv (ct_case (c (0, 20)), file.path (out, "regress-calendar-ew.csv"), row.names = FALSE,
           quote = FALSE)
# evstudy ... --calendar-time 0:60 --ct-weights revenue_usd_bn --ct-min 3 --table calendar
write.csv (ct_case (c (0, 60), "revenue_usd_bn", 3), file.path (out, "regress-calendar-vw.csv"),
           row.names = FALSE, quote = FALSE)
# evstudy ... --model ff3 --factors F-F_Research_Data_Factors_daily.csv
#             --calendar-time 0:20 --table calendar
ffr <- read.csv (file.path (shared, "factors", "F-F_Research_Data_Factors_daily.csv"),
                 colClasses = "character", strip.white = TRUE)
ffr <- ffr[grepl ("^[0-9]{8}$", ffr[[1]]), ]
ff <- data.frame (date = sub ("(....)(..)(..)", "\\1-\\2-\\3", ffr[[1]]),
                  Mkt.RF = as.numeric (ffr$Mkt.RF) / 100, SMB = as.numeric (ffr$SMB) / 100,
                  HML = as.numeric (ffr$HML) / 100, RF = as.numeric (ffr$RF) / 100)
write.csv (ct_case (c (0, 20), ff = ff), file.path (out, "regress-calendar-ff3.csv"),
           row.names = FALSE, quote = FALSE)
