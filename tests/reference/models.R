#!/usr/bin/env Rscript
# tests/reference/models.R -- independent reference for evstudy's factor,
# thin-trading and GARCH models and for BHAR (tests/golden-models.sh).
#
# Usage: Rscript tests/reference/models.R SHARED_DATA_DIR OUTDIR [EVENTS_DIR]
# Base R only (lm, optim); nothing here reads evstudy's C sources.
#
# Data.  Prices as in study.R: "Adj Close", else "Close", else "close";
#   rows with an empty price dropped; returns on the dates the security and
#   SPY share, simple P1/P0 - 1.  Day 0 = the first common date on or after
#   the event date; relative day k = return index i0 + k.
# Factors.  Ken French files read here with readLines: the header is the
#   first line starting with ","; data lines are those starting with 8
#   digits; values / 100; -99.99 and -999 are NA.  For the return spanning
#   common dates D[i-1] .. D[i], each factor is prod(1 + f_d) - 1 over the
#   factor dates d with D[i-1] < d <= D[i] (f_d itself for a single
#   date); NA unless D[i] is a factor date
#   and some factor date is <= D[i-1], or if any compounded value is NA.
# Factor models (Fama & French 1993, 2015; Carhart 1997).  Estimation
#   returns i0-250 .. i0-11 whose factors are all present; y = R - RF;
#   fit <- lm(y ~ factors); theta = coef(fit); s = summary(fit)$sigma;
#   C = vcov(fit); df = T - k.  Per day: expected = RF + x'theta; AR = R -
#   expected; se = sqrt(s^2 + x'Cx); t = AR/se; p = 2 pt(-|t|, df).
#   Coefficients (ff3, ff5 runs): estimate, se = sqrt(diag(C)), t =
#   estimate/se, p = 2 pt(-|t|, T - k), from summary(fit)$coefficients.
#   CAR over [a,b]: sum AR; Var = g'(s^2 I + X* C X*')g, g = ones
#   (Campbell, Lo & MacKinlay 1997, eq. 4.4.11), written out as matrices.
#   beta = the Mkt-RF coefficient.
# BHAR (Barber & Lyon 1997): prod(1 + R_t) - prod(1 + expected_t) over
#   the window.
# Scholes-Williams (1977).  Over the T estimation returns t: b- =
#   coef(lm(R_t ~ Rm_{t-1})), b0 = coef(lm(R_t ~ Rm_t)), b+ =
#   coef(lm(R_t ~ Rm_{t+1})) (slopes), rho = cor(Rm_t, Rm_{t-1}); beta =
#   (b- + b0 + b+)/(1 + 2 rho); alpha = mean(R) - beta mean(Rm); s^2 =
#   sum (R - alpha - beta Rm)^2/(T-2); C = s^2 solve(X'X), X = (1, Rm).
# Dimson (1979), K lags and leads.  fit <- lm(R_t ~ Rm_{t-K} + ... +
#   Rm_{t+K}); alpha = intercept; beta = sum of slopes; s = summary$sigma;
#   df = T - 2K - 2; C = A vcov(fit) A', A = rbind(c(1, 0...), c(0, 1...)).
#   ARs: R - alpha - beta Rm, se and Var(CAR) from (s^2, C) as above.
# GARCH(1,1) market model (Bollerslev 1986).  -log L = 1/2 sum [log(2 pi)
#   + log h_t + e_t^2/h_t], e_t = R_t - a0 - b0 Rm_t, h_1 = mean(e^2),
#   h_t = omega + a e_{t-1}^2 + b h_{t-1}.  Maximised here with optim's
#   L-BFGS-B on the natural parameters (box: omega > 0, a, b in [0, 1),
#   a + b < 1 by a penalty) with the analytic gradient, started from OLS
#   alpha, beta and every (a, b) of a 6 x 6 grid with a + b < 0.995
#   (omega = s^2 (1 - a - b)); the best end point is polished by
#   Nelder-Mead and BFGS (up to 5 rounds) until -log L stops improving --
#   a different optimiser, parametrisation and grid from evstudy's GSL
#   simplex.
#   Event days: h continues the recursion with the realised residuals;
#   se = sqrt(h_t); t = AR/se; p from pt with df = T - 5; Var(CAR) = sum
#   h_t.  A fit with a < 1e-6 or a + b > 0.9999 is "degenerate" (evstudy
#   skips it); the script prints which.  It also prints, per parameter,
#   the precision the optimum is known to: sqrt(2 dF diag(H^-1)) with dF =
#   1e-12 |log L| and H the numerical Hessian (optimHess).
#
# Output: evstudy's --format csv car and ar layouts (17 significant digits).

