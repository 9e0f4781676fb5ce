#!/usr/bin/env bash
# Prints the path of the enum catalog of a Kubernetes version (1.35.4): what codegen/enums
# extracts from k8s.io/api at the matching module version (v0.35.4). Cached per version and
# per source of the program, so a generate --check after the first run reads a file.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: fetch-enums.sh VERSION}
case $version in
  1.*.*) module_version=v0.${version#1.} ;;
  *) echo "fetch-enums: expected a Kubernetes version such as 1.35.4, got $version" >&2; exit 2 ;;
esac
program=codegen/enums
hash=$(cat "$program"/go.mod "$program"/*.go | sha256sum | cut -c1-12)
cache=${KUBEX_CACHE:-$HOME/.cache/kubex}/enums
file=$cache/$version-$hash.json
if [ ! -s "$file" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp "$cache/.$version.XXXXXX")
  # The settings of the project's other Go builds (scripts/cluster/lib.sh), so they share the build cache.
  if ! (cd "$program" && GOFLAGS=-modcacherw GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 go run . -version "$module_version") >"$tmp"; then
    rm -f "$tmp"; echo "fetch-enums: extraction failed for k8s.io/api@$module_version" >&2; exit 1
  fi
  chmod 644 "$tmp" && mv "$tmp" "$file"
fi
echo "$file"
