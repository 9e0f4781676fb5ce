#!/usr/bin/env bash
# Prints the directory of the k8s.io/api Go module of a Kubernetes release (1.35.4 -> v0.35.4),
# from the Go module proxy: its generated prerelease-lifecycle files declare when each
# prerelease kind is deprecated and removed, and what replaces it.
set -euo pipefail
version=${1:?usage: fetch-api-module.sh VERSION}
dir=$(GOFLAGS=-modcacherw GOTOOLCHAIN=local go mod download -json "k8s.io/api@v0.${version#1.}" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[ -d "$dir" ] || { echo "fetch-api-module: k8s.io/api@v0.${version#1.} not downloadable" >&2; exit 1; }
echo "$dir"
