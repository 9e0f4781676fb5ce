#!/usr/bin/env bash
# Builds the control plane binaries from the official Go modules and caches
# them outside the repository, keyed by version. A second run only checks versions.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# quiet LOG COMPONENT CMD...: runs a noisy step into LOG; on failure names the component and the log.
quiet() {
  local log_file=$1 component=$2; shift 2
  "$@" >>"$log_file" 2>&1 || die "$component: '$*' failed; see $log_file"
}

build_kubernetes() {
  # (Version output is read whole: grep -q under pipefail would fail on the writer's SIGPIPE.)
  if [ -x "$K8S_BIN/kube-apiserver" ] && [ "$("$K8S_BIN/kube-apiserver" --version 2>/dev/null)" = "Kubernetes v$K8S_VERSION" ] \
     && [ -x "$K8S_BIN/kube-controller-manager" ] && [ -x "$K8S_BIN/kube-scheduler" ] && [ -x "$K8S_BIN/kubectl" ]; then
    log "kubernetes v$K8S_VERSION: cached"; return
  fi
  log "kubernetes v$K8S_VERSION: building (several minutes on a cold machine)"
  local minor staging dir upstream_mod godebug ldflags m p
  minor=$(echo "$K8S_VERSION" | cut -d. -f2); staging="0.$minor.${K8S_VERSION##*.}"
  dir=$(dirname "$K8S_BIN"); mkdir -p "$K8S_BIN"; cd "$dir"
  [ -f go.mod ] || go mod init local/k8sbuild >/dev/null 2>&1
  upstream_mod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" 2>/dev/null | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' || true)
  [ -f "$upstream_mod" ] || die "kubernetes: k8s.io/kubernetes@v$K8S_VERSION not downloadable from the module proxy"
  go mod edit -go="$(sed -n 's/^go \(.*\)/\1/p' "$upstream_mod")"
  godebug=$(sed -n 's/^godebug \(.*\)/\1/p' "$upstream_mod")
  if [ -n "$godebug" ]; then go mod edit -godebug="$godebug"; fi
  # k8s.io/kubernetes replaces its staging modules with local paths; pin them to the published ones.
  for m in $(sed -n 's#^[[:space:]]*\(k8s\.io/[A-Za-z0-9._-]*\) => \./staging/.*#\1#p' "$upstream_mod"); do
    go mod edit -replace="$m=$m@v$staging"
  done
  quiet "$dir/build.log" kubernetes go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@v$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kube-scheduler@v$K8S_VERSION" "k8s.io/kubernetes/cmd/kubectl@v$K8S_VERSION"
  # Without these, /version reports v0.0.0-master.
  ldflags="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  quiet "$dir/build.log" kube-apiserver/kube-controller-manager/kube-scheduler/kubectl \
    nice go build -trimpath -buildvcs=false -tags selinux,notest,grpcnotrace -ldflags "$ldflags" -o "$K8S_BIN/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
}

build_etcd() {
  if [ -x "$ETCD_BIN/etcd" ] && [[ "$("$ETCD_BIN/etcd" --version 2>/dev/null)" == "etcd Version: $ETCD_VERSION"$'\n'* ]]; then
    log "etcd v$ETCD_VERSION: cached"; return
  fi
  log "etcd v$ETCD_VERSION: building"
  local dir; dir=$(dirname "$ETCD_BIN"); mkdir -p "$ETCD_BIN"; cd "$dir"
  [ -f go.mod ] || go mod init local/etcdbuild >/dev/null 2>&1
  # The server module has replace lines of its own, so it is built as a dependency of this wrapper.
  quiet "$dir/build.log" etcd go get -tool "go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  local ldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v$ETCD_VERSION"
  quiet "$dir/build.log" etcd nice go build -trimpath -ldflags "$ldflags" -o "$ETCD_BIN/etcd" go.etcd.io/etcd/server/v3
}

build_kwok() {
  if [ -x "$KWOK_BIN/kwok" ] && [ -d "$KWOK_STAGES" ]; then log "kwok v$KWOK_VERSION: cached"; return; fi
  log "kwok v$KWOK_VERSION: building"
  local dir; dir=$(dirname "$KWOK_BIN"); mkdir -p "$KWOK_BIN"
  quiet "$dir/build.log" kwok env GOBIN="$KWOK_BIN" nice go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
  # The stages (node and pod lifecycles) ship as YAML in the module; keep the ones we use beside the binary.
  local src stage
  src=$(go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')/kustomize/stage
  mkdir -p "$KWOK_STAGES"
  for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    cp "$src/$stage.yaml" "$KWOK_STAGES/"
  done
}

command -v go >/dev/null || die "go: not installed (needed to build the control plane)"
build_kubernetes
build_etcd
build_kwok
log "binaries ready in $CACHE_DIR"
