#!/bin/sh
# Interrupted runs leave no temporaries (issue 11, item 5).  A run is
# stopped while its report is being drawn (a stand-in gnuplot that waits,
# so the run is surely in progress) with a real SIGINT, SIGTERM or SIGHUP:
# it dies of that signal, its DIR.evstudy-tmp.PID.XXXXXX directory is
# gone and the previous report is untouched.  kill -9 cannot be caught:
# the directory it leaves is removed by the next run, and so is a stale
# -o temporary of a dead process, while files that only look like
# evstudy's temporaries stay.  tests/unit-fsout.c sends the same signals
# to a process holding a temporary -o file.
. "$TOP_SRCDIR/tests/setup"
need_shared
export EVSTUDY_PLOTS="$TOP_SRCDIR/plots"
EV="$FIXTURES/events/min.csv"
GP_PID_FILE="$tmp/gp.pid"
export GP_PID_FILE

# The stand-in gnuplot: answers --version, then waits to be killed.
cat > slowgp <<'GP'
#!/bin/sh
if [ "$1" = --version ]; then echo "gnuplot 5.4 patchlevel 4"; exit 0; fi
echo $$ > "$GP_PID_FILE"
exec sleep 120
GP
chmod +x slowgp

evstudy --events "$EV" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format csv --report rep --gnuplot /nonexistent/gnuplot > /dev/null 2>&1 || :
[ -s rep/.evstudy-report ] || fail "no first report"
before=$(cd rep && cksum .evstudy-report *)

# start SIG: starts a run drawing into rep with the stand-in, in the
# background with SIG's default action (a non-interactive shell starts
# background jobs with SIGINT ignored), and waits until it draws.
start () {
  rm -f "$GP_PID_FILE"
  env --default-signal="$1" "$EVSTUDY" --events "$EV" --prices "$PRICES/NVDA.csv" \
    --market "$PRICES/SPY.csv" --format csv -o res.csv --report rep --gnuplot ./slowgp \
    > /dev/null 2> run-err.txt &
  pid=$!
  i=0
  while [ ! -s "$GP_PID_FILE" ]; do
    i=$((i + 1))
    [ $i -lt 600 ] || { kill -9 "$pid"; fail "the run never started drawing: $(cat run-err.txt)"; }
    sleep 0.1
  done
  ls -d rep.evstudy-tmp.$pid.* > /dev/null 2>&1 || fail "no temporary report directory while drawing"
}
stop_gnuplot () { kill "$(cat "$GP_PID_FILE")" 2> /dev/null || :; }

for case in INT:130 TERM:143 HUP:129; do
  sig=${case%:*} want=${case#*:}
  start "$sig"
  kill -s "$sig" "$pid"
  set +e; wait "$pid"; status=$?; set -e
  stop_gnuplot
  [ "$status" -eq "$want" ] || fail "SIG$sig: exit status $status, expected $want (died of the signal)"
  [ -z "$(ls -d rep.evstudy-tmp.* res.csv.evstudy-tmp.* 2> /dev/null)" ] \
    || fail "SIG$sig left: $(ls -d rep.evstudy-tmp.* res.csv.evstudy-tmp.*)"
  [ "$(cd rep && cksum .evstudy-report *)" = "$before" ] || fail "SIG$sig: previous report changed"
done

# kill -9 leaves the directory; the next run removes it.
start TERM
kill -9 "$pid"
set +e; wait "$pid"; set -e
stop_gnuplot
left=$(ls -d rep.evstudy-tmp.* 2> /dev/null) || :
[ -n "$left" ] || fail "kill -9 left no temporary (the test did not interrupt the run)"
# Temporaries of a dead process beside -o's target, and look-alikes.
dead=$(sh -c 'echo $$')
touch "res.csv.evstudy-tmp.$dead.AbCd3f" "res.csv.evstudy-tmp.$dead.AbC" \
  "other.csv.evstudy-tmp.$dead.AbCd3f" res.csv.tmpAbCd3f
evstudy --events "$EV" --prices "$PRICES/NVDA.csv" --market "$PRICES/SPY.csv" \
  --format csv -o res.csv --report rep --gnuplot /nonexistent/gnuplot 2> /dev/null || :
[ ! -e "$left" ] || fail "stale $left not removed by the next run"
[ ! -e "res.csv.evstudy-tmp.$dead.AbCd3f" ] || fail "stale -o temporary not removed"
for f in "res.csv.evstudy-tmp.$dead.AbC" "other.csv.evstudy-tmp.$dead.AbCd3f" res.csv.tmpAbCd3f; do
  [ -e "$f" ] || fail "$f removed: it is not one of evstudy's temporaries of res.csv"
done
[ -s res.csv ] || fail "no output"
