{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "preau.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name. */}}
{{- define "preau.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "preau.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "preau.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "preau.selectorLabels" -}}
app.kubernetes.io/name: {{ include "preau.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "preau.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "preau.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "preau.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "preau.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "preau.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding DATABASE_URL, REDIS_URL and SMTP_URL. */}}
{{- define "preau.secretName" -}}
{{- default (printf "%s-env" (include "preau.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{/* Refuses values that cannot work, before anything is installed. */}}
{{- define "preau.validate" -}}
{{- if not .Values.config.publicUrl -}}
{{- fail "config.publicUrl is required (the address users type, e.g. https://ent.example.org)" -}}
{{- end -}}
{{- if and (not .Values.existingSecret) (not .Values.secrets.databaseUrl) -}}
{{- fail "secrets.databaseUrl (or existingSecret) is required: the embedded PGlite database serves one process only" -}}
{{- end -}}
{{- if and (not .Values.existingSecret) (not .Values.secrets.redisUrl) (or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1)) -}}
{{- fail "secrets.redisUrl (or existingSecret) is required with more than one pod: live events cross pods through Redis" -}}
{{- end -}}
{{- end -}}

{{/* Environment shared by the app pods and the migration Job. */}}
{{- define "preau.env" -}}
- name: NODE_ENV
  value: production
- name: PORT
  value: "3000"
- name: HOST
  value: "0.0.0.0"
- name: PREAU_DATA
  value: /data
- name: PUBLIC_URL
  value: {{ .Values.config.publicUrl | quote }}
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: MAIL_FROM
  value: {{ .Values.config.mailFrom | quote }}
{{- if .Values.config.clamdHost }}
- name: CLAMD_HOST
  value: {{ .Values.config.clamdHost | quote }}
{{- end }}
- name: ANTIVIRUS_DISABLED
  value: {{ .Values.config.antivirusDisabled | quote }}
- name: DATABASE_POOL_SIZE
  value: {{ .Values.config.databasePoolSize | int64 | quote }}
- name: SESSION_IDLE_MINUTES
  value: {{ .Values.config.sessionIdleMinutes | int64 | quote }}
- name: SESSION_ABSOLUTE_HOURS
  value: {{ .Values.config.sessionAbsoluteHours | int64 | quote }}
- name: BODY_LIMIT_BYTES
  value: {{ .Values.config.bodyLimitBytes | int64 | quote }}
- name: LOGIN_MAX_PER_IP
  value: {{ .Values.config.loginMaxPerIp | int64 | quote }}
- name: LOGIN_FREE_FAILURES
  value: {{ .Values.config.loginFreeFailures | int64 | quote }}
- name: TRUST_PROXY
  value: {{ .Values.config.trustProxy | quote }}
- name: UV_THREADPOOL_SIZE
  value: {{ .Values.config.uvThreadpoolSize | int64 | quote }}
{{- with .Values.config.schoolYear }}
- name: SCHOOL_YEAR
  value: {{ . | quote }}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "preau.secretName" . }}
      key: DATABASE_URL
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "preau.secretName" . }}
      key: REDIS_URL
      optional: true
- name: SMTP_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "preau.secretName" . }}
      key: SMTP_URL
      optional: true
{{- range $key := list "S3_ACCESS_KEY_ID" "S3_SECRET_ACCESS_KEY" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "preau.secretName" $ }}
      key: {{ $key }}
      optional: true
{{- end }}
{{- range $name, $value := .Values.config.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}
