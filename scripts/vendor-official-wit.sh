#!/usr/bin/env bash
# Vendors the official WASI WIT that wasi-migrate resolves references against
# (0.2.10, 0.2.12 and 0.3.0) into official-wit/, and writes official-wit/SHA256SUMS.
#
# Source: the snapshot @bytecodealliance/jco publishes in lib/wit/builtin (the
# official WebAssembly/WASI release tags, one package.wit per proposal, doc
# comments stripped; provenance in official-wit/README.md, license in
# official-wit/LICENSE.md). It is fetched with `npm pack` (the npm cache serves
# it offline), so the package no longer depends on the whole of jco at run time.
#
#   scripts/vendor-official-wit.sh            re-vendor from jco $JCO_VERSION
#   scripts/vendor-official-wit.sh --check    verify official-wit/ against SHA256SUMS
set -euo pipefail
cd "$(dirname "$0")/.."
JCO_VERSION="${JCO_VERSION:-1.35.0}"
VERSIONS=(0.2.10 0.2.12 0.3.0)
out=official-wit

if [ "${1:-}" = "--check" ]; then
  (cd "$out" && sha256sum --quiet -c SHA256SUMS)
  # Nothing unlisted either: every file under official-wit/ is in SHA256SUMS.
  listed=$(cut -d' ' -f3- "$out/SHA256SUMS" | sort)
  present=$(cd "$out" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | sort)
  if [ "$listed" != "$present" ]; then
    echo "vendor-official-wit: files under $out/ differ from $out/SHA256SUMS" >&2
    diff <(echo "$listed") <(echo "$present") >&2 || true
    exit 1
  fi
  echo "$out: ok"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm pack --silent --prefer-offline "@bytecodealliance/jco@$JCO_VERSION" --pack-destination "$tmp" >/dev/null
tar -xzf "$tmp"/bytecodealliance-jco-"$JCO_VERSION".tgz -C "$tmp" package/lib/wit/builtin
src="$tmp/package/lib/wit/builtin"
rm -rf "$out"
mkdir -p "$out"
cp "$src/LICENSE.md" "$src/README.md" "$out/"
for v in "${VERSIONS[@]}"; do cp -R "$src/$v" "$out/$v"; done
{
  echo
  echo "Vendored into wasi-migrate by scripts/vendor-official-wit.sh from"
  echo "@bytecodealliance/jco@$JCO_VERSION (lib/wit/builtin: ${VERSIONS[*]}); checksums in SHA256SUMS."
} >> "$out/README.md"
(cd "$out" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
echo "vendored $(wc -l < "$out/SHA256SUMS") files into $out/ from @bytecodealliance/jco@$JCO_VERSION"
