#!/usr/bin/env bash
# Stops exactly the processes up.sh started (by their pid files), with whatever
# they spawned, and removes the state. --keep-logs keeps .cluster/logs (a failed up names them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

# A live leader is only signalled while it is still one of ours: its command line names our
# state directory, binaries or scripts. A dead leader's group holds only what it spawned.
ours() {
  if pid_alive "$1"; then tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q -e "$STATE_DIR" -e "$CACHE_DIR" -e "$here"
  else group_alive "$1"; fi
}

groups=()
for f in $(pid_files); do
  pid=$(cat "$f"); if ours "$pid"; then groups+=("$pid"); fi
done
# wait_gone TENTHS: polls until no group is left, at most TENTHS tenths of a second.
wait_gone() {
  local alive pid
  for _ in $(seq 1 "$1"); do
    alive=0; for pid in "${groups[@]}"; do if group_alive "$pid"; then alive=1; fi; done
    [ "$alive" = 1 ] || return 0
    sleep 0.1
  done
}
# The state is thrown away, so a short grace period is enough (the API server otherwise
# drains its watches for up to a minute).
for pid in "${groups[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
wait_gone 20
for pid in "${groups[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
wait_gone 50

if [ "${1:-}" = --keep-logs ] && [ -d "$STATE_DIR" ]; then
  find "$STATE_DIR" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
else
  rm -rf "$STATE_DIR"
fi
log "down (${#groups[@]} process groups stopped)"
