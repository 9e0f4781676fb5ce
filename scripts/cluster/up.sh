#!/usr/bin/env bash
# Starts a local control plane on loopback: etcd, kube-apiserver (TLS, client
# certificates and bearer tokens), kube-controller-manager, kube-scheduler, kwok
# with one simulated node, and the TCP echo server kwok forwards ports to.
# Reuses a healthy running cluster; cleans up a stale one. Writes kubeconfigs
# and .cluster/env for the tests.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/pki.sh"
source "$here/kwok-config.sh"

# Two `up`s for one state directory (test files starting at once) take turns.
mkdir -p "$CACHE_DIR/locks"
exec 9>"$CACHE_DIR/locks/$(echo "$STATE_DIR" | md5sum | cut -c1-16).lock"
flock 9

if [ -f "$STATE_DIR/env" ] && bash "$here/status.sh" >/dev/null 2>&1; then
  log "already running ($STATE_DIR/env)"; exit 0
fi
if [ -d "$STATE_DIR" ]; then
  log "cleaning up a stale cluster in $STATE_DIR"
  bash "$here/down.sh" >/dev/null 2>&1 || true
fi
for bin in "$K8S_BIN/kube-apiserver" "$K8S_BIN/kube-controller-manager" "$K8S_BIN/kube-scheduler" "$K8S_BIN/kubectl" "$ETCD_BIN/etcd" "$KWOK_BIN/kwok"; do
  [ -x "$bin" ] || die "$(basename "$bin"): not built; run scripts/cluster/build.sh"
done
command -v node >/dev/null || die "echo-server: node not found"

rm -rf "$STATE_DIR"; mkdir -p "$STATE_DIR"/{pids,logs,etcd}
started=0
# Any failure from here on stops what was started (no orphans) and keeps the logs it names.
trap '[ "$started" = 1 ] || bash "$here/down.sh" --keep-logs >/dev/null 2>&1 || true' EXIT

read -r ETCD_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT SCHED_PORT KWOK_PORT ECHO_PORT <<<"$(free_ports 7)"
KWOK_NODE=kwok-node-0
start_time=$(date +%s)

# start NAME ARGS...: runs a component in its own session, logging to logs/NAME.log.
start() {
  local name=$1; shift
  setsid "$@" >"$STATE_DIR/logs/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$STATE_DIR/pids/$name.pid"
  disown $!  # down.sh stops it; no job notice from this shell
}

# wait_for NAME SECONDS COMMAND...: polls until COMMAND succeeds; on timeout names the component and its log.
wait_for() {
  local name=$1 limit=$2; shift 2
  local deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    pid_alive "$(cat "$STATE_DIR/pids/$name.pid" 2>/dev/null)" || die "$name exited; see $STATE_DIR/logs/$name.log"
    [ "$(date +%s)" -lt "$deadline" ] || die "$name not ready after ${limit}s; see $STATE_DIR/logs/$name.log"
    sleep 0.5
  done
}

make_pki
ADMIN_TOKEN=$(openssl rand -hex 24); VIEWER_TOKEN=$(openssl rand -hex 24)
# Token users: kubex-token-admin (cluster-admin through an RBAC binding, below) and kubex-viewer (no rights).
printf '%s,kubex-token-admin,kubex-token-admin\n%s,kubex-viewer,kubex-viewer\n' \
  "$ADMIN_TOKEN" "$VIEWER_TOKEN" >"$STATE_DIR/pki/tokens.csv"
chmod 600 "$STATE_DIR/pki/tokens.csv"

start etcd "$ETCD_BIN/etcd" --name kubex --data-dir "$STATE_DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "kubex=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
wait_for etcd 30 curl -sf "http://127.0.0.1:$ETCD_PORT/health"

P=$STATE_DIR/pki
start kube-apiserver "$K8S_BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" --endpoint-reconciler-type none \
  --tls-cert-file "$P/apiserver.crt" --tls-private-key-file "$P/apiserver.key" --client-ca-file "$P/ca.crt" \
  --token-auth-file "$P/tokens.csv" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$P/sa.pub" --service-account-signing-key-file "$P/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 --authorization-mode Node,RBAC --allow-privileged \
  --kubelet-client-certificate "$P/kubelet-client.crt" --kubelet-client-key "$P/kubelet-client.key" \
  --kubelet-preferred-address-types Hostname
