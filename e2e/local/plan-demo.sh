#!/usr/bin/env bash
# Part of `make demo`: a plan before apply (docs/plan.md). A Ready Microservice is annotated
# msa.dev/plan-only and given read access to the orders table; status.plan shows what that would
# change and its role on the AWS endpoint shows that nothing did; removing the annotation applies
# it. Runs against the current KUBECONFIG and AWS environment: e2e/local/plan-demo.sh [namespace].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
NAMESPACE=${1:-shop}
SERVICE=notifications
PYTHON=${PYTHON:-$("$here/tools.sh" --print)/../moto-venv/bin/python}

# The statement ids of the service's inline policy, as the AWS endpoint has it.
statements() {
  ROLE_ARN=$(kubectl get msvc "$SERVICE" -n "$NAMESPACE" -o jsonpath='{.status.roleArn}') \
    "$PYTHON" -c '
import os, boto3
role = os.environ["ROLE_ARN"].rsplit("/", 1)[1]
policy = boto3.client("iam").get_role_policy(RoleName=role, PolicyName="msa-operator")
print(", ".join(s.get("Sid", "-") for s in policy["PolicyDocument"]["Statement"]))'
}

echo "\$ kubectl annotate msvc $SERVICE msa.dev/plan-only=true"
kubectl annotate msvc "$SERVICE" -n "$NAMESPACE" msa.dev/plan-only=true --overwrite
echo "\$ kubectl patch msvc $SERVICE --type merge -p '{\"spec\":{\"dataStores\":[{\"name\":\"orders\",\"access\":\"ReadOnly\"}]}}'"
kubectl patch msvc "$SERVICE" -n "$NAMESPACE" --type merge \
  -p '{"spec":{"dataStores":[{"name":"orders","access":"ReadOnly"}]}}'
generation=$(kubectl get msvc "$SERVICE" -n "$NAMESPACE" -o jsonpath='{.metadata.generation}')
kubectl wait "msvc/$SERVICE" -n "$NAMESPACE" --timeout=60s \
  --for=jsonpath='{.status.plan.generation}'="$generation" >/dev/null
kubectl get msvc "$SERVICE" -n "$NAMESPACE"
echo "status.plan:"
kubectl get msvc "$SERVICE" -n "$NAMESPACE" -o json | "$PYTHON" -c '
import json, sys, yaml
plan = json.load(sys.stdin)["status"]["plan"]
order = ["action", "resource", "fields", "statementsAdded", "statementsRemoved"]
shown = {"generation": plan["generation"],
         "changes": [{k: c[k] for k in order if k in c} for c in plan.get("changes", [])]}
print(yaml.safe_dump(shown, sort_keys=False, allow_unicode=True, width=100), end="")' |
  sed 's/^/  /'
echo "its inline policy on AWS, planned and not applied: $(statements)"

echo "\$ kubectl annotate msvc $SERVICE msa.dev/plan-only-"
kubectl annotate msvc "$SERVICE" -n "$NAMESPACE" msa.dev/plan-only-
kubectl wait "msvc/$SERVICE" -n "$NAMESPACE" --for=condition=Ready --timeout=120s >/dev/null
kubectl get events -n "$NAMESPACE" --no-headers -o custom-columns=REASON:.reason,MESSAGE:.message \
  --field-selector "involvedObject.name=$SERVICE,reason=ApplyingPlan"
kubectl get msvc "$SERVICE" -n "$NAMESPACE"
echo "its inline policy on AWS, applied: $(statements)"
