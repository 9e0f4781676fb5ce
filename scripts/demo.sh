#!/usr/bin/env bash
# The main job: the typed quick-start. With no cluster configured (no KUBECONFIG,
# no ~/.kube/config) or KUBEX_DEMO_LOCAL=1, it first brings the local control
# plane up and points the quick-start at it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${KUBEX_DEMO_LOCAL:-}" = 1 ] || { [ -z "${KUBECONFIG:-}" ] && [ ! -f "$HOME/.kube/config" ]; }; then
  bash scripts/cluster/ensure.sh
  source .cluster/env
  export KUBECONFIG=$KUBEX_E2E_KUBECONFIG
fi
exec node --import tsx examples/quickstart.ts
