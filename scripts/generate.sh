#!/usr/bin/env bash
# Regenerates generated/k8s/<label> from the official spec, or checks it (--check).
# The spec comes from SPEC (a file or a v3 directory), else from the Go module
# proxy's k8s.io/kubernetes module, whose api/openapi-spec/v3 is the official one.
set -euo pipefail
cd "$(dirname "$0")/.."
K8S_VERSION=${K8S_VERSION:-1.35.4}
LABEL=${LABEL:-v1_35}
spec=${SPEC:-$(bash scripts/fetch-spec.sh "$K8S_VERSION")}
api=$(bash scripts/fetch-api-module.sh "$K8S_VERSION")
node --import tsx scripts/generate-lifecycle.ts "$@"
exec node --import tsx codegen/cli.ts --input "$spec" --kube-version "$K8S_VERSION" --api-module "$api" --out generated/k8s --label "$LABEL" --runtime-module runtime/index.ts "$@"
