# The kwok controller's configuration: node and pod lifecycle stages, and what
# the simulated kubelet serves for logs, exec, attach and port-forward. Sourced by up.sh.

write_kwok_files() {
  local dir=$STATE_DIR/kwok i
  mkdir -p "$dir/exec"
  # Container logs in the CRI format the kubelet reads: 20 known lines.
  : >"$dir/pod.log"
  for i in $(seq 1 20); do
    printf '2026-01-01T00:00:%02d.000000000Z stdout F line %d\n' "$i" "$i" >>"$dir/pod.log"
  done
  # Attach follows this file from its end: only lines appended after attaching are sent.
  : >"$dir/attach.log"
  {
    cat "$KWOK_STAGES"/*.yaml | sed '/^---$/d' | awk 'BEGIN{first=1} /^apiVersion:/{ if(!first) print "---"; first=0 } {print}'
    cat <<YAML
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: kubex-logs
spec:
  logs:
  - logsFile: $dir/pod.log
    previousLogsFile: $dir/pod.log
    follow: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: kubex-exec
spec:
  execs:
  - local:
      workDir: $dir/exec
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterAttach
metadata:
  name: kubex-attach
spec:
  attaches:
  - logsFile: $dir/attach.log
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterPortForward
metadata:
  name: kubex-port-forward
spec:
  forwards:
  - ports: [7007]
    command: ["cat"]
  - target:
      address: 127.0.0.1
      port: $ECHO_PORT
YAML
  } >"$dir/kwok.yaml"
}

# The simulated node: created with loopback-only addresses before kwok manages it,
# so the API server dials its kubelet endpoint as "localhost" and no routable IP is ever used.
# Its pod CIDR is loopback too: pod IPs are 127.1.x.x (room for the benchmark's 600 pods), so even a pods/proxy call stays on this machine.
create_node() {
  "$K8S_BIN/kubectl" --kubeconfig "$STATE_DIR/admin.kubeconfig" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Node
metadata:
  name: $KWOK_NODE
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/hostname: $KWOK_NODE
    kubernetes.io/os: linux
    type: kwok
spec:
  podCIDR: 127.1.0.0/16
  podCIDRs: [127.1.0.0/16]
YAML
  "$K8S_BIN/kubectl" --kubeconfig "$STATE_DIR/admin.kubeconfig" patch node "$KWOK_NODE" --subresource=status --type=merge \
    -p '{"status":{"addresses":[{"type":"Hostname","address":"localhost"},{"type":"InternalIP","address":"127.0.0.1"}]}}' >/dev/null
}
