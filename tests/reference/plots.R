#!/usr/bin/env Rscript
# tests/reference/plots.R -- independent reference for the chart data that
# `evstudy --plot` writes for the README's Nvidia/Alibaba study:
#   evstudy --events datasets/releases.csv --prices NVDA.csv --prices BABA.csv
#     --prices 9988.HK.csv --market SPY.csv --market HSI.csv --plot DIR
#
# Usage: Rscript tests/reference/plots.R SHARED_DATA_DIR OUTDIR [EVENTS_CSV]
# Base R only.  The event-study numbers come from the functions of
# study.R (read_prices, align, fit_model, study_pair: base R, written
# without reading evstudy's C sources); this script evaluates only the
# function definitions of study.R and derives the chart data from them:
#   ar-EVENT-TICKER  day, date, AR, band 0 -+ 1.96 se(AR), CAR(-10, d) and
#                    CAR -+ 1.96 se(CAR), where CAR(-10, d) and its se are
#                    study_pair's CAR over the window [-10, d]
#                    (Var(CAR) = g'Vg, CLM 1997 eq. 4.4.9-4.4.11)
#   car-EVENT        from the first window's start (-1, issue 14): for
#                    every series, in order, CAR(-1, d) for d = -1..10
#                    and CAR -+ 1.96 se, study_pair's CAR over [-1, d]
#   caar             over all pairs: AAR_d = mean of AR_d, se = sd/sqrt(N);
#                    CAAR_d = mean of CAR(-10, d), se = sd/sqrt(N);
#                    CAAR -+ 1.96 se (sd with divisor N-1)
#   summary          CAR over -1:1 of every pair, -+ 1.96 se, p, p < 0.05,
#                    sorted by CAR (issue 14)
#   price-NVDA       the prices from the first estimation date (return
#                    index i0-250, clipped at 1) of the first event to the
#                    last reported day (i0+10) of the last one; events:
#                    day 0, event row, label level: in date order the
#                    lowest level whose last event is at least
#                    (last - first) %/% 40 + 1 calendar days before it
# Output: CSV files with the columns of the .dat files; the test turns a
# .dat into CSV (tabs to commas, comments and blank lines dropped).
options(warn = 2)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2 || length(args) > 3) {
  cat("usage: Rscript tests/reference/plots.R SHARED_DATA_DIR OUTDIR [EVENTS_CSV]\n",
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

# The function definitions of study.R, and nothing else of it.
for (e in parse(file.path(script_dir, "study.R")))
  if (is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) &&
      identical(e[[3]][[1]], as.name("function")))
    eval(e, globalenv())

num <- function(x) ifelse(is.na(x), "NaN", sprintf("%.17g", x))
write_csv <- function(df, file) {
  cols <- lapply(df, function(x) if (is.numeric(x) && !is.integer(x)) num(x) else as.character(x))
  lines <- c(paste(names(df), collapse = ","), do.call(paste, c(cols, sep = ",")))
  con <- file(file.path(outdir, file), "wb")
  writeLines(lines, con, sep = "\n")
  close(con)
  cat("wrote", file.path(outdir, file), "\n", file = stderr())
}

events <- read_events(events_file)
P <- lapply(c(NVDA = "NVDA.csv", BABA = "BABA.csv", HK9988 = "9988.HK.csv",
              SPY = "SPY.csv", HSI = "HSI.csv"), read_prices)
series <- list(P$NVDA, P$BABA, P$HK9988)
market_for <- function(S) if (grepl("\\.HK$", S$ticker)) P$HSI else P$SPY
days <- -10:10
z <- 1.96
main <- list(c(-1, 1), c(0, 0), c(0, 1), c(-5, 5))

# Pair (e, S): ARs, the CAR path over [-10, d] and the main-window CAR.
pair <- function(e, S) {
  from1 <- days[days >= -1]
  r <- study_pair(events[e, ], S, market_for(S), "market", "simple", c(-250, -11),
                  c(main, lapply(days, function(d) c(-10, d)),
                    lapply(from1, function(d) c(-1, d))), 120, days)
  stopifnot(all(r$car$status == "ok"), identical(r$ar$day, days))
  path <- r$car[length(main) + seq_along(days), ]
  p1 <- r$car[length(main) + length(days) + seq_along(from1), ]
  list(ar = data.frame(day = r$ar$day, date = r$ar$date, ar = r$ar$ar,
                       band_lo = -z * r$ar$se, band_hi = z * r$ar$se,
                       car = path$car, car_lo = path$car - z * path$se,
                       car_hi = path$car + z * path$se),
       car1 = data.frame(day = from1, date = r$ar$date[days >= -1], car = p1$car,
                         car_lo = p1$car - z * p1$se, car_hi = p1$car + z * p1$se),
       main = r$car[1, ], day0 = r$car$day0[1])
}
pairs <- list()
for (e in seq_len(nrow(events))) for (S in series)
  pairs[[length(pairs) + 1]] <- c(pair(e, S), list(event = e, ticker = S$ticker))

# ar and car charts of event 9 (Qwen 2.5-Max).
q <- Filter(function(p) p$event == 9, pairs)
for (p in q)
  write_csv(p$ar, sprintf("ar-9-qwen-2-5-max-launched-on-%s.csv", p$ticker))
write_csv(do.call(rbind, lapply(q, function(p) p$car1)), "car-9-qwen-2-5-max-launched-on.csv")

# caar over all pairs.
AR <- sapply(pairs, function(p) p$ar$ar)
CAR <- sapply(pairs, function(p) p$ar$car)
N <- length(pairs)
se <- function(m) apply(m, 1, sd) / sqrt(N)
write_csv(data.frame(day = days, n = rep(N, length(days)), aar = rowMeans(AR), aar_se = se(AR),
                     caar = rowMeans(CAR), caar_se = se(CAR),
                     caar_lo = rowMeans(CAR) - z * se(CAR),
                     caar_hi = rowMeans(CAR) + z * se(CAR)), "caar.csv")

# summary: every pair, sorted by CAR (ties in event then series order).
m <- do.call(rbind, lapply(pairs, function(p) p$main))
m <- m[order(m$car, seq_len(nrow(m))), ]
write_csv(data.frame(x = seq_len(N), event = m$event,
                     pair = sprintf("%d:%s", m$event, m$ticker),
                     car = m$car, se = m$se, car_lo = m$car - z * m$se,
                     car_hi = m$car + z * m$se, p = m$p,
                     significant = as.integer(m$p < 0.05)), "summary.csv")

# price-NVDA: the study period and the event marks.
S <- P$NVDA
a <- align(S, P$SPY, "simple")
first <- c(); last <- c()
for (e in seq_len(nrow(events))) {
  i0 <- which(a$D >= S$date[S$date >= events$date[e]][1])[1] - 1
  est <- (i0 - 250):(i0 - 11)
  first <- c(first, a$D[min(est[est >= 1]) + 1])
  last <- c(last, a$D[i0 + 10 + 1])
}
lo <- min(first); hi <- max(last)
keep <- S$date >= lo & S$date <= hi
write_csv(data.frame(date = S$date[keep], price = S$price[keep]), "price-NVDA.csv")
near <- as.integer(as.Date(hi) - as.Date(lo)) %/% 40 + 1
day0 <- sapply(Filter(function(p) p$ticker == "NVDA", pairs), function(p) p$day0)
# Levels (issue 14): in date order, each event takes the lowest level
# whose last event is at least `near` calendar days before it.
ord <- order(as.Date(day0), seq_along(day0))
level <- integer(length(day0)); last <- as.Date(character(0))
for (k in ord) {
  d <- as.Date(day0[k])
  free <- which(as.integer(d - last) >= near)
  l <- if (length(free)) free[1] else length(last) + 1
  last[l] <- d
  level[k] <- l - 1
}
write_csv(data.frame(day0 = day0, event = seq_along(day0), level = level),
          "price-NVDA.events.csv")
