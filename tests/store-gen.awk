# store-gen.awk -- a long price file for the store tests: NT tickers x ND
# weekdays from 2000-01-03, prices a deterministic walk times SCALE.
function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
  z += 719468; era = int(z / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe/1460) + int(doe/36524) - int(doe/146096)) / 365)
  y = yoe + era * 400; doy = doe - (365*yoe + int(yoe/4) - int(yoe/100))
  mp = int((5*doy + 2)/153); d = doy - int((153*mp+2)/5) + 1
  m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
  return sprintf("%04d-%02d-%02d", y, m, d)
}
BEGIN {
  print "Date,ticker,price"
  for (t = 0; t < nt; t++) {
    day = 10959; n = 0; p = 100 + t
    while (n < nd) {
      if ((day + 3) % 7 < 5) {
        p = p * (1 + 0.02 * sin(day * 0.7 + t * 1.3) + 0.0004)
        printf "%s,T%02d,%.6f\n", civil(day), t, p * scale; n++
      }
      day++
    }
  }
}
