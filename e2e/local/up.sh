#!/usr/bin/env bash
# Starts the local environment of SPEC §7 from the binaries `make tools` cached, downloading nothing:
# a kwokctl "binary runtime" cluster (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kwok controller) with one fake node and KEDA's CRDs, and moto server as the AWS endpoint;
# registers the cluster in moto as EKS would have it and writes .local/env.sh. Everything listens on
# 127.0.0.1 only.
# Running it again while everything is up changes nothing and re-prints the summary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

NAME=msa
BIN=$("$here/tools.sh" --print)
LOCAL=$root/.local
# kwokctl keeps its clusters, PKI, logs and pid files under $KWOK_WORKDIR instead of ~/.kwok.
export KWOK_WORKDIR=$LOCAL/kwok
# kwokctl runs `kubectl` from PATH and downloads one when there is none: put ours first.
export PATH=$BIN:$PATH
export KWOK_KUBECTL_BINARY=$BIN/kubectl
KUBECONFIG_FILE=$KWOK_WORKDIR/clusters/$NAME/kubeconfig.yaml
MOTO_PYTHON=$BIN/../moto-venv/bin/python

log() { printf '[up] %s\n' "$*" >&2; }
die() { printf '[up] error: %s\n' "$*" >&2; exit 1; }

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok kwokctl moto_server; do
  [[ -x $BIN/$b ]] || die "$BIN/$b is missing: run 'make tools'"
done

# --- Kubernetes control plane + kwok -------------------------------------------------------------
apiserver_ready() { [[ -f $KUBECONFIG_FILE ]] && kubectl --kubeconfig "$KUBECONFIG_FILE" get --raw /readyz >/dev/null 2>&1; }

if apiserver_ready; then
  log "cluster '$NAME' is already running"
else
  if [[ -d $KWOK_WORKDIR/clusters/$NAME ]]; then
    # Left over (a reboot, a killed component): kwokctl would wait 2 minutes on a component that is
    # still shutting down, so start over from nothing instead; the environment holds no data.
    log "cluster '$NAME' exists but does not answer: starting over"
    "$here/down.sh"
  fi
  mkdir -p "$KWOK_WORKDIR"
  # kwokctl binds every component to 0.0.0.0 by default and has no flag for it; its configuration
  # file has options.bindAddress. $KWOK_WORKDIR/kwok.yaml is loaded by every kwokctl command.
  cat >"$KWOK_WORKDIR/kwok.yaml" <<'EOF'
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  bindAddress: 127.0.0.1
EOF
  log "starting cluster '$NAME' (state in ${KWOK_WORKDIR#"$root"/})"
  # --kubeconfig '' keeps kwokctl away from ~/.kube/config; ours is $KUBECONFIG_FILE.
  # The controller-manager's client QPS (20 by default) and its 5 Deployment and 5 ReplicaSet
  # workers made a burst of Deployments wait longer for their pods than for the operator
  # (docs/benchmarks.md); a managed control plane such as EKS's is not throttled like that.
  kwokctl -v WARN create cluster --name "$NAME" --runtime binary --kubeconfig '' --wait 120s \
    --disable-qps-limits \
    --extra-args kube-controller-manager=concurrent-deployment-syncs=50 \
    --extra-args kube-controller-manager=concurrent-replicaset-syncs=50 \
    --etcd-binary "$BIN/etcd" \
    --kube-apiserver-binary "$BIN/kube-apiserver" \
    --kube-controller-manager-binary "$BIN/kube-controller-manager" \
    --kube-scheduler-binary "$BIN/kube-scheduler" \
    --kwok-controller-binary "$BIN/kwok"
  apiserver_ready || die "the apiserver does not answer /readyz; logs: ${KWOK_WORKDIR}/clusters/$NAME/logs"
