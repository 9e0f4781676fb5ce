#!/usr/bin/env bash
# Stops exactly the processes up.sh started (by their pid files) and removes the state.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Only signal a pid that is still one of ours: its command line names our state directory or binaries.
ours() { pid_alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q -e "$STATE_DIR" -e "$CACHE_DIR"; }

pids=()
for f in $(pid_files); do
  pid=$(cat "$f"); if ours "$pid"; then pids+=("$pid"); fi
done
if [ "${#pids[@]}" -gt 0 ]; then
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    alive=0; for pid in "${pids[@]}"; do if pid_alive "$pid"; then alive=1; fi; done
    [ "$alive" = 1 ] || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi; done
fi
rm -rf "$STATE_DIR"
log "down (${#pids[@]} processes stopped)"
