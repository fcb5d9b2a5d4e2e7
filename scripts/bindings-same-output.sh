#!/usr/bin/env bash
# The bindings rewriter's output must not change with speed work (issue 16):
# dumps what this checkout's build and another build (e.g. main's) produce
# for the bench project, every transform case, every project under fixtures/
# and every unit of the third-party corpus (migrate --write, then a second
# run; scripts/bindings-dump.mjs), and compares the dumps byte for byte.
# Exit 0 when all are the same, else 1 (the differing dumps are listed).
#
#   scripts/bindings-same-output.sh /path/to/baseline/bin/wasi-migrate [node]
set -u
BASE=${1:?usage: bindings-same-output.sh <baseline bin/wasi-migrate> [node]}
NODE=${2:-node}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASEROOT=$(cd "$(dirname "$BASE")/.." && pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/bindings-same-output-XXXXXX")
trap '[ -n "${KEEP_SCRATCH:-}" ] || rm -rf "$SCRATCH"' EXIT
# The dumper is this checkout's, run against each build's dist/.
"$NODE" "$ROOT/scripts/bindings-dump.mjs" "$ROOT" "$SCRATCH/ours" || exit 2
"$NODE" "$ROOT/scripts/bindings-dump.mjs" "$BASEROOT" "$SCRATCH/base" || exit 2
if diff -rq "$SCRATCH/base" "$SCRATCH/ours"; then
  echo "same output: $(ls "$SCRATCH/ours" | wc -l) dumps"
  exit 0
fi
exit 1
