#!/usr/bin/env bash
# Builds (or reuses) the binaries and brings the local control plane up unless it already runs.
set -euo pipefail
dir=$(dirname "$0")
bash "$dir/build.sh"
bash "$dir/up.sh"
