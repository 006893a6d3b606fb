#!/bin/bash
# contrib/parallel/shards.sh -- a sharded evstudy run with GNU parallel:
# the N shards as parallel jobs, then the merge when all succeeded
# (README, "More than one machine").
#
#   shards.sh N DIR STUDY-OPTIONS... -- MERGE-OPTIONS...
#
# It runs, in effect,
#   parallel evstudy STUDY-OPTIONS... --shard {}/N -o DIR/part{}.db ::: $(seq 0 N-1)
#   evstudy merge MERGE-OPTIONS... DIR/part0.db ... DIR/part(N-1).db
# PARALLEL_OPTS adds options to parallel: "-j 2" (jobs at once; default
# one per core), or "--sshlogin host1,host2 --workdir ." to run on other
# machines that see DIR and the inputs at the same paths (else add
# "--transferfile" for the inputs and "--return DIR/part{}.db --cleanup").
# EVSTUDY names the program (default: evstudy in PATH).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: shards.sh N DIR STUDY-OPTIONS... -- MERGE-OPTIONS..." >&2
  exit 2
fi
n=$1 dir=$2
shift 2
study=() merge=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do study+=("$1"); shift; done
[ $# -gt 0 ] && shift
merge=("$@")
evstudy=${EVSTUDY:-evstudy}
mkdir -p "$dir"
# -q: the command's words are passed as they are (no shell re-parsing of
# file names); --halt: the first failed shard stops the others.
# shellcheck disable=SC2086
parallel --will-cite -q --halt now,fail=1 ${PARALLEL_OPTS:-} \
  "$evstudy" "${study[@]}" --shard "{}/$n" -o "$dir/part{}.db" ::: $(seq 0 $((n - 1)))
parts=()
for i in $(seq 0 $((n - 1))); do parts+=("$dir/part$i.db"); done
exec "$evstudy" merge "${merge[@]}" "${parts[@]}"
