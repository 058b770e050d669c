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

step "building the local environment's tools (first run: about 8 minutes, then cached)"
"$here/tools.sh" >/dev/null
step "starting the local environment"
"$here/up.sh"
# shellcheck source=/dev/null
source "$LOCAL/env.sh"

step "building the operator"
mvn -B -ntp -q -pl operator -am -DskipTests package

step "installing the CRDs"
kubectl apply --server-side -f crds/

step "starting the operator (log: .local/operator.log)"
if [[ -f $LOCAL/operator.pid ]] && kill -0 "$(cat "$LOCAL/operator.pid")" 2>/dev/null; then
  echo "already running (pid $(cat "$LOCAL/operator.pid"))"
else
  # -Dmsa.local marks the process as ours for down.sh.
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
step "what the operator created for them"
kubectl get serviceaccounts,deployments,services,hpa,pdb,pods -n "$NAMESPACE" -l app.kubernetes.io/managed-by=msa-operator

step "what the operator created on AWS (moto at $AWS_ENDPOINT_URL)"
"$("$here/tools.sh" --print)/../moto-venv/bin/python" - <<'PY'
import boto3
sqs, sns, iam = boto3.client("sqs"), boto3.client("sns"), boto3.client("iam")
for url in sqs.list_queues().get("QueueUrls", []):
    print("SQS queue  ", url.rsplit("/", 1)[1])
for topic in sns.list_topics()["Topics"]:
    print("SNS topic  ", topic["TopicArn"].rsplit(":", 1)[1])
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
  "$("$here/tools.sh" --print)/../moto-venv/bin/python" - <<'PY'
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

cat <<MSG

The shop is running on the local cluster (pods on a kwok fake node).
  Look around:  source .local/env.sh; kubectl get msa -A; kubectl describe msvc orders -n $NAMESPACE
  Operator log: .local/operator.log
  Stop it all:  make down
MSG
