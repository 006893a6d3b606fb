/* formula.h -- the model formula of a cross-sectional regression
 * (--regress, issue 13), in R's notation:
 *
 *   Y ~ X1 + X2 + C(name) [- 1 | + 0]
 *
 * Y is car[A,B], scar[A,B] (CAR / its se) or bhar[A,B] over relative
 * days A..B.  A term is a column name (letters, digits, '_' and '.', not
 * starting with a digit, or any text in backquotes), C(name) for the
 * dummies of a text column, or 1 / 0 (intercept kept / dropped); "- 1"
 * drops the intercept.  Positions are 1-based byte offsets into the
 * formula, for messages.
 */
#ifndef EVS_FORMULA_H
#define EVS_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum formula_y { FORMULA_CAR, FORMULA_SCAR, FORMULA_BHAR };

typedef struct formula_term {
  char *name;          /* the column */
  bool factor;         /* C(name) */
  size_t pos;          /* where the term starts */
} formula_term;

typedef struct formula {
  char *text;          /* the formula as given */
  enum formula_y y;
  int a, b;            /* Y's window, a <= b */
  formula_term *terms;
  size_t nterms;
  bool intercept;
} formula;

/* Name of a Y measure ("car", "scar", "bhar"). */
const char *formula_y_name (enum formula_y y);

/* Parses S into F (initialised here; formula_release frees it).
 * EVS_EUSAGE with "position N: WHAT" for a syntax error, a window with
 * A > B or beyond +-100000, a repeated term, a term removed other than
 * the intercept, no regressor at all. */
int formula_parse (const char *s, formula *f, evs_error *err);

void formula_release (formula *f);

#endif
