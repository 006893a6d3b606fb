/* bar_plot.h -- charts of an intraday study: one per (event, series)
 * pair, from the template plots/intraday.gp, through plot.h's quoting,
 * template filling and gnuplot runner (plot.h states the rules: text
 * from input only through plot_gp_quote, data files of numbers and
 * times only, file names from plot_slug). */
#ifndef EVS_BAR_PLOT_H
#define EVS_BAR_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "bar_study.h"
#include "error.h"
#include "plot.h"

/* Writes NAME.dat, NAME.tics.dat and NAME.gp into O->dir (created if
 * missing) for every studied pair of RES[0..N) with ARs, NAME being
 * "intraday-" and the pair's position (from 1), '-' and a slug of its
 * ticker, and lists the charts in OUT (initialised here; kind PLOT_AR,
 * event set, series NULL).  VOLUME: the results are abnormal log volumes
 * (drawn in log units, not percent).  Run plot_render on OUT to draw them.
 * EVS_EIO if a file cannot be written or the templates are not found,
 * EVS_EDATA for a bad template; OUT is released on failure. */
int bar_plot_write (const plot_opts *o, const bar_result *res, size_t n, bool volume,
                    plot_set *out, evs_error *err);

#endif
