{{/* The policy YAML of a service: services.<name>.policy.content, else the policy shipped with the service. */}}
{{- define "handoff.policyContent" -}}
{{- if .svc.policy.content -}}
{{- .svc.policy.content -}}
{{- else -}}
{{- $file := printf "files/policies/%s.yaml" .name -}}
{{- $content := .root.Files.Get $file -}}
{{- if not $content -}}
{{- fail (printf "services.%s.policy.env is set but there is no policy: give services.%s.policy.content or add %s to the chart" .name .name $file) -}}
{{- end -}}
{{- $content -}}
{{- end -}}
{{- end -}}