wait_for kube-apiserver 90 curl -sf --cacert "$P/ca.crt" --cert "$P/admin.crt" --key "$P/admin.key" \
  "https://127.0.0.1:$APISERVER_PORT/readyz"

write_kubeconfig "$STATE_DIR/admin.kubeconfig" "$(cert_user admin)"
write_kubeconfig "$STATE_DIR/token.kubeconfig" "    token: $ADMIN_TOKEN"
write_kubeconfig "$STATE_DIR/viewer.kubeconfig" "    token: $VIEWER_TOKEN"
write_kubeconfig "$STATE_DIR/controller-manager.kubeconfig" "$(cert_user controller-manager)"
write_kubeconfig "$STATE_DIR/scheduler.kubeconfig" "$(cert_user scheduler)"
write_kubeconfig "$STATE_DIR/kwok.kubeconfig" "$(cert_user kwok)"
chmod 600 "$STATE_DIR"/*.kubeconfig
"$K8S_BIN/kubectl" --kubeconfig "$STATE_DIR/admin.kubeconfig" create clusterrolebinding kubex-token-admin \
  --clusterrole cluster-admin --user kubex-token-admin >/dev/null

start kube-controller-manager "$K8S_BIN/kube-controller-manager" \
  --kubeconfig "$STATE_DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$STATE_DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$STATE_DIR/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --leader-elect=false \
  --service-account-private-key-file "$P/sa.key" --root-ca-file "$P/ca.crt" --use-service-account-credentials \
  --node-monitor-grace-period 120s
start kube-scheduler "$K8S_BIN/kube-scheduler" \
  --kubeconfig "$STATE_DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig "$STATE_DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig "$STATE_DIR/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" --leader-elect=false

start echo-server node "$here/echo-server.mjs" "$ECHO_PORT"
wait_for echo-server 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$ECHO_PORT"

write_kwok_files
create_node
start kwok "$KWOK_BIN/kwok" --kubeconfig "$STATE_DIR/kwok.kubeconfig" --config "$STATE_DIR/kwok/kwok.yaml" \
  --manage-all-nodes=true --node-ip 127.0.0.1 --node-name localhost --cidr 127.1.0.1/16 \
  --node-port "$KWOK_PORT" --server-address "127.0.0.1:$KWOK_PORT" \
  --tls-cert-file "$P/kwok-serving.crt" --tls-private-key-file "$P/kwok-serving.key"

KC=("$K8S_BIN/kubectl" --kubeconfig "$STATE_DIR/admin.kubeconfig")
wait_for kwok 60 "${KC[@]}" wait --for=condition=Ready "node/$KWOK_NODE" --timeout=1s
# Pods need the namespace's default service account, made by the controller manager.
wait_for kube-controller-manager 60 "${KC[@]}" get serviceaccount default -n default
wait_for kube-scheduler 30 curl -sfk "https://127.0.0.1:$SCHED_PORT/healthz"

cat >"$STATE_DIR/env" <<ENV
KUBEX_E2E_KUBECONFIG=$STATE_DIR/admin.kubeconfig
KUBEX_E2E_TOKEN_KUBECONFIG=$STATE_DIR/token.kubeconfig
KUBEX_E2E_VIEWER_KUBECONFIG=$STATE_DIR/viewer.kubeconfig
KUBEX_E2E_NODE=$KWOK_NODE
KUBEX_E2E_SERVER=https://127.0.0.1:$APISERVER_PORT
KUBEX_E2E_CA=$P/ca.crt
KUBEX_E2E_KUBECTL=$K8S_BIN/kubectl
KUBEX_E2E_KWOK_DIR=$STATE_DIR/kwok
KUBEX_E2E_LOGS=$STATE_DIR/logs
KUBEX_E2E_APISERVER_PORT=$APISERVER_PORT
KUBEX_E2E_ETCD_PORT=$ETCD_PORT
KUBEX_E2E_KWOK_PORT=$KWOK_PORT
KUBEX_E2E_ECHO_PORT=$ECHO_PORT
ENV
started=1
log "up in $(( $(date +%s) - start_time ))s: https://127.0.0.1:$APISERVER_PORT (kubeconfig $STATE_DIR/admin.kubeconfig)"