options(warn = 2)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) {
  cat("usage: Rscript tests/reference/models.R SHARED_DATA_DIR OUTDIR\n", file = stderr())
  quit(status = 2)
}
shared <- args[1]; outdir <- args[2]
script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) == 1) dirname(normalizePath(f)) else getwd()
})
top <- file.path(script_dir, "..", "..")
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

read_prices <- function(file, drop = character(0)) {
  path <- file.path(shared, "prices", file)
  hdr <- strsplit(readLines(path, n = 1), ",", fixed = TRUE)[[1]]
  col <- match("Adj Close", hdr)
  if (is.na(col)) col <- match("Close", hdr)
  if (is.na(col)) col <- match("close", hdr)
  df <- read.csv(path, header = FALSE, skip = 1, colClasses = "character",
                 na.strings = character(0))
  keep <- df[[col]] != "" & !(substr(df[[1]], 1, 10) %in% drop)
  list(ticker = sub("\\.csv$", "", file), date = substr(df[[1]], 1, 10)[keep],
       price = as.numeric(df[[col]][keep]))
}

read_factors <- function(path) {
  L <- sub("\r$", "", readLines(path))
  h <- which(startsWith(L, ","))[1]
  names <- trimws(strsplit(L[h], ",", fixed = TRUE)[[1]])[-1]
  d <- L[(h + 1):length(L)]
  d <- d[grepl("^ *[0-9]{8} *,", d)]
  m <- do.call(rbind, lapply(strsplit(d, ",", fixed = TRUE), trimws))
  v <- matrix(as.numeric(m[, -1]), ncol = length(names))
  v[v == -99.99 | v == -999] <- NA
  colnames(v) <- names
  list(date = as.character(as.Date(m[, 1], "%Y%m%d")), v = v / 100)
}

# The factors of FS (columns COLS) compounded over each return's span.
align_factors <- function(FS, D, cols) {
  fd <- as.numeric(as.Date(FS$date)); dd <- as.numeric(as.Date(D))
  out <- matrix(NA_real_, length(D) - 1, length(cols))
  for (i in 2:length(D)) {
    k1 <- match(dd[i], fd); before <- findInterval(dd[i - 1], fd)
    if (is.na(k1) || before < 1) next
    k <- (before + 1):k1           # factor dates in (D[i-1], D[i]]
    out[i - 1, ] <- if (length(k) == 1) FS$v[k, cols] else
      apply(FS$v[k, cols, drop = FALSE] + 1, 2, prod) - 1
  }
  out
}

align <- function(S, M) {
  D <- sort(intersect(S$date, M$date))
  P <- S$price[match(D, S$date)]; Q <- M$price[match(D, M$date)]
  n <- length(D)
  list(D = D, r = P[-1] / P[-n] - 1, rm = Q[-1] / Q[-n] - 1, ticker = S$ticker)
}

# A linear prediction model: expected = off + X theta, s2, C, df.
lin_model <- function(theta, s2, C, df, T, alpha, beta, X, off) {
  list(theta = theta, s2 = s2, C = C, df = df, T = T, alpha = alpha, beta = beta,
       expected = function(i) off[i] + drop(X[i, , drop = FALSE] %*% theta),
       se = function(i) sqrt(s2 + rowSums((X[i, , drop = FALSE] %*% C) * X[i, , drop = FALSE])),
       varcar = function(i) {
         Xs <- X[i, , drop = FALSE]; g <- rep(1, length(i))
         drop(t(g) %*% (s2 * diag(length(i)) + Xs %*% C %*% t(Xs)) %*% g)
       })
}

