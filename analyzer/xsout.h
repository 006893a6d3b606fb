/* xsout.h -- the cross-sectional regressions (xsreg.h) as a text table,
 * CSV (--table regress) and the JSON block "regressions", written apart
 * from output.c's study writers so that each can change alone.  Text
 * from the input (terms, tickers, reasons) is escaped for its format as
 * output.h describes. */
#ifndef EVS_XSOUT_H
#define EVS_XSOUT_H

#include <stdio.h>

#include "ctport.h"
#include "lbt.h"
#include "xsreg.h"

/* One block per regression: the fit's summary line, the coefficients
 * with their se, t, df, p and 95% interval, and the pairs left out. */
void xsout_table (FILE *fp, const xsreg_result *x, size_t n);

/* A header, then one row per coefficient:
 * regression,formula,y,window_start,window_end,weights,vcov,term,
 * estimate,se,t,df,p,ci_low,ci_high,n,k,r2,adj_r2,F,F_df1,F_df2,F_p,left_out */
void xsout_csv (FILE *fp, const xsreg_result *x, size_t n);

/* ",\n \"regressions\": [...]" to follow the members of output.c's
 * document (output_json_begin) before its closing brace. */
void xsout_json (FILE *fp, const xsreg_result *x, size_t n);

/* The long-horizon BHAR tests (lbt.h), one per window: a table block,
 * CSV (--table bhar: window_start,window_end,n,mean_bhar,sd,skewness,t,
 * df,p,t_sa,p_boot,n_boot,resample_size) and ",\n \"bhar_tests\": [...]". */
void xsout_bhar_table (FILE *fp, const lbt_result *x, size_t n);
void xsout_bhar_csv (FILE *fp, const lbt_result *x, size_t n);
void xsout_bhar_json (FILE *fp, const lbt_result *x, size_t n);

/* The calendar-time portfolio (ctport.h): a table block, CSV (--table
 * calendar: term,estimate,se,t,p,se_hc,t_hc,p_hc,df,hc,sessions,
 * mean_holdings,max_holdings,pairs,alpha_annual,r2) and
 * ",\n \"calendar_time\": {...}" with the daily series. */
void xsout_ct_table (FILE *fp, const ctport_result *c, study_window hold);
void xsout_ct_csv (FILE *fp, const ctport_result *c);
void xsout_ct_json (FILE *fp, const ctport_result *c, study_window hold);

#endif
