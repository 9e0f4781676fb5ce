#!/usr/bin/env bash
# Faults on demand for the local control plane (loopback only, every wait bounded).
#   fault.sh restart COMPONENT [FLAG...]  SIGKILL the component, start it again with the command line
#                                         up.sh gave it (plus FLAGs, which override), wait until ready
#   fault.sh stop COMPONENT               freeze it (SIGSTOP)
#   fault.sh cont COMPONENT               let it run again (SIGCONT)
#   fault.sh revision                     print etcd's current revision
#   fault.sh compact [REVISION]           compact etcd's history up to REVISION (default: the current one)
# `restart` with no FLAG always goes back to up.sh's command line, so a test that restarts
# the API server with other flags restores it the same way.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

[ -f "$STATE_DIR/env" ] || die "no cluster in $STATE_DIR"
source "$STATE_DIR/env"
READY_LIMIT=${KUBEX_FAULT_READY_LIMIT:-90}

pid_of() {
  local f="$STATE_DIR/pids/$1.pid"
  [ -f "$f" ] || die "$1: not a component of this cluster (known: $(ls "$STATE_DIR/pids" | sed 's/\.pid$//' | tr '\n' ' '))"
  cat "$f"
}

# The command line up.sh started COMPONENT with, recorded once (NUL-separated) before its first kill.
record_command() {
  local name=$1 pid=$2 file="$STATE_DIR/commands/$1"
  mkdir -p "$STATE_DIR/commands"
  if [ ! -s "$file" ]; then
    pid_alive "$pid" || die "$name is not running and its command line was never recorded"
    cp "/proc/$pid/cmdline" "$file"
  fi
}

ready() {
  case $1 in
    etcd) curl -sf --max-time 2 "http://127.0.0.1:$KUBEX_E2E_ETCD_PORT/health" ;;
    kube-apiserver) curl -sf --max-time 2 --cacert "$STATE_DIR/pki/ca.crt" --cert "$STATE_DIR/pki/admin.crt" --key "$STATE_DIR/pki/admin.key" "$KUBEX_E2E_SERVER/readyz" ;;
    *) pid_alive "$(cat "$STATE_DIR/pids/$1.pid")" ;;
  esac
}

restart() {
  local name=$1; shift
  local pid; pid=$(pid_of "$name")
  record_command "$name" "$pid"
  local -a argv; mapfile -d '' argv <"$STATE_DIR/commands/$name"
  local t0; t0=$(date +%s%N)
  kill -KILL -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do group_alive "$pid" || break; sleep 0.1; done
  group_alive "$pid" && die "$name (pid $pid) survived SIGKILL"
  local t1; t1=$(date +%s%N)
  # The same flags and ports; the log continues where it was.
  setsid "${argv[@]}" "$@" >>"$STATE_DIR/logs/$name.log" 2>&1 </dev/null &
  local new=$!
  echo "$new" >"$STATE_DIR/pids/$name.pid"
  disown "$new"
  local deadline=$(( $(date +%s) + READY_LIMIT ))
  until ready "$name" >/dev/null 2>&1; do
    pid_alive "$new" || die "$name exited after restart; see $STATE_DIR/logs/$name.log"
    [ "$(date +%s)" -lt "$deadline" ] || die "$name not ready ${READY_LIMIT}s after restart; see $STATE_DIR/logs/$name.log"
    sleep 0.2
  done
  local t2; t2=$(date +%s%N)
  echo "restarted $name: pid $pid -> $new, down $(( (t1 - t0) / 1000000 )) ms, ready after $(( (t2 - t1) / 1000000 )) ms"
}

etcd_api() {
  curl -sf --max-time 10 -X POST "http://127.0.0.1:$KUBEX_E2E_ETCD_PORT/v3/$1" -d "$2"
}

revision() {
  # Any range answer carries the store's current revision in its header.
  etcd_api kv/range '{"key":"AA=="}' | node -e 'let s="";process.stdin.on("data",(c)=>s+=c).on("end",()=>console.log(JSON.parse(s).header.revision))'
}

case ${1:-} in
  restart) [ $# -ge 2 ] || die "usage: fault.sh restart COMPONENT [FLAG...]"; shift; restart "$@" ;;
  stop) [ $# -eq 2 ] || die "usage: fault.sh stop COMPONENT"; kill -STOP -- "-$(pid_of "$2")"; echo "stopped $2" ;;
  cont) [ $# -eq 2 ] || die "usage: fault.sh cont COMPONENT"; kill -CONT -- "-$(pid_of "$2")"; echo "continued $2" ;;
  revision) revision ;;
  compact)
    rev=${2:-$(revision)}
    [[ $rev =~ ^[0-9]+$ ]] || die "compact: not a revision: $rev"
    etcd_api kv/compaction "{\"revision\":\"$rev\",\"physical\":true}" >/dev/null
    echo "compacted etcd at revision $rev" ;;
  *) die "usage: fault.sh restart|stop|cont COMPONENT | revision | compact [REVISION]" ;;
esac
