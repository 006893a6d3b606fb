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

enum output_format { OUTPUT_TABLE, OUTPUT_CSV, OUTPUT_JSON };
/* OUTPUT_BOTH (ARs per day, then CARs) is the default of the table format. */
enum output_table { OUTPUT_CAR, OUTPUT_AR, OUTPUT_BOTH, OUTPUT_AGGREGATE, OUTPUT_TESTS };

bool output_parse_format (const char *s, enum output_format *f);
bool output_parse_table (const char *s, enum output_table *t);

void output_json (FILE *fp, const evs_study *st);
void output_csv (FILE *fp, const evs_study *st, enum output_table table);
void output_table (FILE *fp, const evs_study *st, enum output_table table);

/* The same documents with the cross-sectional aggregate (aggregate.h):
 * JSON gets a top-level "aggregate" list; CSV tables "aggregate" (AAR and
 * CAAR per group) and "tests" (one row per test); the text table adds,
 * after the per-event blocks, the aggregate with the most used tests when
 * there are several pairs, or the placebo test for a single pair. */
void output_json_aggregate (FILE *fp, const evs_study *st, const aggregate_run *agg);
void output_csv_aggregate (FILE *fp, const aggregate_run *agg, enum output_table table);
void output_table_aggregate (FILE *fp, const evs_study *st, const aggregate_run *agg,
                             enum output_table table);

/* One text field as this module writes it, for the intraday writers
 * (cmd-intraday.c): RFC 4180 quoting, or a JSON string with escapes. */
void output_csv_str (FILE *fp, const char *s);
void output_json_str (FILE *fp, const char *s);

#endif
