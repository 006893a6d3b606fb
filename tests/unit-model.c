/* unit-model.c -- the normal-return models and the calendar's time-zone
 * arithmetic on inputs small enough to work out by hand.
 *
 * Data: Rm = (-1, 0, 1), R = (1, 2, 6).  By hand:
 *  market model: mean Rm = 0, Sxx = 2, beta = sum(Rm R)/Sxx = 5/2,
 *    alpha = mean R = 3, residuals (0.5, -1, 0.5), SSR = 1.5,
 *    s^2 = SSR/(T-2) = 1.5, SST = 14, R^2 = 1 - 1.5/14 = 25/28.
 *    Var(AR | Rm = 2) = s^2 (1 + 1/3 + 4/2) = 5            (MacKinlay eq. 9)
 *    Var(CAR | Rm = (2, -1)) = s^2 (2 + 4/3 + (1 - 0)^2/2) = 5.75
 *  mean model: mu = 3, s^2 = 14/2 = 7, Var(AR) = 7 (1 + 1/3) = 28/3,
 *    Var(CAR, L = 2) = 7 (2 + 4/3) = 70/3.
 *  market-adjusted: R - Rm = (2, 2, 5), s^2 = 6/2 = 3, Var(AR) = 3,
 *    Var(CAR, L = 2) = 6.
 * Student t: P(|T| > 1) = 1/2 with 1 df (Cauchy); 1 - 1/sqrt(3) with 2 df
 * (closed form 1 - t/sqrt(2 + t^2)).
 */
#include <config.h>

#include <gsl/gsl_errno.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"
#include "date.h"
#include "model.h"

static int failures;

static void
check (const char *what, double got, double want, double rtol)
{
  double err = fabs (got - want) / fmax (fabs (want), 1e-300);
  if (!(err <= rtol))
    {
      printf ("FAIL %s: got %.17g, want %.17g (rel err %.3g)\n", what, got, want, err);
      failures++;
    }
}

static void
test_models (void)
{
  const double rm[] = { -1, 0, 1 }, r[] = { 1, 2, 6 };
  model_fit f;
  evs_error err;

  if (model_estimate (MODEL_MARKET, r, rm, 3, &f, &err) != EVS_OK)
    failures++;
  check ("market alpha", f.alpha, 3, 1e-14);
  check ("market beta", f.beta, 2.5, 1e-14);
  check ("market sigma", f.sigma, sqrt (1.5), 1e-14);
  check ("market r2", f.r2, 25.0 / 28, 1e-14);
  check ("market df", f.df, 1, 0);
  check ("market Var(AR)", model_ar_var (&f, 2), 5, 1e-14);
  /* Var(CAR) over 2 days whose market returns sum to 1: u = (2, 1),
   * L s^2 + u'Cu = 3 + 2.75 (study.c's car_se). */
  const double u_market[] = { 2, 1 }, u_mean[] = { 2 };
  check ("market Var(CAR)", model_u_var (&f, 2, u_market), 5.75, 1e-14);
  check ("market expected", model_expected (&f, 2), 8, 1e-14);

  model_estimate (MODEL_MEAN, r, rm, 3, &f, &err);
  check ("mean alpha", f.alpha, 3, 1e-14);
  check ("mean sigma", f.sigma, sqrt (7), 1e-14);
  check ("mean Var(AR)", model_ar_var (&f, 123), 28.0 / 3, 1e-14);
  check ("mean Var(CAR)", model_u_var (&f, 2, u_mean), 70.0 / 3, 1e-14);
  check ("mean expected", model_expected (&f, 123), 3, 0);

  model_estimate (MODEL_MARKET_ADJUSTED, r, rm, 3, &f, &err);
  check ("madj sigma", f.sigma, sqrt (3), 1e-14);
  check ("madj Var(AR)", model_ar_var (&f, 2), 3, 1e-14);
  check ("madj Var(CAR)", model_u_var (&f, 2, u_market), 6, 1e-14);
  check ("madj expected", model_expected (&f, 0.25), 0.25, 0);

  const double flat[] = { 1, 1, 1 };
  if (model_estimate (MODEL_MARKET, r, flat, 3, &f, &err) != EVS_EDATA)
    {
      puts ("FAIL constant market accepted");
      failures++;
    }
  if (model_estimate (MODEL_MARKET, r, rm, 2, &f, &err) != EVS_EDATA)
    {
      puts ("FAIL two observations accepted for the market model");
      failures++;
    }
  check ("p(t=1, df=1)", model_p_two_sided (1, 1), 0.5, 1e-14);
  check ("p(t=-1, df=2)", model_p_two_sided (-1, 2), 1 - 1 / sqrt (3), 1e-14);
}

/* 2025-01-27 is day 20115 (date -ud 2025-01-27 +%s, / 86400); 16:00 in New
 * York (EST, UTC-5) is 21:00 UTC = 20115 * 86400 + 75600 = 1738011600.
 * 2025-07-01 16:00 in New York (EDT, UTC-4) is 20:00 UTC = 1751400000. */
static void
test_calendar (void)
{
  int32_t d;
  int64_t t;
  int minute;
  date_from_ymd (2025, 1, 27, &d);
  check ("day number", d, 20115, 0);
  if (!calendar_local_to_utc ("America/New_York", d, 16 * 60, &t))
    failures++;
  check ("EST close", (double) t, 1738011600.0, 0);
  date_from_ymd (2025, 7, 1, &d);
  calendar_local_to_utc ("America/New_York", d, 16 * 60, &t);
  check ("EDT close", (double) t, 1751400000.0, 0);
  calendar_utc_to_local ("Asia/Hong_Kong", 1751400000, &d, &minute);
  check ("Hong Kong day", d, 20115 + 156, 0);  /* 2025-07-02 */
  check ("Hong Kong minute", minute, 4 * 60, 0);
  if (calendar_tz_valid ("Mars/Olympus") || calendar_tz_valid ("../etc/passwd")
      || !calendar_tz_valid ("Asia/Shanghai"))
    {
      puts ("FAIL calendar_tz_valid");
      failures++;
    }
  if (calendar_for_ticker ("9988.HK") != calendar_by_code ("HK")
      || calendar_for_ticker ("^HSI") != calendar_by_code ("HKEX")
      || calendar_for_ticker ("NVDA") != calendar_by_code ("NYSE")
      || calendar_for_ticker ("BRK.B") != calendar_by_code ("US"))
    {
      puts ("FAIL calendar_for_ticker");
      failures++;
    }
}

int
main (void)
{
  /* GSL reports through return codes; its default handler aborts. */
  gsl_set_error_handler_off ();
  test_models ();
  test_calendar ();
  if (failures)
    printf ("%d failures\n", failures);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
