/* panel.h -- mid-ranks of the rows of an AR panel for the rank and sign
 * tests (evtests.h), each row's estimation ARs sorted once.
 *
 * A row is one (event, series) pair of a group: its ARs on the group's
 * M_EST estimation days (NaN where the pair has none), stored with their
 * ascending order.  The tests rank a row over its estimation days and an
 * event period (every reported day, or one window), GRANK over its
 * estimation days and one generalized SAR per tested day or window.
 * Instead of sorting the row again each time, panel_ranks merges the
 * stored order with the period's few sorted values: O(M_EST + L log L) a
 * row instead of O((M_EST + L) log (M_EST + L)).  The ranks and medians
 * are the numbers a sort gives (mid-ranks are exact in double).
 *
 * A panel is filled row by row (panel_row, then panel_sort_row), which
 * different threads may do for different rows; panel_ranks only reads it.
 * Each thread needs its own panel_ws.
 *
 * Batches: many cells add one value each to the same rows (GRANK's
 * generalized SAR of every tested day and window; each day outside the
 * windows' span added to the span).  panel_uniform_cols reads a row once
 * for all of them and splits the columns, not the rows, among threads, so
 * that each column sum still adds the rows in order (the same double);
 * panel_plus1_sums gives the sign and rank transforms, integers and
 * half-integers, whose sums are exact in any order.
 */
#ifndef EVS_PANEL_H
#define EVS_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct panel {
  size_t n, m_est;
  double *est;          /* n x m_est estimation ARs, NaN where missing */
  double *scaled;       /* the same divided by the row's scale (s_i) */
  uint32_t *order;      /* n x m_est: row i's finite columns, ascending */
  size_t *nfin;         /* finite estimation ARs of each row */
  /* Mid-ranks of each row's estimation values among its own finite ones
   * (NaN where not finite), the ARs [0] and the scaled ones [1], and the
   * number of finite scaled values: a half-integer below 2^23 is exact
   * in a float, and adding a period's values only shifts them. */
  float *r0[2];
  size_t *nfin_s;
} panel;

/* Workspace of one thread for rows of M_EST estimation days and event
 * periods of up to LMAX days. */
typedef struct panel_ws {
  size_t m_est, lmax;
  double *val;          /* merged finite values, ascending */
  uint32_t *src;        /* their columns */
  struct panel_key *key;  /* the values being sorted */
  struct panel_key *tmp;  /* and the sort's workspace */
  double *utab;         /* panel_utab's table, and its M1 (0: none yet) */
  size_t utab_m1;
} panel_ws;

/* Allocates a panel of N rows, every estimation AR NaN. */
void panel_init (panel *p, size_t n, size_t m_est);
void panel_release (panel *p);

/* Row I's M_EST estimation ARs, to fill before panel_sort_row. */
double *panel_row (panel *p, size_t i);

/* Stores the ascending order of row I's finite estimation ARs, and the
 * ARs divided by SCALE (s_i: a positive divisor keeps their order). */
void panel_sort_row (panel *p, size_t i, double scale, panel_ws *ws);

void panel_ws_init (panel_ws *ws, size_t m_est, size_t lmax);
void panel_ws_release (panel_ws *ws);

/* Mid-ranks (1-based, ties averaged, as R's rank) among the finite
 * values of row I's estimation ARs (SCALED: divided by the row's scale)
 * and the L <=
 * ws->lmax event values EV (NaN where missing).  RANK[0..m_est) gets the
 * estimation days' ranks, RANK[m_est..m_est + L) those of EV, NaN where a
 * value is missing.  *MEDIAN (if not NULL) gets the median of the finite
 * values, NaN if none.  Returns their number. */
size_t panel_ranks (const panel *p, size_t i, bool scaled, const double *ev,
                    size_t L, double *rank, double *median, panel_ws *ws);

/* The most event values panel_ranks_few takes. */
#define PANEL_FEW 4

/* panel_ranks for L <= PANEL_FEW event values (a short window), the same
 * ranks and count, without a merge or a sort: each estimation value's
 * rank is its rank among the row's own (panel.r0) plus how many event
 * values lie below it (1/2 for a tie), an event value's is counted, and
 * the median (only of the ARs: SCALED false, else pass NULL) is picked
 * from the stored order and the few sorted event values (equal in value
 * to panel_ranks', but for the sign of a zero). */
size_t panel_ranks_few (const panel *p, size_t i, bool scaled, const double *ev,
                        size_t L, double *rank, double *median);

