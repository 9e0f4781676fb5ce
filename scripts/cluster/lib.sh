# Shared settings for the local control plane scripts. Sourced, not run.
K8S_VERSION=1.35.4
ETCD_VERSION=3.6.16
KWOK_VERSION=0.8.0

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE_DIR=${KUBEX_CACHE:-$HOME/.cache/kubex}
K8S_BIN=$CACHE_DIR/k8s-build/$K8S_VERSION/bin
ETCD_BIN=$CACHE_DIR/etcd-build/$ETCD_VERSION/bin
KWOK_BIN=$CACHE_DIR/kwok-build/$KWOK_VERSION/bin
KWOK_STAGES=$CACHE_DIR/kwok-build/$KWOK_VERSION/stages
STATE_DIR=${KUBEX_CLUSTER_DIR:-$REPO_ROOT/.cluster}

# Go builds: the module proxy only, no cgo, no workspace, writable module cache.
# GOTOOLCHAIN stays local unless the caller asks for a toolchain (fetched from the module proxy).
export GOTOOLCHAIN=${GOTOOLCHAIN:-local} GOFLAGS=-modcacherw CGO_ENABLED=0 GOWORK=off

die() { echo "cluster: $*" >&2; exit 1; }
log() { echo "cluster: $*" >&2; }

# Prints N free loopback TCP ports (the kernel picks them; held until all are known).
free_ports() {
  node -e '
    const net = require("node:net");
    const n = Number(process.argv[1]); const servers = []; const ports = [];
    (function next() {
      if (ports.length === n) { servers.forEach((s) => s.close()); console.log(ports.join(" ")); return; }
      const s = net.createServer(); servers.push(s);
      s.listen(0, "127.0.0.1", () => { ports.push(s.address().port); next(); });
    })();' "$1"
}

# The pid files of a running cluster, one per component.
pid_files() { ls "$STATE_DIR"/pids/*.pid 2>/dev/null || true; }

# A zombie is not alive: this machine's init may take seconds to reap exited processes.
pid_alive() {
  local state
  [ -n "$1" ] && state=$(ps -o stat= -p "$1" 2>/dev/null) && [ -n "$state" ] && [ "${state:0:1}" != Z ]
}

# Every component runs in its own session (setsid), so its pid is also the id of a process
# group holding whatever it spawned (kwok's exec commands): signal the group, not just the pid.
group_alive() {
  local p
  for p in $(pgrep -g "$1" 2>/dev/null); do if pid_alive "$p"; then return 0; fi; done
  return 1
}
