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
f17 <- function (x) sprintf ("%.17g", x)

# One block of rows per covariance, as evstudy's --table regress has them.
rows <- function (m, V, name, df) {
  ct <- coeftest (m, vcov. = V, df = df)
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
