{{/* Names: <release>-<service>, or <release>-handoff-<service> when the release name does not say handoff. */}}
{{- define "handoff.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "handoff.name" -}}
{{- printf "%s-%s" (include "handoff.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; each also carries handoff.selectorLabels (name and instance). */}}
{{- define "handoff.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: handoff
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Selector labels of one service's pods: dict "root" $ "name" <service>. */}}
{{- define "handoff.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Sets every key of .src into .dst, descending into maps present in both (unlike sprig's merge, false and 0 win). */}}
{{- define "handoff.mergeInto" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "handoff.mergeInto" (dict "dst" (get $dst $key) "src" $value) -}}
{{- else -}}
{{- $_ := set $dst $key $value -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* One service's settings: serviceDefaults overridden by services.<name>, as YAML (use with fromYaml). */}}
{{- define "handoff.service" -}}
{{- $merged := deepCopy .root.Values.serviceDefaults -}}
{{- include "handoff.mergeInto" (dict "dst" $merged "src" (deepCopy (get .root.Values.services .name))) -}}
{{- toYaml $merged -}}
{{- end -}}

{{- define "handoff.image" -}}
{{- $image := .root.Values.image -}}
{{- $tag := $image.tag | default .root.Chart.AppVersion -}}
{{- if $image.registry -}}
{{- printf "%s/%s%s:%s" (trimSuffix "/" $image.registry) $image.repositoryPrefix .name $tag -}}
{{- else -}}
{{- printf "%s%s:%s" $image.repositoryPrefix .name $tag -}}
{{- end -}}
{{- end -}}

{{- define "handoff.mongoSecretName" -}}
{{- if .Values.mongodb.url -}}
{{- printf "%s-mongodb" (include "handoff.fullname" .) -}}
{{- else -}}
{{- required "mongodb.existingSecret (or mongodb.url for a test install) is required" .Values.mongodb.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "handoff.policyMountPath" -}}/etc/handoff/policy{{- end -}}

{{/* The ports of kafka.brokers ("a:9092,b:9093" → [9092, 9093]), for NetworkPolicy egress. */}}
{{- define "handoff.kafkaPorts" -}}
{{- $ports := list -}}
{{- range $broker := splitList "," .Values.kafka.brokers -}}
{{- $parts := splitList ":" (trim $broker) -}}
{{- $ports = append $ports (last $parts | int) -}}
{{- end -}}
{{- toJson (uniq $ports) -}}
{{- end -}}

{{/*
Variables every Handoff process reads (libs/config platformEnv): Kafka, topic provisioning, log level, telemetry.
dict "root" $ "name" <service or tool name>
*/}}
{{- define "handoff.commonEnv" -}}
{{- $v := .root.Values -}}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required (host:port,host:port)" $v.kafka.brokers | quote }}
- name: KAFKA_TOPIC_PREFIX
  value: {{ $v.kafka.topicPrefix | quote }}
- name: KAFKA_TOPIC_PARTITIONS
  value: {{ $v.kafka.topics.partitions | quote }}
- name: KAFKA_REPLICATION_FACTOR
  value: {{ $v.kafka.topics.replicationFactor | quote }}
{{- if $v.kafka.tls.enabled }}
- name: KAFKA_SSL
  value: "true"
{{- if $v.kafka.tls.caSecret }}
- name: KAFKA_SSL_CA_FILE
  value: {{ printf "%s/%s" (include "handoff.kafkaCaDir" .root) $v.kafka.tls.caSecretKey | quote }}
{{- end }}
{{- end }}
{{- if $v.kafka.sasl.mechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $v.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required with kafka.sasl.mechanism" $v.kafka.sasl.existingSecret }}
      key: {{ $v.kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $v.kafka.sasl.existingSecret }}
      key: {{ $v.kafka.sasl.passwordKey }}
{{- end }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: OTEL_SERVICE_NAME
  value: {{ printf "handoff-%s" .name | quote }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "service.version=%s,k8s.namespace.name=$(POD_NAMESPACE),k8s.pod.name=$(POD_NAME)%s" .root.Chart.AppVersion (ternary (printf ",%s" $v.otel.resourceAttributes) "" (ne $v.otel.resourceAttributes "")) | quote }}
{{- if $v.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $v.otel.endpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $v.otel.protocol | quote }}
{{- else }}
- name: OTEL_TRACES_EXPORTER
  value: none
- name: OTEL_METRICS_EXPORTER
  value: none
- name: OTEL_LOGS_EXPORTER
  value: none
{{- end }}
{{- end -}}

{{/* The environment of one service's container: dict "root" $ "name" <service> "svc" <merged settings>. */}}
{{- define "handoff.serviceEnv" -}}
{{- $v := .root.Values -}}
{{- $svc := .svc -}}
{{- range $required := $svc.requiredEnv -}}
{{- if not (or (hasKey $svc.env $required) (hasKey $svc.secretEnv $required)) -}}
{{- fail (printf "services.%s needs %s: set services.%s.env.%s (or secretEnv)" $.name $required $.name $required) -}}
{{- end -}}
{{- end -}}
{{ include "handoff.commonEnv" (dict "root" .root "name" .name) }}
- name: KAFKA_CREATE_TOPICS
  value: {{ ternary "false" "true" $v.kafka.topics.provision | quote }}
- name: MONGO_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "handoff.mongoSecretName" .root }}
      key: {{ $v.mongodb.existingSecretKey }}
- name: MONGO_DATABASE
  value: {{ printf "%s%s" $v.mongodb.databasePrefix .name | quote }}
- name: HTTP_PORT
  value: {{ $svc.ports.http | quote }}
{{- if $svc.grpc }}
- name: GRPC_PORT
  value: {{ $svc.ports.grpc | quote }}
{{- end }}
{{- range $port := $svc.extraPorts }}
- name: {{ $port.env }}
  value: {{ $port.port | quote }}
{{- end }}
- name: SHUTDOWN_TIMEOUT_MS
  value: {{ mul $v.shutdownTimeoutSeconds 1000 | quote }}
{{- if $svc.policy.env }}
- name: {{ $svc.policy.env }}
  value: {{ printf "%s/%s.yaml" (include "handoff.policyMountPath" .) .name | quote }}
{{- end }}
{{- range $name, $value := $svc.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- range $name, $ref := $svc.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.secret }}
      key: {{ $ref.key }}
{{- end }}
{{- end -}}

{{/* The port of otel.endpoint (http://collector:4318 → 4318), else the protocol's default port. */}}
{{- define "handoff.otelPorts" -}}
{{- $host := (urlParse .Values.otel.endpoint).host -}}
{{- if contains ":" $host -}}
{{- toJson (list (last (splitList ":" $host) | int)) -}}
{{- else -}}
{{- toJson (list (ternary 4317 4318 (eq .Values.otel.protocol "grpc"))) -}}
{{- end -}}
{{- end -}}

{{/*
NetworkPolicy egress rules every Handoff process needs: DNS, Kafka, the OTLP collector when set, and MongoDB for the
services (dict "root" $ "mongodb" true|false).
*/}}
{{- define "handoff.coreEgress" -}}
{{- $v := .root.Values -}}
{{- $np := $v.networkPolicy -}}
- to:
    {{- toYaml $np.dns.to | nindent 4 }}
  ports:
    {{- range $port := $np.dns.ports }}
    - port: {{ $port }}
      protocol: UDP
    - port: {{ $port }}
      protocol: TCP
    {{- end }}
- ports:
    {{- range $port := default (include "handoff.kafkaPorts" .root | fromJsonArray) $np.kafka.ports }}
    - port: {{ $port }}
      protocol: TCP
    {{- end }}
  {{- with $np.kafka.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- if .mongodb }}
- ports:
    {{- range $port := $np.mongodb.ports }}
    - port: {{ $port }}
      protocol: TCP
    {{- end }}
  {{- with $np.mongodb.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- if $v.otel.endpoint }}
- ports:
    {{- range $port := default (include "handoff.otelPorts" .root | fromJsonArray) $np.otel.ports }}
    - port: {{ $port }}
      protocol: TCP
    {{- end }}
  {{- with $np.otel.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Where the Kafka CA Secret is mounted. */}}
{{- define "handoff.kafkaCaDir" -}}
/etc/handoff/kafka-ca
{{- end -}}

{{/* The Kafka CA volume mount and volume, when kafka.tls.caSecret is set (indented by the caller). */}}
{{- define "handoff.kafkaCaVolumeMount" -}}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: {{ include "handoff.kafkaCaDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{- define "handoff.kafkaCaVolume" -}}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret }}
    items:
      - key: {{ .Values.kafka.tls.caSecretKey }}
        path: {{ .Values.kafka.tls.caSecretKey }}
{{- end }}
{{- end -}}
