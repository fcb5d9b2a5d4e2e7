#!/usr/bin/env bash
# Start-up work must not change what the CLI says (issue 18): runs the same
# command lines with this checkout's bin/wasi-migrate and with another build's
# (e.g. main's), from the same folder, and compares stdout, stderr and the
# exit code of each. Exit 0 when every line gives the same three, else 1.
#
#   scripts/same-cli-output.sh /path/to/baseline/bin/wasi-migrate [node]
#
# Runs from the repository root; a scratch folder holds the broken packages.
set -u
BASE=${1:?usage: same-cli-output.sh <baseline bin/wasi-migrate> [node]}
NODE=${2:-node}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OURS=$ROOT/bin/wasi-migrate
cd "$ROOT" || exit 2
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/same-cli-output-XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# Packages that fail: a syntax error, a name that does not resolve, a deps/ package that is not there.
mkdir -p "$SCRATCH/syntax" "$SCRATCH/unresolved" "$SCRATCH/missing-dep" "$SCRATCH/empty"
printf 'package a:b@0.1.0;\n\ninterface i {\n  f: func( -> u32;\n}\n' >"$SCRATCH/syntax/x.wit"
printf 'package a:b@0.1.0;\n\ninterface i {\n  f: func() -> nope;\n}\n\nworld w { export i; }\n' >"$SCRATCH/unresolved/x.wit"
printf 'package a:b@0.1.0;\n\ninterface i {\n  use wasi:io/streams@0.2.3.{input-stream};\n  f: func() -> input-stream;\n}\n' >"$SCRATCH/missing-dep/x.wit"

LINES=(
  "--help"
  "--version"
  "wit --help"
  "frob"
  "wit --check fixtures/wit/kv-store/expected"
  "wit --check fixtures/wit/kv-store/expected/store.wit"
  "wit --check fixtures/wit/kv-store/input"
  "wit fixtures/wit/kv-store/input"
  "wit --check --format json fixtures/wit/kv-store/input"
  "wit --check --format sarif fixtures/wit/timer/input"
  "wit --check -q fixtures/wit/http-client/input"
  "wit --check fixtures/wit/multi-file/input"
  "wit --check --no-validate fixtures/wit/timer/input"
  "wit --check fixtures/wit/blob-store/input fixtures/wit/cli-tool/input fixtures/wit/db-client/input fixtures/wit/io-error/input"
  "wit --check --features foo fixtures/wit/gated-notifier/input"
  "wit --check $SCRATCH/syntax"
  "wit --check $SCRATCH/unresolved"
  "wit --check $SCRATCH/missing-dep"
  "wit --check $SCRATCH/empty"
  "wit --check no/such/path"
  "wit --check"
  "wit --check --frobnicate fixtures/wit/kv-store/input"
  "wit --explain io-removal"
  "parse fixtures/wit/kv-store/input"
  "migrate fixtures/bindings/declarations-http"
  "migrate --check fixtures/bindings/declarations-http"
  "validate --seeds 2 fixtures/components/cat"
  "validate no-such-fixture"
)

fail=0
for line in "${LINES[@]}"; do
  # shellcheck disable=SC2086 # each line is split into words on purpose
  NO_COLOR=1 "$NODE" "$OURS" $line >"$SCRATCH/o.out" 2>"$SCRATCH/o.err"
  o=$?
  # shellcheck disable=SC2086
  NO_COLOR=1 "$NODE" "$BASE" $line >"$SCRATCH/b.out" 2>"$SCRATCH/b.err"
  b=$?
  if [ "$o" = "$b" ] && cmp -s "$SCRATCH/o.out" "$SCRATCH/b.out" && cmp -s "$SCRATCH/o.err" "$SCRATCH/b.err"; then
    echo "same  (exit $o)  $line"
  else
    fail=1
    echo "DIFF  (exit $o vs $b)  $line"
    diff "$SCRATCH/b.out" "$SCRATCH/o.out" | head -20
    diff "$SCRATCH/b.err" "$SCRATCH/o.err" | head -20
  fi
done
exit $fail