fi
# One fake node; kwokctl's node template carries no NoSchedule taint, so pods schedule on it.
kwokctl -v WARN scale node --name "$NAME" --replicas 1
kubectl --kubeconfig "$KUBECONFIG_FILE" wait --for=condition=Ready node --all --timeout=60s >/dev/null
# KEDA's API without KEDA: its published ScaledObject and TriggerAuthentication CRDs (KEDA_VERSION,
# fetched by tools.sh), so the cluster serves keda.sh/v1alpha1 as one with KEDA installed does and the
# operator's ScaledObjects for queue-depth autoscaling (docs/autoscaling.md) can be seen. No KEDA
# controller runs: nothing scales the fake node's pods.
kubectl --kubeconfig "$KUBECONFIG_FILE" apply --server-side -f "$(dirname "$BIN")/keda/" >/dev/null
kubectl --kubeconfig "$KUBECONFIG_FILE" wait --for=condition=Established --timeout=60s \
  crd/scaledobjects.keda.sh crd/triggerauthentications.keda.sh >/dev/null

# --- moto server ---------------------------------------------------------------------------------
moto_pid() { [[ -f $LOCAL/moto.pid ]] && kill -0 "$(cat "$LOCAL/moto.pid")" 2>/dev/null && cat "$LOCAL/moto.pid"; }
moto_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/moto-api/data.json"; }

if moto_pid >/dev/null && moto_ready "$(cat "$LOCAL/moto.port")"; then
  MOTO_PORT=$(cat "$LOCAL/moto.port")
  log "moto server is already running on port $MOTO_PORT"
else
  # a port the kernel says is free right now
  MOTO_PORT=$("$MOTO_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log "starting moto server on 127.0.0.1:$MOTO_PORT"
  # setsid: detached from make's process group, so it outlives `make up` like the kwok components.
  # moto's request recorder (off until asked, /moto-api/recorder/start-recording; `make bench-ack`
  # counts AWS calls with it) writes into .local rather than the working directory.
  MOTO_RECORDER_FILEPATH=$LOCAL/moto_recording setsid "$BIN/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$LOCAL/moto.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/moto.pid"
  echo "$MOTO_PORT" >"$LOCAL/moto.port"
  for _ in $(seq 100); do moto_ready "$MOTO_PORT" 2>/dev/null && break; sleep 0.2; done
  moto_ready "$MOTO_PORT" || die "moto server did not start; see .local/moto.log"
fi

# --- .local/env.sh -------------------------------------------------------------------------------
cat >"$LOCAL/env.sh" <<EOF
# Written by e2e/local/up.sh: \`source .local/env.sh\` to use the local environment.
export PATH="$BIN:\$PATH"
export KUBECONFIG="$KUBECONFIG_FILE"
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1  # the name boto3 and the aws CLI read
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
export MSA_OPERATOR_CLUSTER_NAME=$NAME
EOF
# shellcheck source=/dev/null
source "$LOCAL/env.sh"

# The EKS cluster record and its IAM OIDC provider, as IRSA discovery expects them (idempotent).
k8s_minor=${K8S_VERSION#v}
"$MOTO_PYTHON" "$here/register_eks.py" "$NAME" "${k8s_minor%.*}"

# --- only loopback -------------------------------------------------------------------------------
# kwokctl's pid files end without a newline
pids=$(for f in "$KWOK_WORKDIR/clusters/$NAME/pids/"*.pid "$LOCAL/moto.pid"; do echo "$(<"$f")"; done | paste -sd'|')
sockets=$(ss -Hltnp | grep -E "pid=($pids)," || true)
[[ -n $sockets ]] || die "found no listening socket of the started processes (pids $pids)"
exposed=$(awk '$4 !~ /^127\.0\.0\.1:/' <<<"$sockets")
[[ -z $exposed ]] || die "listening beyond 127.0.0.1:"$'\n'"$exposed"
log "$(wc -l <<<"$sockets") listening sockets, all on 127.0.0.1"

# --- summary -------------------------------------------------------------------------------------
echo "Kubernetes $(kubectl version | sed -n 's/^Server Version: //p') at $(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
kubectl get nodes
echo "AWS (moto): $AWS_ENDPOINT_URL   EKS cluster: $NAME"
echo "Use it from any shell:  source .local/env.sh"
