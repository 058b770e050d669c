#!/usr/bin/env bash
# Copies crds/*-v1.yml into the chart as templates (`make chart-crds`): each copy is the generated
# file, gated by crds.install, with helm.sh/resource-policy: keep and the chart's labels added to
# its metadata. ChartCrdsTest fails the build while a copy differs from crds/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/helm/msa-operator/templates/crds
mkdir -p "$out"
rm -f "$out"/*.yaml
for crd in "$root"/crds/*-v1.yml; do
  name=$(basename "$crd" .yml)
  {
    printf '{{- /* Generated from crds/%s by "make chart-crds": change the API classes, not this file. */}}\n' "$name.yml"
    printf '{{- if .Values.crds.install }}\n'
    awk '
      { print }
      $0 == "metadata:" && !done {
        print "  annotations:"
        print "    # helm uninstall, and deleting an Argo CD Application, leave the CRD and so every"
        print "    # custom resource in place; Argo CD never prunes it."
        print "    helm.sh/resource-policy: keep"
        print "    argocd.argoproj.io/sync-options: Delete=false,Prune=false"
        print "  labels:"
        print "    {{- include \"msa-operator.labels\" . | nindent 4 }}"
        done = 1
      }' "$crd"
    printf '{{- end }}\n'
  } >"$out/$name.yaml"
done
