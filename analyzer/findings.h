/* findings.h -- a study's results in plain words: one sentence per
 * (event, series) pair and event window, for `--format text` and the
 * report's headline section (issue 14).
 *
 * A sentence says what the series did, what the model expected, how far
 * the abnormal return is from zero in standard errors, its p-value, and
 * how many other events of the timeline fall in the window:
 *
 *   NVDA fell 16.97% on 2025-01-27; the market model expected −3.64%;
 *   the −13.33% abnormal return is 5.1 standard errors from zero
 *   (p < 0.001). No other event falls in this window, but four fall in
 *   the [−5, +5] span around it.
 *
 * Every number comes from the study_result (study.h): the day's return
 * and expected return from its study_day, the AR or CAR, t and p from
 * its study_car; for a window of several days the sentence gives the sum
 * of the daily returns and of the expected returns, whose difference is
 * the CAR exactly (CAR = sum of ARs, MacKinlay 1997 eq. 12).  When the
 * reported days do not cover the window (--ar-days narrower than it) the
 * sentence gives the CAR alone.  Negative numbers carry U+2212 MINUS
 * SIGN, as typeset text does.
 *
 * Text from the input (labels, tickers) is copied as it is: the caller
 * escapes it for its medium (text_visible for a terminal, the report's
 * HTML and Markdown escaping).
 */
#ifndef EVS_FINDINGS_H
#define EVS_FINDINGS_H

#include <stdbool.h>
#include <stdio.h>

#include "study.h"
#include "text.h"

/* The level under which a result is a headline: p < 0.05, two-sided. */
#define FINDINGS_LEVEL 0.05

/* The sentence for window W of result I of ST (a new string the caller
 * frees), or for a skipped pair the reason it was not measured. */
char *findings_sentence (const evs_study *st, size_t i, size_t w);

/* True if window W of result I is estimated and p < FINDINGS_LEVEL. */
bool findings_significant (const evs_study *st, size_t i, size_t w);

/* W as the sentences write it, "[−1, +1]" (a new string). */
char *findings_window (study_window w);

/* How many other events of the timeline fall in window W of R (their
 * day 0 on R's series; the confounders study.c lists, at most
 * STUDY_MAX_CONFOUNDERS of them). */
size_t findings_others_in (const study_result *r, study_window w);

/* "NVDA, event 8 (2025-01-27): LABEL": who and what a pair's sentences
 * are about (a new string). */
char *findings_subject (const study_result *r);

/* `--format text`: for every pair, its subject line and one sentence per
 * window, text from the input made visible for a terminal
 * (text_visible); then the significance level.  Write errors are left
 * to the caller (ferror). */
void findings_write (FILE *fp, const evs_study *st);

/* Pieces of the sentences, for other sentence writers (bar_findings.c):
 * V with DEC decimals and U+2212 for a negative, then SUFFIX; a relative
 * day "0", "+1", "−5"; "the market model"; "5.1 standard errors from
 * zero (p < 0.001)" with ", within the noise of the estimation period"
 * from p >= 0.10. */
void findings_put_num (text_buf *b, double v, int dec, const char *suffix);
void findings_put_day (text_buf *b, int d);
void findings_put_model (text_buf *b, enum model_kind k);
void findings_put_test (text_buf *b, double t, double p);

#endif
