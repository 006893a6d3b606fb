/* output.h -- write a study's results as a table, CSV or JSON.
 *
 * Numbers in CSV and JSON are printed with 17 significant digits (they
 * round-trip to the same double); undefined values are empty in CSV and
 * null in JSON.  Text from input files is escaped for the format (RFC
 * 4180 quoting, JSON string escapes) and never interpreted.  The writers
 * do not check for write errors: the caller checks the stream once at the
 * end (ferror, fclose).
 */
#ifndef EVS_OUTPUT_H
#define EVS_OUTPUT_H

#include <stdio.h>

#include "aggregate.h"
#include "study.h"

/* OUTPUT_TEXT: plain sentences, written by findings_write (findings.h). */
enum output_format { OUTPUT_TABLE, OUTPUT_CSV, OUTPUT_JSON, OUTPUT_TEXT };
/* OUTPUT_BOTH (ARs per day, then CARs) is the default of the table format.
 * OUTPUT_CAR_PATH: each pair's CAR cumulated per day with its se
 * (study.h study_path), a per-pair table like the ar table. */
enum output_table { OUTPUT_CAR, OUTPUT_AR, OUTPUT_BOTH, OUTPUT_AGGREGATE, OUTPUT_TESTS,
                   OUTPUT_AGGREGATE_DAYS, OUTPUT_AGGREGATE_WINDOWS, OUTPUT_CAR_PATH };

/* True for the tables of the aggregate (aggregate, aggregate-days,
 * aggregate-windows, tests): output_csv_aggregate writes them. */
bool output_table_is_aggregate (enum output_table t);

bool output_parse_format (const char *s, enum output_format *f);
bool output_parse_table (const char *s, enum output_table *t);

void output_json (FILE *fp, const evs_study *st);
void output_csv (FILE *fp, const evs_study *st, enum output_table table);
void output_table (FILE *fp, const evs_study *st, enum output_table table);

/* The same documents with the cross-sectional aggregate (aggregate.h):
 * JSON gets a top-level "aggregate" list; CSV tables "aggregate" (AAR and
 * CAAR per group), "aggregate-days" (its day rows alone, typed columns),
 * "aggregate-windows" (its window rows alone) and "tests" (one row per
 * test); doc/schema/ describes every column; the text table adds,
 * after the per-event blocks, the aggregate with the most used tests when
 * there are several pairs, or the placebo test for a single pair. */
void output_json_aggregate (FILE *fp, const evs_study *st, const aggregate_run *agg);
/* output_json_aggregate's document without its closing "\n}\n", for a
 * writer that appends members of its own (xsout.h). */
void output_json_begin (FILE *fp, const evs_study *st, const aggregate_run *agg);
/* A string as output_json_* and output_csv_* write text from the input. */
void output_json_string (FILE *fp, const char *s);
void output_csv_string (FILE *fp, const char *s);
/* A number as they write one: CSV ",X" (",", empty when not finite),
 * JSON X or null; %.17g, so that a reader gets the double back. */
void output_csv_num (FILE *fp, double x);
/* The significance mark of P: "***" below 0.01, "**" 0.05, "*" 0.10. */
const char *output_stars (double p);
void output_json_num (FILE *fp, double x);
/* Pair I's text of kind KIND, the bytes output_csv (the car table) or
 * output_json writes for it (JSON: without the separator before it), so
 * that a study's text can be formatted where it is run and copied where
 * it is written (study.h study_text). */
void output_pair_text (FILE *fp, const evs_study *st, size_t i, enum study_text_kind kind);
void output_csv_aggregate (FILE *fp, const aggregate_run *agg, enum output_table table);
void output_table_aggregate (FILE *fp, const evs_study *st, const aggregate_run *agg,
                             enum output_table table);

/* Several measures of one run (--measure return,volume,volatility), the
 * studies STS[0..N-1] (and their aggregates) in that order.  JSON: one
 * document with "measures" and every result and aggregate cell carrying
 * "measure"; CSV: one table whose rows start with the measure, with the
 * union of the measures' columns (the day's values named value and
 * market_value); table: one block per measure under a heading. */
void output_json_multi (FILE *fp, const evs_study *const *sts, const aggregate_run *const *aggs,
                        size_t n);
void output_csv_multi (FILE *fp, const evs_study *const *sts, size_t n, enum output_table table);
void output_csv_aggregate_multi (FILE *fp, const aggregate_run *const *aggs, size_t n,
                                 enum output_table table);
void output_table_multi (FILE *fp, const evs_study *const *sts, const aggregate_run *const *aggs,
                         size_t n, enum output_table table);

#endif
