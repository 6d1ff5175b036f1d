{{/* Release-wide name: the release name, with the chart name appended unless it already contains it. */}}
{{- define "aifactory.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service>. Argument: dict root, name. */}}
{{- define "aifactory.serviceName" -}}
{{- printf "%s-%s" (include "aifactory.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "aifactory.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: aifactory
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "aifactory.selectorLabels" . }}
{{- end -}}

{{- define "aifactory.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* In-cluster base URL of a service. Argument: dict root, name. */}}
{{- define "aifactory.url" -}}
{{- $svc := index .root.Values.services .name -}}
{{- printf "http://%s:%v" (include "aifactory.serviceName" .) $svc.port -}}
{{- end -}}

{{- define "aifactory.image" -}}
{{- $svc := index .root.Values.services .name -}}
{{- $img := $svc.image | default dict -}}
{{- $repo := $img.repository | default (printf "%s/%s" .root.Values.image.registry .name) -}}
{{- $tag := $img.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{- define "aifactory.aws" -}}
{{- eq .Values.profile "aws" -}}
{{- end -}}

{{/* Services that keep state in PostgreSQL and talk over Kafka: all but the dashboard. */}}
{{- define "aifactory.isBackend" -}}
{{- ne .name "dashboard" -}}
{{- end -}}

{{/*
Secret-backed environment of one service: env name -> key in the Secret. The values never
reach a ConfigMap; policy-service holds every client secret and user password as the issuer.
*/}}
{{- define "aifactory.secretEnv" -}}
{{- $env := dict -}}
{{- if ne .name "dashboard" -}}
{{- $_ := set $env "AIFACTORY_DB_USER" "db-username" -}}
{{- $_ := set $env "AIFACTORY_DB_PASSWORD" "db-password" -}}
{{- if eq .root.Values.kafka.securityProtocol "SASL_SSL" -}}
{{- $_ := set $env "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG" "kafka-sasl-jaas-config" -}}
{{- end -}}
{{- end -}}
{{- if eq .name "training-service" -}}
{{- $_ := set $env "AIFACTORY_TRAINING_SERVICE_SECRET" "training-service-secret" -}}
{{- end -}}
{{- if eq .name "monitoring-service" -}}
{{- $_ := set $env "AIFACTORY_MONITORING_SERVICE_SECRET" "monitoring-service-secret" -}}
{{- end -}}
{{- if eq .name "policy-service" -}}
{{- $_ := set $env "AIFACTORY_TRAINING_SERVICE_SECRET" "training-service-secret" -}}
{{- $_ := set $env "AIFACTORY_MONITORING_SERVICE_SECRET" "monitoring-service-secret" -}}
{{- $_ := set $env "AIFACTORY_FACTORY_ADMIN_SECRET" "factory-admin-secret" -}}
{{- $_ := set $env "AIFACTORY_DEMO_ML_SECRET" "demo-ml-secret" -}}
{{- $_ := set $env "AIFACTORY_DEMO_VIEWER_SECRET" "demo-viewer-secret" -}}
{{- $_ := set $env "AIFACTORY_CI_SECRET" "ci-secret" -}}
{{- $_ := set $env "AIFACTORY_OTHER_TEAM_SECRET" "other-team-secret" -}}
{{- $_ := set $env "AIFACTORY_ALICE_PASSWORD" "alice-password" -}}
{{- $_ := set $env "AIFACTORY_VICTOR_PASSWORD" "victor-password" -}}
{{- $_ := set $env "AIFACTORY_OLGA_PASSWORD" "olga-password" -}}
{{- $_ := set $env "AIFACTORY_ROOT_PASSWORD" "root-password" -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* Plain (non-secret) environment of one service, rendered into its ConfigMap. */}}
{{- define "aifactory.plainEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $svc := index $v.services .name -}}
{{- $policy := dict "root" $root "name" "policy-service" -}}
{{- $env := dict -}}
{{- $_ := set $env "PORT" (toString $svc.port) -}}
{{- $_ := set $env "JAVA_TOOL_OPTIONS" $v.javaToolOptions -}}
{{- $_ := set $env "AIFACTORY_POLICY_URL" (include "aifactory.url" $policy) -}}
{{- $_ := set $env "AIFACTORY_INGESTION_URL" (include "aifactory.url" (dict "root" $root "name" "ingestion-service")) -}}
{{- $_ := set $env "AIFACTORY_TRAINING_URL" (include "aifactory.url" (dict "root" $root "name" "training-service")) -}}
{{- $_ := set $env "AIFACTORY_MONITORING_URL" (include "aifactory.url" (dict "root" $root "name" "monitoring-service")) -}}
{{- $_ := set $env "AIFACTORY_GATEWAY_URL" (include "aifactory.url" (dict "root" $root "name" "inference-gateway")) -}}
{{- $_ := set $env "AIFACTORY_DASHBOARD_URL" ($v.dashboardUrl | default (include "aifactory.url" (dict "root" $root "name" "dashboard"))) -}}
{{- $_ := set $env "AIFACTORY_ISSUER" ($v.issuerUrl | default (include "aifactory.url" $policy)) -}}
{{- if ne .name "dashboard" -}}
{{- $_ := set $env "AIFACTORY_JWKS_URI" (printf "%s/oauth2/jwks" (include "aifactory.url" $policy)) -}}
{{- $_ := set $env "AIFACTORY_DB_HOST" $v.postgresql.host -}}
{{- $_ := set $env "AIFACTORY_DB_PORT" (toString $v.postgresql.port) -}}
{{- $_ := set $env "AIFACTORY_DB_NAME" $v.postgresql.database -}}
{{- if $v.postgresql.sslMode -}}
{{- $_ := set $env "SPRING_DATASOURCE_URL" (printf "jdbc:postgresql://%s:%v/%s?currentSchema=%s&sslmode=%s" $v.postgresql.host $v.postgresql.port $v.postgresql.database $svc.schema $v.postgresql.sslMode) -}}
{{- end -}}
{{- $_ := set $env "AIFACTORY_KAFKA_BOOTSTRAP" $v.kafka.bootstrapServers -}}
{{- if ne $v.kafka.securityProtocol "PLAINTEXT" -}}
{{- $_ := set $env "SPRING_KAFKA_SECURITY_PROTOCOL" $v.kafka.securityProtocol -}}
{{- end -}}
{{- if $v.kafka.saslMechanism -}}
{{- $_ := set $env "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM" $v.kafka.saslMechanism -}}
{{- end -}}
{{- $_ := set $env "AIFACTORY_DATA_DIR" $v.dataVolume.mountPath -}}
{{- end -}}
{{- if eq $v.profile "aws" -}}
{{- $_ := set $env "SPRING_PROFILES_ACTIVE" "aws" -}}
{{- $_ := set $env "AWS_REGION" $v.aws.region -}}
{{- $_ := set $env "AIFACTORY_AWS_REGION" $v.aws.region -}}
{{- if eq .name "ingestion-service" -}}
{{- $_ := set $env "AIFACTORY_DATASET_BUCKET" (required "aws.datasetBucket is required with profile aws" $v.aws.datasetBucket) -}}
{{- end -}}
{{- if eq .name "training-service" -}}
{{- $_ := set $env "AIFACTORY_SAGEMAKER_ROLE_ARN" (required "aws.sagemaker.executionRoleArn is required with profile aws" $v.aws.sagemaker.executionRoleArn) -}}
{{- $_ := set $env "AIFACTORY_SAGEMAKER_OUTPUT_URI" (required "aws.sagemaker.outputUri is required with profile aws" $v.aws.sagemaker.outputUri) -}}
{{- $_ := set $env "AIFACTORY_SAGEMAKER_CODE_URI" (required "aws.sagemaker.codeUri is required with profile aws" $v.aws.sagemaker.codeUri) -}}
{{- $_ := set $env "AIFACTORY_SAGEMAKER_INSTANCE_TYPE" $v.aws.sagemaker.instanceType -}}
{{- end -}}
{{- if eq .name "policy-service" -}}
{{- $_ := set $env "AIFACTORY_POLICY_SNS_TOPIC_ARN" (required "aws.notificationsTopicArn is required with profile aws" $v.aws.notificationsTopicArn) -}}
{{- end -}}
{{- if eq .name "inference-gateway" -}}
{{- $_ := set $env "AIFACTORY_GATEWAY_SAGEMAKER_REGION" $v.aws.region -}}
{{- end -}}
{{- end -}}
{{- range $k, $val := $svc.env -}}
{{- $_ := set $env $k (toString $val) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}
