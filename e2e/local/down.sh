#!/usr/bin/env bash
# Stops everything e2e/local/up.sh started and removes its state (.local/). Harmless when nothing runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

NAME=msa
BIN=$("$here/tools.sh" --print)
LOCAL=$root/.local
export KWOK_WORKDIR=$LOCAL/kwok
export PATH=$BIN:$PATH
PIDS_DIR=$KWOK_WORKDIR/clusters/$NAME/pids

log() { printf '[down] %s\n' "$*" >&2; }

# ours PID: the process runs one of our binaries, cached or linked into .local (guards against a
# recycled pid)
ours() { [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -e "$BIN/" -e "$LOCAL/" -e "-Dmsa.local=$LOCAL "; }

# stop PID...: TERM those that are ours, KILL whatever is left after 10 s
stop() {
  local pid alive=()
  [[ $# -gt 0 ]] || return 0
  for pid in "$@"; do ours "$pid" && alive+=("$pid"); done
  [[ ${#alive[@]} -gt 0 ]] || return 0
  kill "${alive[@]}" 2>/dev/null || true
  for _ in $(seq 50); do
    local left=()
    for pid in "${alive[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
    [[ ${#left[@]} -gt 0 ]] || return 0
    alive=("${left[@]}")
    sleep 0.2
  done
  kill -9 "${alive[@]}" 2>/dev/null || true
}

# Operators started by make demo carry -Dmsa.local=<this .local>; stop every one of them, not only
# the last recorded pid.
demo_operators=$(pgrep -f -- "-Dmsa.local=$LOCAL " || true)
if [[ -n $demo_operators ]]; then
  log "stopping the operator started by make demo"
  # shellcheck disable=SC2086
  stop $demo_operators
fi

if [[ -d $KWOK_WORKDIR/clusters/$NAME ]]; then
  log "deleting cluster '$NAME'"
  # the recorded pids (files without a newline), in case kwokctl cannot stop a component itself
  pids=()
  for f in "$PIDS_DIR"/*.pid; do [[ -f $f ]] && pids+=("$(<"$f")"); done
  # up.sh never added the cluster to ~/.kube/config; kwokctl rejects an empty --kubeconfig here,
  # and a file that does not exist is left alone.
  kwokctl -v WARN delete cluster --name "$NAME" --kubeconfig "$LOCAL/no-kubeconfig" ||
    log "kwokctl delete failed; stopping the recorded processes"
  stop "${pids[@]}"
fi

if [[ -f $LOCAL/moto.pid ]]; then
  log "stopping moto server"
  stop "$(cat "$LOCAL/moto.pid")"
fi

rm -rf "$LOCAL"
log "stopped; .local/ removed"