fit_factors <- function(a, est, F, rf) {
  ok <- est[stats::complete.cases(F[est, , drop = FALSE]) & !is.na(rf[est])]
  y <- a$r[ok] - rf[ok]; Xf <- F[ok, , drop = FALSE]
  fit <- lm(y ~ Xf)
  s <- summary(fit)$sigma
  # The coefficients with their OLS standard errors, t and p (n - k df),
  # as summary.lm computes them.
  if (!is.null(coef_file)) {
    cm <- summary(fit)$coefficients
    coef_rows[[length(coef_rows) + 1]] <<-
      data.frame(ticker = a$ticker, term = c("alpha", colnames(F)), estimate = cm[, 1],
                 se = cm[, 2], t = cm[, 3], p = cm[, 4], df = fit$df.residual,
                 stringsAsFactors = FALSE)
  }
  X <- cbind(1, F)
  mk <- match("Mkt-RF", colnames(F))
  lin_model(unname(coef(fit)), s^2, unname(vcov(fit)), length(ok) - ncol(X),
            length(ok), unname(coef(fit)[1]), unname(coef(fit)[1 + mk]), X, rf)
}

fit_sw <- function(a, est) {
  R <- a$r[est]; Rm <- a$rm[est]; T <- length(est)
  b0 <- coef(lm(R ~ Rm))[2]
  bm <- coef(lm(R ~ a$rm[est - 1]))[2]
  bp <- coef(lm(R ~ a$rm[est + 1]))[2]
  rho <- cor(Rm, a$rm[est - 1])
  beta <- unname((bm + b0 + bp) / (1 + 2 * rho))
  alpha <- mean(R) - beta * mean(Rm)
  s2 <- sum((R - alpha - beta * Rm)^2) / (T - 2)
  Xe <- cbind(1, Rm)
  lin_model(c(alpha, beta), s2, s2 * solve(t(Xe) %*% Xe), T - 2, T, alpha, beta,
            cbind(1, a$rm), rep(0, length(a$r)))
}

fit_dimson <- function(a, est, K) {
  R <- a$r[est]; T <- length(est)
  L <- sapply(-K:K, function(j) a$rm[est + j])
  fit <- lm(R ~ L)
  A <- rbind(c(1, rep(0, 2 * K + 1)), c(0, rep(1, 2 * K + 1)))
  th <- drop(A %*% coef(fit))
  lin_model(th, summary(fit)$sigma^2, A %*% vcov(fit) %*% t(A), T - 2 * K - 2, T,
            th[1], th[2], cbind(1, a$rm), rep(0, length(a$r)))
}

# h_1 = mean(e^2); h_t = x_t + b h_{t-1} (stats::filter does the recursion).
garch_h <- function(x, b, init) c(init, stats::filter(x, b, method = "recursive", init = init))
garch_nll <- function(p, R, Rm) {
  e <- R - p[1] - p[2] * Rm; T <- length(e)
  h <- garch_h(p[3] + p[4] * e[-T]^2, p[5], mean(e^2))
  0.5 * sum(log(2 * pi) + log(h) + e^2 / h)
}
# Its analytic gradient: dh_t = dx_t + b dh_{t-1} + h_{t-1} [for b].
garch_grad <- function(p, R, Rm) {
  e <- R - p[1] - p[2] * Rm; T <- length(e)
  h <- garch_h(p[3] + p[4] * e[-T]^2, p[5], mean(e^2))
  dh <- cbind(garch_h(-2 * p[4] * e[-T], p[5], -2 * mean(e)),
              garch_h(-2 * p[4] * e[-T] * Rm[-T], p[5], -2 * mean(e * Rm)),
              garch_h(rep(1, T - 1), p[5], 0),
              garch_h(e[-T]^2, p[5], 0),
              garch_h(h[-T], p[5], 0))
  de <- cbind(-1, -Rm, 0, 0, 0)
  0.5 * colSums((1 / h - e^2 / h^2) * dh + 2 * e / h * de)
}

