#!/usr/bin/env bash
# `make demo`: the local environment, the operator running against it, the samples applied and
# shown. Stop everything with `make down`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
LOCAL=$root/.local
NAMESPACE=shop

step() { printf '\n== %s\n' "$*"; }
# moto's virtual environment has boto3, used below to show what exists on the AWS endpoint.
PYTHON=$("$here/tools.sh" --print)/../moto-venv/bin/python

step "building the local environment's tools (first run: about 8 minutes, then cached)"
"$here/tools.sh" >/dev/null
step "starting the local environment"
"$here/up.sh"
# shellcheck source=/dev/null
source "$LOCAL/env.sh"

step "building the operator"
mvn -B -ntp -q -pl operator -am -DskipTests package

step "installing the CRDs"
# The tree's CRDs win over whatever applied them before on this environment (the bench and the
# tests apply them as field manager "fabric8"), so a demo after `make bench` does not conflict.
kubectl apply --server-side --force-conflicts -f crds/

step "installing the Helm chart: RBAC and ServiceAccount, no operator pod (it runs here, as that ServiceAccount)"
helm upgrade --install msa-operator helm/msa-operator --namespace msa-system --create-namespace \
  --set replicaCount=0 --set crds.install=false \
  --set config.clusterName="$MSA_OPERATOR_CLUSTER_NAME" --set config.region="$AWS_REGION" --wait
# A kubeconfig that is the chart's ServiceAccount, so the chart's RBAC is what the demo exercises.
server=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')
ca=$(kubectl config view --minify --raw --flatten -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
token=$(kubectl create token msa-operator --namespace msa-system --duration 24h)
cat >"$LOCAL/operator-kubeconfig.yaml" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "$server", certificate-authority-data: "$ca"}}]
users: [{name: msa-operator, user: {token: "$token"}}]
contexts: [{name: msa-operator, context: {cluster: local, user: msa-operator}}]
current-context: msa-operator
KUBECONFIG
chmod 600 "$LOCAL/operator-kubeconfig.yaml"

step "starting the operator as system:serviceaccount:msa-system:msa-operator (log: .local/operator.log)"
if [[ -f $LOCAL/operator.pid ]] && kill -0 "$(cat "$LOCAL/operator.pid")" 2>/dev/null; then
  echo "already running (pid $(cat "$LOCAL/operator.pid"))"
else
  # -Dmsa.local marks the process as ours for down.sh.
  KUBECONFIG=$LOCAL/operator-kubeconfig.yaml MSA_OPERATOR_HTTP_ADDRESS=127.0.0.1 \
    MSA_OPERATOR_HTTP_PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') \
    setsid java "-Dmsa.local=$LOCAL" -cp 'operator/target/classes:operator/target/lib/*' \
    dev.msa.operator.Main >"$LOCAL/operator.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/operator.pid"
fi

step "applying samples/ into namespace $NAMESPACE"
kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl apply -n "$NAMESPACE" -f samples/

step "waiting for every DataStore, Microservice and EventSubscription to be Ready"
for kind in datastore microservice eventsubscription; do
  kubectl wait -n "$NAMESPACE" --for=condition=Ready "$kind" --all --timeout=180s
done

step "kubectl get msa -n $NAMESPACE"
kubectl get msa -n "$NAMESPACE"
step "who publishes what to whom (make flow NS=$NAMESPACE)"
make --no-print-directory flow NS="$NAMESPACE"

step "what the operator created for them"
kubectl get serviceaccounts,deployments,services,hpa,pdb,scaledobjects,triggerauthentications,pods \
  -n "$NAMESPACE" -l app.kubernetes.io/managed-by=msa-operator

step "what the operator created on AWS (moto at $AWS_ENDPOINT_URL)"
"$PYTHON" - <<'PY'
import boto3
sqs, sns, iam = boto3.client("sqs"), boto3.client("sns"), boto3.client("iam")
for url in sqs.list_queues().get("QueueUrls", []):
    print("SQS queue  ", url.rsplit("/", 1)[1])
for topic in sns.list_topics()["Topics"]:
    print("SNS topic  ", topic["TopicArn"].rsplit(":", 1)[1])
dynamodb, events = boto3.client("dynamodb"), boto3.client("events")
for table in dynamodb.list_tables()["TableNames"]:
    print("DynamoDB   ", table)
for subscription in sns.list_subscriptions()["Subscriptions"]:
    print("SNS sub    ", subscription["TopicArn"].rsplit(":", 1)[1], "->", subscription["Endpoint"].rsplit(":", 1)[1])
for rule in events.list_rules()["Rules"]:
    print("EB rule    ", rule["Name"], rule["EventPattern"])
for role in iam.list_roles()["Roles"]:
    if role["RoleName"].startswith("msa-"):
        print("IAM role   ", role["RoleName"], " inline policies:",
              ",".join(iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"]) or "-")
PY

step "proving the event flow: orders publishes, notifications and inventory receive"
topic=$(kubectl get msvc orders -n "$NAMESPACE" -o jsonpath='{.status.topics[0].arn}')
notifications=$(kubectl get msvc notifications -n "$NAMESPACE" -o jsonpath='{.status.queue.url}')
inventory=$(kubectl get msvc inventory -n "$NAMESPACE" -o jsonpath='{.status.queue.url}')
TOPIC=$topic NOTIFICATIONS=$notifications INVENTORY=$inventory \
  "$PYTHON" - <<'PY'
import json, os
import boto3
sns, sqs, events = boto3.client("sns"), boto3.client("sqs"), boto3.client("events")

def attribute(value):
    return {"eventType": {"DataType": "String", "StringValue": value}}

sns.publish(TopicArn=os.environ["TOPIC"], Message='{"orderId":"42"}', MessageAttributes=attribute("OrderCreated"))
sns.publish(TopicArn=os.environ["TOPIC"], Message='{"orderId":"43"}', MessageAttributes=attribute("OrderCancelled"))
print("published OrderCreated (42) and OrderCancelled (43) on", os.environ["TOPIC"].rsplit(":", 1)[1])
got = sqs.receive_message(QueueUrl=os.environ["NOTIFICATIONS"], MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
print("notifications' queue received:", [m["Body"] for m in got], "(the filter policy keeps OrderCreated only)")

events.put_events(Entries=[{"Source": "com.acme.orders", "DetailType": "OrderPlaced", "Detail": json.dumps({"orderId": "44"})}])
print("put OrderPlaced (44) on the default EventBridge bus")
got = sqs.receive_message(QueueUrl=os.environ["INVENTORY"], MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
print("inventory's queue received:", [json.loads(m["Body"])["detail"] for m in got])
PY

step "a plan before apply: notifications annotated msa.dev/plan-only, edited, shown, then applied (docs/plan.md)"
PYTHON=$PYTHON "$here/plan-demo.sh" "$NAMESPACE"

cat <<MSG

The shop is running on the local cluster (pods on a kwok fake node).
  Look around:  source .local/env.sh; kubectl get msa -A; kubectl describe msvc orders -n $NAMESPACE
  The picture:  .local/flow/event-flow.svg (redrawn by: make flow NS=$NAMESPACE)
  Operator log: .local/operator.log
  Stop it all:  make down
MSG
