#!/usr/bin/env bash
# Prints a directory holding a `go` of at least the version the control plane needs: the
# one on PATH, or else the official toolchain fetched once from the Go module proxy (it is
# published there as the module golang.org/toolchain) into the cache. For CI on a bare machine.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
GO_VERSION=1.26.8

if command -v go >/dev/null && [ "$(printf '%s\n' "go$GO_VERSION" "$(go env GOVERSION)" | sort -V | head -1)" = "go$GO_VERSION" ]; then
  dirname "$(command -v go)"; exit 0
fi
dir=$CACHE_DIR/go-$GO_VERSION
if [ ! -x "$dir/bin/go" ]; then
  mod=golang.org/toolchain@v0.0.1-go$GO_VERSION.linux-amd64
  tmp=$(mktemp -d)
  curl -fsSL "${GOPROXY_URL:-https://proxy.golang.org}/golang.org/toolchain/@v/v0.0.1-go$GO_VERSION.linux-amd64.zip" -o "$tmp/go.zip" \
    || die "go: toolchain $GO_VERSION not downloadable from the module proxy"
  unzip -q "$tmp/go.zip" -d "$tmp/x" || die "go: cannot unpack $mod"
  # Module zips carry no file modes; the go command marks these executable itself when it switches toolchains.
  chmod +x "$tmp/x/$mod"/bin/* "$tmp/x/$mod"/pkg/tool/*/*
  mkdir -p "$CACHE_DIR"; rm -rf "$dir"; mv "$tmp/x/$mod" "$dir"; rm -rf "$tmp"
fi
echo "$dir/bin"
