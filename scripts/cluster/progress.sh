# Numbered progress lines for long builds. Sourced, not run; needs lib.sh's die.
# steps_total=N; step LABEL LOG CMD... runs CMD into LOG and prints one line:
#   cluster: [2/6] etcd v3.6.16: compiling … 1 min … 2 min … 131 s
# A minute marker is added while a step runs, so a long step never looks stuck.
steps_total=0
step_no=0
build_start=$SECONDS

step() {
  local label=$1 log_file=$2; shift 2
  step_no=$((step_no + 1))
  printf 'cluster: [%d/%d] %s … ' "$step_no" "$steps_total" "$label" >&2
  local start=$SECONDS minutes=0 pid
  "$@" >>"$log_file" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.2
    if (( (SECONDS - start) / 60 > minutes )); then
      minutes=$(( (SECONDS - start) / 60 ))
      printf '%d min … ' "$minutes" >&2
    fi
  done
  if ! wait "$pid"; then
    echo "failed" >&2
    die "$label: '$*' failed; see $log_file"
  fi
  echo "$((SECONDS - start)) s" >&2
}

# The line after the last step: the total, and what the next run costs.
steps_done() {
  local total=$((SECONDS - build_start))
  if [ "$step_no" = 0 ]; then
    log "binaries ready in $1 (cached)"
  else
    log "binaries ready in $1: built in $((total / 60)) min $((total % 60)) s; the next start reuses them and takes seconds"
  fi
}