# The likelihood can have several local maxima (issue 11: a high-b and a
# low-b one for MSFT, a degenerate a -> 0 edge for NVDA), so L-BFGS-B runs
# from every start of a grid in (a, b) (omega = s^2 (1 - a - b), OLS alpha
# and beta), and the best end point is polished by Nelder-Mead and BFGS;
# then the edge a = 0 is searched separately (b in [0, 1]): if it beats
# the interior, the fit is degenerate.
garch_grid_a <- c(0.01, 0.03, 0.08, 0.15, 0.25, 0.40)
garch_grid_b <- c(0, 0.15, 0.40, 0.65, 0.85, 0.95)
fit_garch <- function(a, est, label, record = TRUE) {
  R <- a$r[est]; Rm <- a$rm[est]; T <- length(est)
  ols <- lm(R ~ Rm); s2 <- summary(ols)$sigma^2
  se <- sqrt(diag(vcov(ols)))
  f <- function(p) if (p[3] <= 0 || p[4] < 0 || p[5] < 0 || p[4] + p[5] >= 1) 1e10
                   else garch_nll(p, R, Rm)
  g <- function(p) garch_grad(p, R, Rm)
  sc <- c(se, s2, 0.1, 0.1)
  lbfgsb <- function(p) optim(p, f, g, method = "L-BFGS-B", lower = c(-Inf, -Inf, 1e-12 * s2, 0, 0),
                              upper = c(Inf, Inf, 10 * s2, 1, 1),
                              control = list(parscale = sc, factr = 10, pgtol = 0, maxit = 10000))
  o <- NULL; nstart <- 0
  for (ga in garch_grid_a) for (gb in garch_grid_b) {
    if (ga + gb >= 0.995) next
    nstart <- nstart + 1
    oi <- lbfgsb(c(coef(ols), s2 * (1 - ga - gb), ga, gb))
    if (is.null(o) || oi$value < o$value) o <- oi
  }
  for (round in 1:5) {
    prev <- o$value
    o <- optim(o$par, f, method = "Nelder-Mead", control = list(parscale = sc, reltol = 1e-16, maxit = 20000))
    o <- optim(o$par, f, g, method = "BFGS", control = list(parscale = sc, reltol = 1e-16, maxit = 10000))
    if (prev - o$value <= 1e-14 * abs(o$value)) break
  }
  p <- unname(o$par)
  # The edge a = 0 (no ARCH term), b up to 1 included, where the
  # likelihood's supremum may lie without being attained inside: profiled
  # over b in {0, 0.5, 0.9, 0.99, 0.999, 0.9999, 1}, each maximised over
  # (alpha, beta, log omega) by Nelder-Mead, twice.
  edge <- NULL
  for (gb in c(0, 0.5, 0.9, 0.99, 0.999, 0.9999, 1)) {
    fe <- function(q) garch_nll(c(q[1:2], exp(q[3]), 0, gb), R, Rm)
    oe <- optim(c(coef(ols), log(s2 * max(1 - gb, 1e-3))), fe,
                control = list(parscale = c(se, 1), reltol = 1e-15, maxit = 20000))
    oe <- optim(oe$par, fe, control = list(parscale = c(se, 1), reltol = 1e-15, maxit = 20000))
    oe$par <- c(oe$par[1:2], exp(oe$par[3]), gb)
    if (is.null(edge) || oe$value < edge$value) edge <- oe
  }
  if (edge$value < o$value) {
    cat(sprintf("garch %-5s the edge a = 0 (b %.6g, -logL %.10f) beats the interior (-logL %.10f)\n",
                label, edge$par[4], edge$value, o$value), file = stderr())
    p <- c(unname(edge$par[1:3]), 0, edge$par[4]); o <- edge
  }
  degenerate <- p[4] < 1e-6 || p[4] + p[5] > 0.9999
  prec <- rep(NA, 5)
  if (!degenerate) {
    H <- optimHess(p, f, g, control = list(parscale = sc))
    prec <- sqrt(2 * 1e-12 * abs(o$value) * abs(diag(solve(H))))
  }
  # The homoskedastic market model's maximum: sigma^2 = SSR/T.
  homo <- -T / 2 * (log(2 * pi * sum(resid(ols)^2) / T) + 1)
  cat(sprintf("garch %-5s %d starts: a %.6g b %.6g -logL %.10f %s; LR vs homoskedastic %.4f; known to %s (rel %s)\n",
              label, nstart, p[4], p[5], o$value, if (degenerate) "DEGENERATE" else "ok",
              2 * (-o$value - homo), paste(sprintf("%.1e", prec), collapse = " "),
              paste(sprintf("%.1e", prec / abs(p)), collapse = " ")), file = stderr())
  if (record)
    garch_params[[length(garch_params) + 1]] <<-
      data.frame(ticker = label, omega = p[3], arch = p[4], garch = p[5], loglik = -o$value,
                 status = if (degenerate) "skipped" else "ok", stringsAsFactors = FALSE)
  list(p = p, degenerate = degenerate, T = T, hi = max(est), loglik = -o$value, homo = homo,
       prec = prec, resid = unname(resid(ols)))
}
garch_params <- list()

