#!/usr/bin/env bash
# Says what runs; exits 0 only when every component is alive and the API server is ready.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ -f "$STATE_DIR/env" ] || { echo "not running"; exit 1; }
source "$STATE_DIR/env"
healthy=0
for name in etcd kube-apiserver kube-controller-manager kube-scheduler echo-server kwok; do
  pid=$(cat "$STATE_DIR/pids/$name.pid" 2>/dev/null || true)
  if pid_alive "$pid"; then echo "$name: running (pid $pid)"; else echo "$name: not running"; healthy=1; fi
done
P=$STATE_DIR/pki
if curl -sf --max-time 5 --cacert "$P/ca.crt" --cert "$P/admin.crt" --key "$P/admin.key" "$KUBEX_E2E_SERVER/readyz" >/dev/null; then
  echo "api server: ready at $KUBEX_E2E_SERVER"
else
  echo "api server: not ready"; healthy=1
fi
exit "$healthy"
