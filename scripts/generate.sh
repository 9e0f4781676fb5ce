#!/usr/bin/env bash
# Regenerates generated/k8s/<label> for every version in scripts/k8s-versions.json from the
# official specs (fetched from the Go module proxy), or checks them (--check), in one process;
# then the lifecycle manifest of the same versions, generated/lifecycle.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
node --import tsx scripts/generate-versions.ts "$@"
exec node --import tsx scripts/generate-lifecycle.ts "$@"