# GARCH predictions: h after the window by the recursion.
garch_model <- function(a, g) {
  p <- g$p
  e <- a$r - p[1] - p[2] * a$rm
  est <- (g$hi - g$T + 1):g$hi
  h <- numeric(length(a$r)); h[est[1]] <- mean(e[est]^2)
  for (t in (est[1] + 1):length(a$r)) h[t] <- p[3] + p[4] * e[t - 1]^2 + p[5] * h[t - 1]
  list(df = g$T - 5, T = g$T, alpha = p[1], beta = p[2],
       s2 = p[3] / (1 - p[4] - p[5]),
       expected = function(i) p[1] + p[2] * a$rm[i],
       se = function(i) sqrt(h[i]), varcar = function(i) sum(h[i]))
}

study <- function(event, label, row, S, M, fitter, windows = list(c(-1, 1), c(0, 0), c(0, 1), c(-5, 5)),
                  est_win = c(-250, -11)) {
  a <- align(S, M)
  i0 <- which(a$D >= event)[1] - 1
  est <- (i0 + est_win[1]):(i0 + est_win[2])
  f <- fitter(a, est)
  if (is.null(f)) return(NULL)
  car <- do.call(rbind, lapply(windows, function(w) {
    i <- (i0 + w[1]):(i0 + w[2])
    ex <- f$expected(i); ar <- a$r[i] - ex
    CAR <- sum(ar); se <- sqrt(f$varcar(i)); tt <- CAR / se
    data.frame(event = row, label = label, ticker = S$ticker, event_date = event,
               day0 = a$D[i0 + 1], window_start = w[1], window_end = w[2], car = CAR,
               se = se, t = tt, df = f$df, p = 2 * pt(-abs(tt), f$df), n_est = f$T,
               alpha = f$alpha, beta = f$beta, sigma = sqrt(f$s2), status = "ok",
               reason = "", bhar = prod(1 + a$r[i]) - prod(1 + ex),
               warnings = "",   # none of these windows has a gap or a jump (study.R computes them)
               stringsAsFactors = FALSE)
  }))
  i <- i0 + (-10:10)
  ex <- f$expected(i); arv <- a$r[i] - ex; se <- f$se(i); tt <- arv / se
  ar <- data.frame(event = row, label = label, ticker = S$ticker, day = -10:10,
                   date = a$D[i + 1], return = a$r[i], market_return = a$rm[i],
                   expected = ex, ar = arv, se = se, t = tt, p = 2 * pt(-abs(tt), f$df),
                   stringsAsFactors = FALSE)
  list(car = car, ar = ar)
}

fmt_num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", as.numeric(x)))
fmt_int <- function(x) ifelse(is.na(x), "", sprintf("%d", as.integer(x)))
fmt_str <- function(x) ifelse(grepl("[,\"\r\n]", x),
                              paste0("\"", gsub("\"", "\"\"", x, fixed = TRUE), "\""), x)
