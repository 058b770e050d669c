{{/* Names, labels and the operator's environment, shared by the templates. */}}

{{- define "msa-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "msa-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "msa-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "msa-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "msa-operator.labels" -}}
{{ include "msa-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: msa-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "msa-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "msa-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "msa-operator.leaseName" -}}
{{- default (include "msa-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{- define "msa-operator.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.leaseNamespace }}
{{- end }}

{{- define "msa-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* service=callsPerSecond,... sorted by service, as MSA_OPERATOR_AWS_RATE_LIMITS reads it. */}}
{{/* key=value,... sorted by key, as MSA_OPERATOR_DEFAULT_TAGS reads it. */}}
{{- define "msa-operator.defaultTags" -}}
{{- $entries := list }}
{{- range $key, $value := .Values.config.defaultTags }}
{{- $entries = append $entries (printf "%s=%v" $key $value) }}
{{- end }}
{{- join "," $entries }}
{{- end }}

{{- define "msa-operator.awsRateLimits" -}}
{{- $entries := list }}
{{- range $service, $rate := .Values.config.awsRateLimits }}
{{- $entries = append $entries (printf "%s=%v" $service $rate) }}
{{- end }}
{{- join "," $entries }}
{{- end }}

{{/*
The operator's environment (README "Configuration"). Optional settings are left out when empty, so
the operator's own default applies.
*/}}
{{- define "msa-operator.env" -}}
{{- $c := .Values.config -}}
- name: MSA_OPERATOR_CLUSTER_NAME
  value: {{ required "config.clusterName is required: the cluster's name, used in AWS tags and as the name prefix" $c.clusterName | quote }}
- name: AWS_REGION
  value: {{ required "config.region is required: the AWS region the operator manages, e.g. eu-west-1" $c.region | quote }}
{{- with $c.namePrefix }}
- name: MSA_OPERATOR_NAME_PREFIX
  value: {{ . | quote }}
{{- end }}
- name: MSA_OPERATOR_IDENTITY_MODE
  value: {{ $c.identityMode | quote }}
{{- with $c.oidcProviderArn }}
- name: MSA_OPERATOR_OIDC_PROVIDER_ARN
  value: {{ . | quote }}
{{- end }}
{{- with $c.eksClusterName }}
- name: MSA_OPERATOR_EKS_CLUSTER_NAME
  value: {{ . | quote }}
{{- end }}
{{- with $c.permissionsBoundaryArn }}
- name: MSA_OPERATOR_PERMISSIONS_BOUNDARY_ARN
  value: {{ . | quote }}
{{- end }}
{{- with $c.allowedManagedPolicyArns }}
- name: MSA_OPERATOR_ALLOWED_MANAGED_POLICY_ARNS
  value: {{ join "," . | quote }}
{{- end }}
{{- with $c.allowedRoleArns }}
- name: MSA_OPERATOR_ALLOWED_ROLE_ARNS
  value: {{ join "," . | quote }}
{{- end }}
{{- with $c.watchNamespaces }}
- name: MSA_OPERATOR_WATCH_NAMESPACES
  value: {{ join "," . | quote }}
{{- end }}
- name: MSA_OPERATOR_RESYNC_INTERVAL
  value: {{ $c.resyncInterval | quote }}
- name: MSA_OPERATOR_AWS_READ_BUDGET
  value: {{ $c.awsReadBudget | quote }}
- name: MSA_OPERATOR_RECONCILE_THREADS
  value: {{ $c.reconcileThreads | quote }}
- name: MSA_OPERATOR_PROVISIONING_TURNS
  value: {{ $c.provisioningTurns | quote }}
- name: MSA_OPERATOR_NETWORK_POLICIES
  value: {{ $c.networkPolicies | quote }}
{{- with $c.networkPolicyAllowedNamespaces }}
- name: MSA_OPERATOR_NETWORK_POLICY_ALLOWED_NAMESPACES
  value: {{ join "," . | quote }}
{{- end }}
- name: MSA_OPERATOR_LOG_FORMAT
  value: {{ $c.logFormat | quote }}
- name: MSA_OPERATOR_AWS_RATE_LIMITS
  value: {{ include "msa-operator.awsRateLimits" . | quote }}
{{- with $c.defaultTags }}
- name: MSA_OPERATOR_DEFAULT_TAGS
  value: {{ include "msa-operator.defaultTags" $ | quote }}
{{- end }}
- name: MSA_OPERATOR_KEDA_SERVICE_ACCOUNT
  value: {{ printf "%s:%s" $c.keda.namespace $c.keda.serviceAccount | quote }}
{{- with $c.keda.roleArn }}
- name: MSA_OPERATOR_KEDA_ROLE_ARN
  value: {{ . | quote }}
{{- end }}
- name: MSA_OPERATOR_HTTP_PORT
  value: {{ .Values.http.port | quote }}
- name: MSA_OPERATOR_LEADER_ELECTION
  value: {{ .Values.leaderElection.enabled | quote }}
{{- if .Values.leaderElection.enabled }}
- name: MSA_OPERATOR_LEASE_NAME
  value: {{ include "msa-operator.leaseName" . | quote }}
- name: MSA_OPERATOR_LEASE_NAMESPACE
  value: {{ include "msa-operator.leaseNamespace" . | quote }}
{{- end }}
{{- end }}
