#!/usr/bin/env bash
# Executor work must not change what a run gives (issue 18): compares this
# checkout's build with another (e.g. main's, its dist built), run for run,
# on every fixture of fixtures/components (0.2 and 0.3) and every wrong port
# under fixtures/components/*/wrong, seeds 0..N-1: trace, verdict, steps and
# virtual time byte for byte (scripts/exec-results.mjs); then `validate
# fixtures/components/*/ --seeds N`: stdout, stderr and exit code.
# Exit 0 when all are the same, else 1.
#
#   scripts/exec-same-results.sh /path/to/baseline-checkout [seeds=20] [node]
set -u
BASE=$(cd "${1:?usage: exec-same-results.sh <baseline checkout with dist/> [seeds] [node]}" && pwd)
SEEDS=${2:-20}
NODE=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
# The Node the project brings (a devDependency, as npm test and npm run bench use), else the one on PATH.
[ -n "$NODE" ] || { [ -x node_modules/.bin/node ] && NODE=node_modules/.bin/node || NODE=node; }
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/exec-same-results-XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

fail=0
"$NODE" scripts/exec-results.mjs "$ROOT" "$SEEDS" >"$SCRATCH/ours.jsonl" || { echo "runs failed on this checkout"; exit 2; }
"$NODE" scripts/exec-results.mjs "$BASE" "$SEEDS" >"$SCRATCH/base.jsonl" || { echo "runs failed on $BASE"; exit 2; }
n=$(wc -l <"$SCRATCH/ours.jsonl")
if cmp -s "$SCRATCH/ours.jsonl" "$SCRATCH/base.jsonl"; then
  echo "same  $n runs (trace, verdict, steps, virtual time)"
else
  fail=1
  echo "DIFF  runs (of $n; first differing lines):"
  diff "$SCRATCH/base.jsonl" "$SCRATCH/ours.jsonl" | cut -c1-400 | head -10
fi

NO_COLOR=1 "$NODE" bin/wasi-migrate validate fixtures/components/*/ --seeds "$SEEDS" >"$SCRATCH/o.out" 2>"$SCRATCH/o.err"
o=$?
NO_COLOR=1 "$NODE" "$BASE/bin/wasi-migrate" validate fixtures/components/*/ --seeds "$SEEDS" >"$SCRATCH/b.out" 2>"$SCRATCH/b.err"
b=$?
if [ "$o" = "$b" ] && cmp -s "$SCRATCH/o.out" "$SCRATCH/b.out" && cmp -s "$SCRATCH/o.err" "$SCRATCH/b.err"; then
  echo "same  (exit $o)  validate fixtures/components/*/ --seeds $SEEDS"
else
  fail=1
  echo "DIFF  (exit $o vs $b)  validate fixtures/components/*/ --seeds $SEEDS"
  diff "$SCRATCH/b.out" "$SCRATCH/o.out" | head -20
  diff "$SCRATCH/b.err" "$SCRATCH/o.err" | head -20
fi
exit $fail
