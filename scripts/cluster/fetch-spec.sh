#!/usr/bin/env bash
# Fills OUT_DIR with an official Kubernetes OpenAPI v3 spec, laid out as upstream's
# api/openapi-spec/v3/ (api__v1_openapi.json, apis__apps__v1_openapi.json, ...).
#   fetch-spec.sh OUT_DIR                       k8s.io/kubernetes@v<the version we run>, from the module proxy
#   fetch-spec.sh --version 1.35.4 OUT_DIR      another version, from the module proxy
#   fetch-spec.sh --cluster [KUBECONFIG] OUT_DIR  a live cluster's /openapi/v3 (default: the local one), CRDs included
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
usage="usage: fetch-spec.sh [--version V | --cluster [KUBECONFIG]] OUT_DIR"

version=$K8S_VERSION kubeconfig=
case "${1:-}" in
  --version) version=${2:?$usage}; shift 2 ;;
  --cluster) shift
    if [ $# -ge 2 ]; then kubeconfig=$1; shift; else kubeconfig=$STATE_DIR/admin.kubeconfig; fi
    [ -f "$kubeconfig" ] || die "fetch-spec: no kubeconfig $kubeconfig (is the local cluster up? bash scripts/cluster/up.sh)" ;;
esac
out=${1:?$usage}
mkdir -p "$out"

if [ -n "$kubeconfig" ]; then
  # The built kubectl matches the server; the one on PATH works too.
  [ -x "$K8S_BIN/kubectl" ] && PATH=$K8S_BIN:$PATH
  bash "$REPO_ROOT/scripts/fetch-spec.sh" --cluster "$kubeconfig" "$out" >/dev/null
else
  src=$(go mod download -json "k8s.io/kubernetes@v$version" 2>/dev/null | sed -n 's/.*"Dir": "\(.*\)".*/\1/p' || true)
  [ -d "$src/api/openapi-spec/v3" ] || die "fetch-spec: k8s.io/kubernetes@v$version has no api/openapi-spec/v3 (module proxy reachable?)"
  cp "$src"/api/openapi-spec/v3/*.json "$out/"
fi
ls "$out"/*_openapi.json >/dev/null 2>&1 || die "fetch-spec: nothing written to $out"
echo "$out"
