#!/usr/bin/env bash
# The main job: the typed quick-start. With no cluster configured (no KUBECONFIG,
# no ~/.kube/config) or KUBEX_DEMO_LOCAL=1, it first brings the local control
# plane up and points the quick-start at it. A control plane the demo started is
# stopped at the end unless --keep (or KUBEX_DEMO_KEEP=1); one that was already
# running is left running. The last line says what runs and how to stop it.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=${KUBEX_DEMO_KEEP:-0}
for arg in "$@"; do
  case $arg in
    --keep) keep=1 ;;
    *) echo "usage: npm run demo [-- --keep]" >&2; exit 2 ;;
  esac
done

if [ "${KUBEX_DEMO_LOCAL:-}" != 1 ] && { [ -n "${KUBECONFIG:-}" ] || [ -f "$HOME/.kube/config" ]; }; then
  node --import tsx examples/quickstart.ts
  echo "demo: ran against the current context of ${KUBECONFIG:-$HOME/.kube/config}; the demo started nothing"
  exit 0
fi

state_dir=${KUBEX_CLUSTER_DIR:-.cluster}
down="bash scripts/cluster/down.sh"
[ -z "${KUBEX_CLUSTER_DIR:-}" ] || down="KUBEX_CLUSTER_DIR=$KUBEX_CLUSTER_DIR $down"
# The demo owns the control plane only if no API server process of it was alive before:
# a slow health check (which makes up.sh restart it) must never make the demo stop someone else's.
was_running=0
pid=$(cat "$state_dir/pids/kube-apiserver.pid" 2>/dev/null || true)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then was_running=1; fi
bash scripts/cluster/ensure.sh

finish() {
  local code=$?
  if [ "$was_running" = 1 ]; then
    echo "demo: the local control plane was already running and still runs (kube-apiserver, etcd, kwok; $state_dir); stop it with: $down"
  elif [ "$keep" = 1 ]; then
    echo "demo: the local control plane the demo started still runs (kube-apiserver, etcd, kwok; $state_dir); stop it with: $down"
  else
    bash scripts/cluster/down.sh >/dev/null 2>&1 || true
    echo "demo: stopped the local control plane it started; nothing is left running (keep it next time: npm run demo -- --keep, or KUBEX_DEMO_KEEP=1)"
  fi
  exit "$code"
}
trap finish EXIT
trap 'exit 130' INT TERM

source "$state_dir/env"
KUBECONFIG=$KUBEX_E2E_KUBECONFIG node --import tsx examples/quickstart.ts
