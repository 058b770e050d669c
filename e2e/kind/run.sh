#!/usr/bin/env bash
# The E2E suite against kind + LocalStack, for machines with Docker (see README.md):
#
#   e2e/kind/run.sh        build the image, start kind and LocalStack, install the chart, run *E2E
#   e2e/kind/run.sh down   delete the kind cluster and the LocalStack container
#
# Needs docker, kind, kubectl, helm, JDK 17 and Maven. LocalStack reads LOCALSTACK_AUTH_TOKEN
# from the environment when it is set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

CLUSTER=${KIND_CLUSTER_NAME:-msa}
LOCALSTACK=${LOCALSTACK_CONTAINER:-msa-localstack}
LOCALSTACK_IMAGE=${LOCALSTACK_IMAGE:-localstack/localstack:latest}
NAMESPACE=msa-system
REGION=us-east-1
STATE=$root/.local/kind
export KUBECONFIG=$STATE/kubeconfig

log() { printf '[kind] %s\n' "$*" >&2; }

if [[ ${1:-} == down ]]; then
  kind delete cluster --name "$CLUSTER"
  docker rm -f "$LOCALSTACK" >/dev/null 2>&1 || true
  rm -rf "$STATE"
  exit 0
fi

log "building the operator image (make image)"
make -C "$root" image

mkdir -p "$STATE"
if ! kind get clusters | grep -qx "$CLUSTER"; then
  log "creating kind cluster $CLUSTER"
  kind create cluster --name "$CLUSTER" --config "$here/kind-config.yaml" \
    ${KIND_NODE_IMAGE:+--image "$KIND_NODE_IMAGE"} --kubeconfig "$KUBECONFIG"
fi
kind get kubeconfig --name "$CLUSTER" >"$KUBECONFIG"
log "loading operator/target/jib-image.tar into the cluster"
kind load image-archive "$root/operator/target/jib-image.tar" --name "$CLUSTER"

if ! docker inspect "$LOCALSTACK" >/dev/null 2>&1; then
  log "starting LocalStack ($LOCALSTACK_IMAGE) on the kind network, port 4566 on this host"
  docker run -d --name "$LOCALSTACK" --network kind -p 127.0.0.1:4566:4566 \
    -e LOCALSTACK_AUTH_TOKEN -e SERVICES=sqs,sns,iam,sts,dynamodb,events \
    "$LOCALSTACK_IMAGE" >/dev/null
fi
for _ in $(seq 60); do
  curl -fsS -o /dev/null http://127.0.0.1:4566/_localstack/health && break
  sleep 2
done
curl -fsS -o /dev/null http://127.0.0.1:4566/_localstack/health || { log "LocalStack did not start"; exit 1; }
# Pods reach LocalStack by its address on the kind network; this shell through the published port.
endpoint_in_cluster="http://$(docker inspect -f '{{(index .NetworkSettings.Networks "kind").IPAddress}}' "$LOCALSTACK"):4566"

# IRSA without EKS: register the cluster's service-account issuer as an IAM OIDC provider and hand
# its ARN to the operator, so no EKS DescribeCluster is needed (LocalStack's EKS is a paid feature).
issuer=$(kubectl get --raw /.well-known/openid-configuration | sed -n 's/.*"issuer":"\([^"]*\)".*/\1/p')
provider="arn:aws:iam::000000000000:oidc-provider/${issuer#https://}"
docker exec "$LOCALSTACK" awslocal iam get-open-id-connect-provider --open-id-connect-provider-arn "$provider" >/dev/null 2>&1 ||
  docker exec "$LOCALSTACK" awslocal iam create-open-id-connect-provider --url "$issuer" \
    --client-id-list sts.amazonaws.com --thumbprint-list 9e99a48a9960b14926bb7f3b02e22da2b0ab7280 >/dev/null

log "installing the chart into $NAMESPACE, pointed at LocalStack"
helm upgrade --install msa-operator "$root/helm/msa-operator" --namespace "$NAMESPACE" --create-namespace \
  --set config.clusterName="$CLUSTER" --set config.region="$REGION" \
  --set config.oidcProviderArn="$provider" --set image.pullPolicy=Never \
  --set "extraEnv[0].name=AWS_ENDPOINT_URL" --set "extraEnv[0].value=$endpoint_in_cluster" \
  --set "extraEnv[1].name=AWS_ACCESS_KEY_ID" --set "extraEnv[1].value=test" \
  --set "extraEnv[2].name=AWS_SECRET_ACCESS_KEY" --set "extraEnv[2].value=test" \
  --wait --timeout 5m

log "running the E2E suite against kind (operator in the cluster) and LocalStack"
cd "$root"
AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_REGION=$REGION AWS_DEFAULT_REGION=$REGION \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test MSA_OPERATOR_CLUSTER_NAME=$CLUSTER \
  MSA_E2E_OPERATOR=in-cluster MSA_E2E_OPERATOR_NAMESPACE=$NAMESPACE \
  mvn -B -ntp -pl e2e -Pe2e verify
