/* bar_findings.h -- the intraday study's results in plain words, with
 * clock times in the exchange's zone: one sentence per (event, series)
 * pair and window, for `evstudy intraday --format text` and its report
 * (issue 16), as findings.h does for days and with its pieces:
 *
 *   NVDA rose 3.42% in the minute from 10:47 to 10:48 New York time on
 *   2025-01-29 (bar 0; the announcement at 10:47); the market model
 *   expected +0.07%; the +3.35% abnormal return is 30.2 standard errors
 *   from zero (p < 0.001).
 *
 * A window of several bars gives the sum of its bars' returns and of
 * the expected ones, whose difference is the CAR exactly; its clock
 * span runs from its first bar's start to its last bar's end, in
 * minutes when the window stays in one session, else in bars and with
 * both dates.  The exchange's city is its time zone's last part
 * ("America/New_York": New York).  Text from the input is copied as it
 * is: the caller escapes it for its medium.
 */
#ifndef EVS_BAR_FINDINGS_H
#define EVS_BAR_FINDINGS_H

#include <stdbool.h>
#include <stdio.h>

#include "bar_study.h"

/* The sentence for window W of R (a new string), or for a skipped pair
 * why it was not measured.  VOLUME: R is an abnormal log volume result;
 * LOG_RETURNS: --returns log; OVERNIGHT_OWN: overnight returns had a
 * variance of their own (--seasonal with --overnight include), else a
 * window holding one says that its test overstates the evidence. */
char *bar_findings_sentence (const bar_result *r, size_t w, bool volume, bool log_returns,
                             bool overnight_own);

/* True if window W of R is estimated and p < FINDINGS_LEVEL. */
bool bar_findings_significant (const bar_result *r, size_t w);

/* "NVDA, event 1 (2025-01-29T10:47-05:00; bar 0 10:47 New York time):
 * LABEL" (a new string). */
char *bar_findings_subject (const bar_result *r);

/* `--format text`: every pair's subject and a sentence per window, made
 * visible for a terminal, then the significance level. */
void bar_findings_write (FILE *fp, const bar_result *res, size_t n, bool volume,
                         bool log_returns, bool overnight_own);

#endif
