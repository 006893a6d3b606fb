#!/bin/bash
# contrib/slurm/submit.sh -- submits a sharded evstudy run to Slurm: a
# job array of N shards (shards.sbatch), then the merge (merge.sbatch),
# which starts only when every shard succeeded (--dependency=afterok).
# Prints the two job ids.
#
#   submit.sh N DIR STUDY-OPTIONS... -- MERGE-OPTIONS...
#
# e.g. submit.sh 16 /shared/run1 --events ev.csv --prices all.csv \
#        --market SPY --bootstrap 9999 -- --format json -o /shared/run1/result.json
# DIR (on a file system every node sees) gets the shard files.
# SBATCH_OPTS: more sbatch options for both jobs (a partition, an account).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: submit.sh N DIR STUDY-OPTIONS... -- MERGE-OPTIONS..." >&2
  exit 2
fi
n=$1 dir=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
study=() merge=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do study+=("$1"); shift; done
[ $# -gt 0 ] && shift
merge=("$@")
mkdir -p "$dir"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_OPTS:-} --array=0-$((n - 1)) "$here/shards.sbatch" "$dir" "${study[@]}")
array=${array%%;*}
# shellcheck disable=SC2086
job=$(sbatch --parsable ${SBATCH_OPTS:-} --dependency=afterok:"$array" "$here/merge.sbatch" \
  "$dir" "$n" "${merge[@]}")
echo "$array ${job%%;*}"