car_kinds <- c(event = "i", label = "s", ticker = "s", event_date = "s", day0 = "s",
               window_start = "i", window_end = "i", car = "n", se = "n", t = "n",
               df = "i", p = "n", n_est = "i", alpha = "n", beta = "n", sigma = "n",
               status = "s", reason = "s", bhar = "n", warnings = "s")
ar_kinds <- c(event = "i", label = "s", ticker = "s", day = "i", date = "s",
              return = "n", market_return = "n", expected = "n", ar = "n",
              se = "n", t = "n", p = "n")
write_table <- function(df, kinds, file) {
  cols <- mapply(function(col, kind) switch(kind, n = fmt_num(col), i = fmt_int(col),
                                            s = fmt_str(col)),
                 df[names(kinds)], kinds, SIMPLIFY = FALSE)
  con <- file(file.path(outdir, file), "wb")
  writeLines(c(paste(names(kinds), collapse = ","), do.call(paste, c(cols, sep = ","))),
             con, sep = "\n")
  close(con)
  cat("wrote", file.path(outdir, file), "\n", file = stderr())
}

run <- function(name, secs, fitter, ...) {
  res <- Filter(Negate(is.null), lapply(secs, function(S)
    study("2025-01-27", "Nvidia selloff", 1, S, SPY, fitter, ...)))
  write_table(do.call(rbind, lapply(res, `[[`, "car")), car_kinds, paste0(name, "-car.csv"))
  write_table(do.call(rbind, lapply(res, `[[`, "ar")), ar_kinds, paste0(name, "-ar.csv"))
}

SPY <- read_prices("SPY.csv")
secs <- lapply(c("NVDA.csv", "AMD.csv", "AVGO.csv", "TSM.csv", "MSFT.csv"), read_prices)
FF3 <- read_factors(file.path(shared, "factors", "F-F_Research_Data_Factors_daily.csv"))
FF5 <- read_factors(file.path(shared, "factors", "F-F_Research_Data_5_Factors_2x3_daily.csv"))

ff <- function(FS, cols) function(a, est) {
  F <- align_factors(FS, a$D, cols); colnames(F) <- cols
  fit_factors(a, est, F, align_factors(FS, a$D, "RF")[, 1])
}

# With coef_file set, fit_factors also keeps its coefficient table, which
# coef_write writes as coef_file.
coef_file <- NULL; coef_rows <- list()
coef_write <- function() {
  write_table(do.call(rbind, coef_rows),
              c(ticker = "s", term = "s", estimate = "n", se = "n", t = "n", p = "n", df = "i"),
              coef_file)
  coef_file <<- NULL; coef_rows <<- list()
}
# (1) --model ff3 --factors F-F_Research_Data_Factors_daily.csv
coef_file <- "selloff-ff3-coef.csv"
run("selloff-ff3", secs, ff(FF3, c("Mkt-RF", "SMB", "HML")))
coef_write()
# (2) --model ff5 --factors F-F_Research_Data_5_Factors_2x3_daily.csv
coef_file <- "selloff-ff5-coef.csv"
run("selloff-ff5", secs, ff(FF5, c("Mkt-RF", "SMB", "HML", "RMW", "CMA")))
coef_write()
# (3) --model factors --factor-columns Mkt-RF,SMB,HML,Mom with the 3-factor
#     file and a second file holding the 5-factor file's RMW as "Mom",
#     without 2024-06-03..2024-06-07 and with 2024-09-04 = -99.99 (made by
#     tests/golden-models.sh): those returns leave the estimation.
MOM <- list(date = FF5$date, v = FF5$v[, "RMW", drop = FALSE])
colnames(MOM$v) <- "Mom"
drop <- MOM$date >= "2024-06-03" & MOM$date <= "2024-06-07"
MOM$v[MOM$date == "2024-09-04", 1] <- NA
MOM <- list(date = MOM$date[!drop], v = MOM$v[!drop, , drop = FALSE])
J <- list(date = FF3$date, v = cbind(FF3$v, Mom = MOM$v[match(FF3$date, MOM$date), 1]))
run("selloff-join", secs, ff(J, c("Mkt-RF", "SMB", "HML", "Mom")))
# (4) ff3 on NVDA without the rows of 2024-07-10, 2024-07-11 and
#     2025-01-23: returns spanning 2 and 3 sessions, compounded factors.
nvda_gap <- read_prices("NVDA.csv", drop = c("2024-07-10", "2024-07-11", "2025-01-23"))
run("nvda-gap-ff3", list(nvda_gap), ff(FF3, c("Mkt-RF", "SMB", "HML")))
# (5) --model scholes-williams, (6) --model dimson --dimson-lags 2
run("selloff-sw", secs, fit_sw)
run("selloff-dimson2", secs, function(a, est) fit_dimson(a, est, 2))
# (7) --model garch --estimation -750:-11 (degenerate fits left out)
run("selloff-garch", secs, function(a, est) {
  g <- fit_garch(a, est, a$ticker)
  if (g$degenerate) NULL else garch_model(a, g)
}, est_win = c(-750, -11))
write_table(do.call(rbind, garch_params),
            c(ticker = "s", omega = "n", arch = "n", garch = "n", loglik = "n", status = "s"),
            "selloff-garch-params.csv")

