#!/usr/bin/env bash
# Prints the path of an official Kubernetes OpenAPI v3 spec directory.
#   fetch-spec.sh 1.35.4              from the Go module proxy (k8s.io/kubernetes@v1.35.4)
#   fetch-spec.sh --cluster KUBECONFIG [DIR]   dumped from a live cluster's /openapi/v3
set -euo pipefail
if [ "${1:-}" = "--cluster" ]; then
  kubeconfig=$2; dir=${3:-$(mktemp -d)}
  mkdir -p "$dir"
  # The discovery document lists each group-version's path; save each as upstream names them.
  kubectl --kubeconfig "$kubeconfig" get --raw /openapi/v3 | node -e '
    let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => {
      for (const path of Object.keys(JSON.parse(s).paths)) console.log(path);
    });' | while read -r path; do
      name=$(echo "$path" | sed 's#/#__#g')_openapi.json
      # A group removed since the listing (a CRD deleted meanwhile) is skipped, not fatal.
      if ! kubectl --kubeconfig "$kubeconfig" get --raw "/openapi/v3/$path" >"$dir/$name" 2>"$dir/.error"; then
        echo "fetch-spec: skipped $path: $(tail -1 "$dir/.error")" >&2; rm -f "$dir/$name"
      fi
    done
  rm -f "$dir/.error"
  echo "$dir"; exit 0
fi
version=${1:?usage: fetch-spec.sh VERSION | --cluster KUBECONFIG [DIR]}
dir=$(GOFLAGS=-modcacherw GOTOOLCHAIN=local go mod download -json "k8s.io/kubernetes@v$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[ -d "$dir/api/openapi-spec/v3" ] || { echo "fetch-spec: no api/openapi-spec/v3 in k8s.io/kubernetes@v$version" >&2; exit 1; }
echo "$dir/api/openapi-spec/v3"
