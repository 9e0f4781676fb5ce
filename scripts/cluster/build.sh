#!/usr/bin/env bash
# Builds the control plane binaries from the official Go modules and caches
# them outside the repository, keyed by version. A second run only checks versions.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

source "$(dirname "$0")/progress.sh"

kubernetes_cached() {
  # (Version output is read whole: grep -q under pipefail would fail on the writer's SIGPIPE.)
  [ -x "$K8S_BIN/kube-apiserver" ] && [ "$("$K8S_BIN/kube-apiserver" --version 2>/dev/null)" = "Kubernetes v$K8S_VERSION" ] \
    && [ -x "$K8S_BIN/kube-controller-manager" ] && [ -x "$K8S_BIN/kube-scheduler" ] && [ -x "$K8S_BIN/kubectl" ]
}
etcd_cached() { [ -x "$ETCD_BIN/etcd" ] && [[ "$("$ETCD_BIN/etcd" --version 2>/dev/null)" == "etcd Version: $ETCD_VERSION"$'\n'* ]]; }
kwok_cached() { [ -x "$KWOK_BIN/kwok" ] && [ -d "$KWOK_STAGES" ]; }

kubernetes_modules() {
  local minor staging upstream_mod godebug m
  minor=$(echo "$K8S_VERSION" | cut -d. -f2); staging="0.$minor.${K8S_VERSION##*.}"
  [ -f go.mod ] || go mod init local/k8sbuild
  upstream_mod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' || true)
  [ -f "$upstream_mod" ] || { echo "k8s.io/kubernetes@v$K8S_VERSION not downloadable from the module proxy"; return 1; }
  go mod edit -go="$(sed -n 's/^go \(.*\)/\1/p' "$upstream_mod")"
  godebug=$(sed -n 's/^godebug \(.*\)/\1/p' "$upstream_mod")
  if [ -n "$godebug" ]; then go mod edit -godebug="$godebug"; fi
  # k8s.io/kubernetes replaces its staging modules with local paths; pin them to the published ones.
  for m in $(sed -n 's#^[[:space:]]*\(k8s\.io/[A-Za-z0-9._-]*\) => \./staging/.*#\1#p' "$upstream_mod"); do
    go mod edit -replace="$m=$m@v$staging"
  done
  go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION" "k8s.io/kubernetes/cmd/kube-controller-manager@v$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-scheduler@v$K8S_VERSION" "k8s.io/kubernetes/cmd/kubectl@v$K8S_VERSION"
}

kubernetes_compile() {
  local minor ldflags p
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  # Without these, /version reports v0.0.0-master.
  ldflags="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  nice go build -trimpath -buildvcs=false -tags selinux,notest,grpcnotrace -ldflags "$ldflags" -o "$K8S_BIN/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
}

build_kubernetes() {
  local dir; dir=$(dirname "$K8S_BIN"); mkdir -p "$K8S_BIN"; cd "$dir"
  step "kubernetes v$K8S_VERSION: modules" "$dir/build.log" kubernetes_modules
  step "kubernetes v$K8S_VERSION: compiling kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (the longest step)" "$dir/build.log" kubernetes_compile
}

build_etcd() {
  local dir; dir=$(dirname "$ETCD_BIN"); mkdir -p "$ETCD_BIN"; cd "$dir"
  [ -f go.mod ] || go mod init local/etcdbuild >/dev/null 2>&1
  # The server module has replace lines of its own, so it is built as a dependency of this wrapper.
  step "etcd v$ETCD_VERSION: modules" "$dir/build.log" go get -tool "go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  step "etcd v$ETCD_VERSION: compiling" "$dir/build.log" \
    nice go build -trimpath -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v$ETCD_VERSION" -o "$ETCD_BIN/etcd" go.etcd.io/etcd/server/v3
}

build_kwok() {
  local dir; dir=$(dirname "$KWOK_BIN"); mkdir -p "$KWOK_BIN"
  step "kwok v$KWOK_VERSION: modules" "$dir/build.log" go mod download "sigs.k8s.io/kwok@v$KWOK_VERSION"
  step "kwok v$KWOK_VERSION: compiling" "$dir/build.log" env GOBIN="$KWOK_BIN" nice go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
  # The stages (node and pod lifecycles) ship as YAML in the module; keep the ones we use beside the binary.
  local src stage
  src=$(go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')/kustomize/stage
  mkdir -p "$KWOK_STAGES"
  for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    cp "$src/$stage.yaml" "$KWOK_STAGES/"
  done
}

command -v go >/dev/null || die "go: not installed (needed to build the control plane)"
todo=()
if kubernetes_cached; then log "kubernetes v$K8S_VERSION: cached"; else todo+=(kubernetes); fi
if etcd_cached; then log "etcd v$ETCD_VERSION: cached"; else todo+=(etcd); fi
if kwok_cached; then log "kwok v$KWOK_VERSION: cached"; else todo+=(kwok); fi
steps_total=$((2 * ${#todo[@]}))
[ "${#todo[@]}" = 0 ] || log "building ${todo[*]} from the Go module proxy: $steps_total steps, about 10 minutes on 2 cores the first time"
for component in "${todo[@]}"; do "build_$component"; done
steps_done "$CACHE_DIR"
