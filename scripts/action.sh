#!/usr/bin/env bash
# The shell steps of action.yml, one per argument, run by the action exactly as
# written here (test/package/install.test.ts runs them the same way in a temp
# repository). Inputs come as INPUT_* variables; results go to the files
# GitHub Actions names in GITHUB_PATH and GITHUB_OUTPUT.
#
#   install   npm-install wasi-migrate ($INPUT_PACKAGE) into $RUNNER_TEMP/wasi-migrate, put its bin on PATH
#   check     wasi-migrate wit $INPUT_PATHS --check --format sarif --out $INPUT_SARIF
#   verdict   fail when changes are pending and $INPUT_FAIL_ON_PENDING is true
set -euo pipefail
: "${GITHUB_OUTPUT:?}"
case "${1:-}" in
  install)
    prefix="${RUNNER_TEMP:?}/wasi-migrate"
    mkdir -p "$prefix"
    [ -f "$prefix/package.json" ] || echo '{ "name": "wasi-migrate-action", "private": true }' > "$prefix/package.json"
    npm install --prefix "$prefix" --omit=dev --no-audit --no-fund "${INPUT_PACKAGE:-wasi-migrate}"
    echo "$prefix/node_modules/.bin" >> "${GITHUB_PATH:?}"
    "$prefix/node_modules/.bin/wasi-migrate" --version
    ;;
  check)
    read -r -a paths <<< "$(printf '%s' "${INPUT_PATHS:-wit}" | tr '\n' ' ')"
    sarif="${INPUT_SARIF:-${RUNNER_TEMP:?}/wasi-migrate.sarif}"
    set +e
    wasi-migrate wit "${paths[@]}" --check --format sarif --out "$sarif"
    code=$?
    set -e
    pending=false
    [ "$code" = 1 ] && pending=true
    { echo "sarif=$sarif"; echo "exit-code=$code"; echo "pending=$pending"; } >> "$GITHUB_OUTPUT"
    if [ "$code" -ge 2 ]; then
      echo "::error::wasi-migrate wit ${paths[*]} --check failed (exit $code); see the SARIF notifications or run it locally"
      exit "$code"
    fi
    if [ "$pending" = true ]; then
      echo "::notice::WASI 0.2 to 0.3 changes are pending in ${paths[*]} (run: npx wasi-migrate wit ${paths[*]} --write)"
    fi
    ;;
  verdict)
    if [ "${PENDING:-}" = true ] && [ "${INPUT_FAIL_ON_PENDING:-true}" = true ]; then
      echo "::error::WASI 0.2 to 0.3 changes are pending; run \`npx wasi-migrate wit ${INPUT_PATHS:-wit} --write\` and commit the result"
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 install|check|verdict" >&2
    exit 2
    ;;
esac