# (8) The GARCH cases of issue 11 where a single start found a local
#     maximum: MSFT -750:-11 (also in (7)), NVDA -1000:-11 (degenerate),
#     AMD -250:-11 (an ARCH(1)-like maximum, not the a -> 0 edge), and
#     MSFT -1000:-11 (log L 3137.757 at a local maximum, found since).  Each
#     row: the fit, the homoskedastic log L and the LR between them.  With
#     fGarch installed, its fit of the OLS residuals (constant-free mean,
#     its own start for h) is printed as a rough cross-check only.
garch_cases <- list(c("MSFT.csv", -750, -11), c("NVDA.csv", -1000, -11), c("AMD.csv", -250, -11),
                    c("MSFT.csv", -1000, -11))
rows <- lapply(garch_cases, function(cs) {
  S <- read_prices(cs[1]); a <- align(S, SPY)
  i0 <- which(a$D >= "2025-01-27")[1] - 1
  est <- (i0 + as.integer(cs[2])):(i0 + as.integer(cs[3]))
  g <- fit_garch(a, est, S$ticker, record = FALSE)
  if (requireNamespace("fGarch", quietly = TRUE)) {
    fg <- suppressWarnings(fGarch::garchFit(~garch(1, 1), data = g$resid, include.mean = FALSE,
                                            trace = FALSE))
    cf <- fg@fit$coef
    cat(sprintf("fGarch %-5s %s:%s on OLS residuals: a %.6g b %.6g log L %.4f\n", S$ticker, cs[2], cs[3],
                cf["alpha1"], cf["beta1"], -fg@fit$llh), file = stderr())
  }
  data.frame(ticker = S$ticker, est_start = as.integer(cs[2]), est_end = as.integer(cs[3]),
             n_est = g$T, omega = g$p[3], arch = g$p[4], garch = g$p[5], loglik = g$loglik,
             loglik_homoskedastic = g$homo, lr = 2 * (g$loglik - g$homo),
             status = if (g$degenerate) "skipped" else "ok", stringsAsFactors = FALSE)
})
write_table(do.call(rbind, rows),
            c(ticker = "s", est_start = "i", est_end = "i", n_est = "i", omega = "n", arch = "n",
              garch = "n", loglik = "n", loglik_homoskedastic = "n", lr = "n", status = "s"),
            "garch-cases.csv")

# The factor files line up with the US price files: every SPY date in the
# factor range is a factor date and vice versa.
for (FS in list(FF3, FF5)) {
  r <- range(SPY$date); fr <- range(FS$date)
  lo <- max(r[1], fr[1]); hi <- min(r[2], fr[2])
  a <- SPY$date[SPY$date >= lo & SPY$date <= hi]; b <- FS$date[FS$date >= lo & FS$date <= hi]
  cat(sprintf("factor dates %s..%s: %d SPY, %d factor, identical %s\n", lo, hi,
              length(a), length(b), identical(a, b)), file = stderr())
}
