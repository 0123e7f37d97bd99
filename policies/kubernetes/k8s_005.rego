# K8S-005: long-running containers have liveness and readiness probes.
#
# Judged: long-running workloads (Deployment, StatefulSet, DaemonSet, and
# ReplicaSets and Pods without an owner: the snapshot holds those only) of
# an application namespace or of an unknown namespace (a manifest without
# metadata.namespace). Their regular containers and their restartable
# sidecar init containers (restartPolicy Always) need both a livenessProbe
# and a readinessProbe; a startupProbe replaces neither. Jobs, CronJobs and
# ordinary init containers run to completion and are not judged.
package archcheck.rules.kubernetes.k8s_005

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-005",
	"title": "Long-running containers have liveness and readiness probes",
	"severity": "medium",
	"description": "Every container of a long-running workload (and every restartable sidecar init container) has a livenessProbe, so a hung process is restarted, and a readinessProbe, so it receives traffic only when it can serve it and rolling or blue-green deployments wait for it. A startupProbe only delays the other two and does not count for either.",
	"remediation": "Add a `livenessProbe` and a `readinessProbe` to the container (the architecture: HTTP GET /health and /ready on port 8080); keep a `startupProbe` only in addition for slow starts.",
	"architecture": {
		"sections": ["000 §3.4"],
		"quote": "Health Checks",
	},
	"parameters": ["system_namespaces"],
	"inputs": ["k8s.workloads"],
	"judges": "k8s.workloads",
}

# Containers that run as long as the pod: regular ones and sidecars.
long_running(key, _) if key == "containers"

long_running(key, c) if {
	key == "init_containers"
	lib.k8s_sidecar(c)
}

long_running_kinds := data.archcheck.lib.k8s_long_running_kinds

probed(c) if {
	c.liveness_probe
	c.readiness_probe
}

gaps(c) := array.concat(
	["no liveness probe" | not c.liveness_probe],
	["no readiness probe" | not c.readiness_probe],
)

startup_note(c) := " (its startup probe does not count)" if c.startup_probe
else := ""

deny contains lib.finding(w, msg) if {
	some w in data.archcheck.lib.k8s_judged_workloads
	w.kind in long_running_kinds
	some key in ["containers", "init_containers"]
	some c in object.get(object.get(w, "pod", {}), key, [])
	long_running(key, c)
	not probed(c)
	missing := gaps(c)
	count(missing) > 0
	word := lib.k8s_container_word(key, c)
	msg := sprintf("%s has %s%s; long-running containers need a liveness and a readiness probe", [
		lib.k8s_container_label(word, c, w),
		lib.k8s_and_list(missing),
		startup_note(c),
	])
}