/* panel_ranks, and the middle of the K merged finite values sorted
 * (S[0..K)) that panel_ranks_plus1 needs: MID[0..3) = S[H - 2], S[H - 1],
 * S[H] with H = (K + 1) / 2, -inf before S[0] and +inf after S[K - 1]. */
size_t panel_ranks_mid (const panel *p, size_t i, bool scaled, const double *ev,
                        size_t L, double *rank, double *median, double mid[3],
                        panel_ws *ws);

/* The ranks of row I over its estimation values, the L event values EV
 * and one more value E (NaN if missing), from those over the first two
 * that panel_ranks_mid gave: BASE[0..m_est + L) (the ranks), M (their
 * number), BASE_MEDIAN and MID.  RANK[0..m_est + L + 1) and *MEDIAN are
 * what panel_ranks gives for EV followed by E, the same numbers, in
 * O(M_EST + L) with no sort or merge: adding E moves each rank by 0, 1/2
 * or 1, and the median is a middle value of the base clamped by E. */
size_t panel_ranks_plus1 (const panel *p, size_t i, bool scaled, const double *ev,
                          size_t L, const float *base, size_t M,
                          double base_median, const double mid[3], double e,
                          double *rank, double *median);

/* GRANK's case, one event value G: adds the uniform ranks U = K / (M + 1)
 * - 1/2 (K and M as panel_ranks gives them for EV = &G, L = 1) of row I
 * to the column sums SUM and counts CNT (m_est + 1 columns, G's last),
 * without building the merged row: O(M_EST) with no division but U's. */
void panel_add_uniform1 (const panel *p, size_t i, bool scaled, double g,
                         double *sum, double *cnt, panel_ws *ws);

/* The uniform ranks U = K / M1 - 1/2 of every mid-rank K = J / 2, J in
 * 0..2 M1, at index J: the same divisions, done once for all rows with
 * M1 - 1 values (most rows of a study have the same number) instead of
 * once a value.  M1 <= ws->m_est + ws->lmax + 2.  The table stays valid
 * until the next call with another M1. */
const double *panel_utab (panel_ws *ws, size_t m1);

/* What aggregate.c adds for the sign and rank tests of row I (raw ARs)
 * over its estimation values, the L event values EV and E, from the
 * ranks BASE, M, BASE_MEDIAN and MID of the first two as
 * panel_ranks_plus1 takes them (m_est + L + 1 columns, E's last).  For
 * t < m_est + L, to SUM[0][t] the sign G = sign (v - median) of each
 * ranked value v and to SUM[1][t] how much its rank transform
 * K' - (M' + 1) / 2 exceeds the base's K - (M + 1) / 2, counting nothing
 * (the values counted are the base's); for a finite E, its G and rank
 * transform to column m_est + L, counted in CNT[0] and CNT[1].  One
 * branch-free pass and no rank row; every number added is an integer or
 * a half-integer, the terms of panel_ranks_plus1's ranks and median. */
void panel_plus1_sums (const panel *p, size_t i, const double *ev, size_t L,
                       const float *base, size_t M, double base_median,
                       const double mid[3], double e, double *sum[2],
                       double *cnt[2]);

/* Row A of a batch for panel_uniform_cols: its C values (the first C1
 * from *V1, the rest from *V2 at index t - C1), their mid-ranks *R among
 * the row's finite values (NaN where not ranked) and their number *M. */
typedef void panel_row_fn (void *ctx, size_t a, const double **v1,
                           const double **v2, const float **r, size_t *m);

/* K extra values a row at once, E[a * K + j] (NaN if missing): for each
 * J, the column sums SUM[J * (C + 1) + t] and counts CNT (C + 1 columns,
 * the extra value's last) of the uniform ranks U = K' / (M' + 1) - 1/2
 * of the row's values and E's, K' and M' their ranks and number with E
 * added (panel_add_uniform1 for one value; panel_ranks_plus1 and
 * panel_utab for a period plus one day).  SUM and CNT are overwritten.
 * Each column adds the N rows' values in row order, the additions of a
 * loop over the rows, so the sums are those to the last bit; the columns
 * are split into blocks run on JOBS threads, and one pass over a row
 * serves all K values. */
void panel_uniform_cols (size_t n, size_t c, size_t c1, size_t k,
                         panel_row_fn *row, void *ctx, const double *e,
                         double *sum, double *cnt, unsigned jobs);

#endif
