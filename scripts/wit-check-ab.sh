#!/usr/bin/env bash
# Compares `wit --check --format json` (stdout and exit code) of this build with a
# baseline build's, case by case, on the shared corpora: every WASI release and
# package, every third-party tree, every wit-parser UI case (parse-fail too), and
# the multi-package runs with worker threads forced on (WASI_MIGRATE_WORKERS=1) and off.
# Usage: scripts/wit-check-ab.sh <baseline bin/wasi-migrate>   (exit 1 on any difference)
set -u
BASE=${1:?baseline bin/wasi-migrate}
REPO=$(cd "$(dirname "$0")/.." && pwd)
OURS=$REPO/bin/wasi-migrate
# The Node the project brings (as `npm run bench` uses), when installed.
[ -x "$REPO/node_modules/.bin/node" ] && export PATH="$REPO/node_modules/.bin:$PATH"
C=$(cd "$(dirname "$0")/.." && cd ../shared/corpus 2>/dev/null && pwd || echo /work/shared/corpus)
OUT=$(mktemp -d)
cases() {
  for r in "$C"/wasi/0.*; do echo "$r"; for p in "$r"/*/; do echo "${p%/}"; done; done
  for d in "$C"/thirdparty/wit/* "$C"/thirdparty/wasi-rc/* "$C"/thirdparty/code/*; do echo "$d"; done
  echo "$C/wit-parser-ui"
  for u in "$C"/wit-parser-ui/* "$C"/wit-parser-ui/parse-fail/*; do
    case "$u" in *.json|*LICENSE*|*/parse-fail) ;; *) echo "$u" ;; esac
  done
}
one() { # $1 case, $2 env value for WASI_MIGRATE_WORKERS ('' = unset)
  local k; k=$(echo "$1|$2" | md5sum | cut -c1-12)
  for side in base ours; do
    local bin=$BASE; [ $side = ours ] && bin=$OURS
    if [ -n "$2" ]; then WASI_MIGRATE_WORKERS=$2 node "$bin" wit --check --format json "$1" >"$OUT/$k.$side" 2>"$OUT/$k.$side.err"
    else node "$bin" wit --check --format json "$1" >"$OUT/$k.$side" 2>"$OUT/$k.$side.err"; fi
    echo "exit $?" >>"$OUT/$k.$side"
  done
  if cmp -s "$OUT/$k.base" "$OUT/$k.ours"; then echo "same $1 ${2:+workers=$2}"; else echo "DIFF $1 ${2:+workers=$2}"; fi
}
export -f one; export BASE OURS OUT
{ cases | sed 's/$/\t/'; for m in "$C"/wasi/0.* "$C/wit-parser-ui" "$C/thirdparty"; do printf '%s\t1\n%s\t0\n' "$m" "$m"; done; } \
  | xargs -P 2 -d '\n' -I{} bash -c 'IFS=$'"'"'\t'"'"' read -r a b <<<"{}"; one "$a" "$b"' >"$OUT/log"
n=$(wc -l <"$OUT/log"); d=$(grep -c '^DIFF' "$OUT/log")
grep '^DIFF' "$OUT/log"
echo "$n cases, $d differ (outputs in $OUT)"
[ "$d" = 0 ]
