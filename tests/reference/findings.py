#!/usr/bin/env python3
"""Expected `--format text` of the README example (issue 14).

Renders, from the numbers of the independent base-R reference
(tests/reference/study.R, its files expected/nvda-baba-9988-{car,ar}.csv),
the sentences that findings.c must write, following the wording of
analyzer/findings.h.  Nothing here reads evstudy's output: the returns and
expected returns of each window are the sums of R's daily values, the
abnormal return, t and p are R's, and the other events of a window are
the events whose day 0 (R's day0 column, same series) falls between the
window's first and last dates (R's AR file).

    python3 tests/reference/findings.py > tests/reference/expected/findings-nvda-baba-9988.txt
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, "expected")
MINUS = "\u2212"
WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight",
         "nine", "ten", "eleven", "twelve"]


def num(v, dec, suffix=""):
    s = "%.*f" % (dec, abs(v))
    zero = s.strip("0.") == ""
    return (MINUS if v < 0 and not zero else "") + s + suffix


def day(d):
    return MINUS + str(-d) if d < 0 else ("+%d" % d if d else "0")


def window(a, b):
    return "[%s, %s]" % (day(a), day(b))


def count(n, cap):
    if n > 12:
        return str(n)
    w = WORDS[n]
    return w[0].upper() + w[1:] if cap else w


def others(n_in, n_total, a, b, span):
    if (a, b) == span or n_in == n_total:
        if n_in == 0 and (a, b) != span:
            return " No other event falls in the %s span around it." % window(*span)
        verb = " falls" if n_in <= 1 else "s fall"
        return " %s other event%s in its %s window." % (count(n_in, True), verb, window(a, b))
    verb = " falls" if n_in <= 1 else "s fall"
    return " %s other event%s in this window, but %s %s in the %s span around it." % (
        count(n_in, True), verb, count(n_total, False),
        "falls" if n_total == 1 else "fall", window(*span))


def main():
    cars = list(csv.DictReader(open(os.path.join(EXP, "nvda-baba-9988-car.csv"))))
    ars = list(csv.DictReader(open(os.path.join(EXP, "nvda-baba-9988-ar.csv"))))
    wins = []
    for c in cars:
        w = (int(c["window_start"]), int(c["window_end"]))
        if w not in wins:
            wins.append(w)
    span = (min(a for a, _ in wins), max(b for _, b in wins))
    day0 = {(c["ticker"], c["event"]): c["day0"] for c in cars}
    days = {}
    for r in ars:
        days.setdefault((r["ticker"], r["event"]), []).append(r)
    out = []
    pairs = []
    for c in cars:
        k = (c["event"], c["ticker"])
        if k not in pairs:
            pairs.append(k)
    for ev, tic in pairs:
        rows = [c for c in cars if c["event"] == ev and c["ticker"] == tic]
        c0 = rows[0]
        subj = "%s, event %s (%s" % (tic, ev, c0["event_date"])
        if c0["day0"] != c0["event_date"]:
            subj += "; day 0 %s, the first session that could react" % c0["day0"]
        subj += "): %s" % c0["label"]
        if out:
            out.append("")
        out.append(subj)
        d = days[(tic, ev)]
        date_of = {int(r["day"]): r["date"] for r in d}
        # Other events of this series and their day 0 dates.
        conf = [day0[(tic, e)] for (t2, e) in day0 if t2 == tic and e != ev]
        sa, sb = date_of[span[0]], date_of[span[1]]
        total = sum(sa <= x <= sb for x in conf)
        for c in rows:
            a, b = int(c["window_start"]), int(c["window_end"])
            sel = [r for r in d if a <= int(r["day"]) <= b]
            ret = sum(float(r["return"]) for r in sel)
            exp = sum(float(r["expected"]) for r in sel)
            first, last = date_of[a], date_of[b]
            car, t, p = float(c["car"]), float(c["t"]), float(c["p"])
            if a == b:
                s = "%.2f" % abs(100 * ret)
                move = "%s %s %s%% on %s" % (tic, "fell" if ret < 0 else "rose", s, first)
                if a != 0:
                    move += " (day %s)" % day(a)
            else:
                move = "%s's daily returns from %s to %s add up to %s" % (
                    tic, first, last, num(100 * ret, 2, "%"))
            s = "%s; the market model expected %s; the %s %sabnormal return is %s standard " \
                "error%s from zero (p %s)" % (
                    move, num(100 * exp, 2, "%"), num(100 * car, 2, "%"),
                    "" if a == b else "cumulative ", num(abs(t), 1),
                    "" if 0.95 <= abs(t) < 1.05 else "s",
                    "< 0.001" if p < 0.001 else "= %.3f" % p)
            if p >= 0.10:
                s += ", within the noise of the estimation period"
            s += "."
            n_in = sum(first <= x <= last for x in conf)
            s += others(n_in, total, a, b, span)
            out.append("  %s %s" % (window(a, b), s))
    out.append("")
    out.append("p: two-sided t test of each pair (MacKinlay 1997); headline findings "
               "are those with p < 0.05.")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
