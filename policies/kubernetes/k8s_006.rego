# K8S-006: containers run as non-root, unprivileged, without privilege
# escalation and with every capability dropped.
#
# Judged: every workload of an application namespace or of an unknown
# namespace (a manifest without metadata.namespace), and every container of
# its pod template, init and sidecar containers included. For each container:
# - non-root: runAsUser and runAsNonRoot are read from the container's
#   securityContext, else from the pod's (the pod-level values are the
#   containers' defaults). runAsUser 0 fails whatever runAsNonRoot says; a
#   non-zero runAsUser passes; with no runAsUser, runAsNonRoot must be true
#   (otherwise the image's USER decides, which the cluster cannot check);
# - privileged must not be true;
# - allowPrivilegeEscalation must be set to false: Kubernetes allows
#   escalation when it is not set;
# - capabilities.drop must contain ALL, and capabilities.add may hold only
#   NET_BIND_SERVICE (what Pod Security `restricted` allows; a `CAP_`
#   prefix and case are ignored).
package archcheck.rules.kubernetes.k8s_006

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-006",
	"title": "Containers run as non-root, unprivileged, with all capabilities dropped",
	"severity": "high",
	"description": "Every container of an application workload runs as a non-root user (runAsNonRoot true or a non-zero runAsUser, in its own or the pod's securityContext), is not privileged, sets allowPrivilegeEscalation to false and drops ALL Linux capabilities (adding back at most NET_BIND_SERVICE). A compromised process then cannot act as root on the node.",
	"remediation": "Set the pod's `securityContext.runAsNonRoot: true` (and a `runAsUser`, such as the image's USER 1000), and on every container `securityContext: {privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}`.",
	"architecture": {
		"sections": ["000 §3.4", "001 §7", "004 §5.1"],
		"quote": "USER 1000  # Non-root user",
	},
	"parameters": ["system_namespaces"],
	"inputs": ["k8s.workloads"],
	"judges": "k8s.workloads",
}

# A securityContext value of the container, else of the pod, else null.
effective(w, c, key) := v if {
	v := object.get(object.get(c, "security_context", {}), key, null)
	v != null
} else := object.get(object.get(object.get(w, "pod", {}), "security_context", {}), key, null)

sc(c, key) := object.get(object.get(c, "security_context", {}), key, null)

capability(name) := trim_prefix(upper(name), "CAP_")

# What is wrong with the container, in words (empty when nothing).
root_problem(w, c) := "runs as root (runAsUser 0)" if {
	effective(w, c, "run_as_user") == 0
} else := "" if {
	user := effective(w, c, "run_as_user")
	is_number(user)
	user > 0
} else := "" if {
	effective(w, c, "run_as_non_root") == true
} else := "sets runAsNonRoot false and no runAsUser" if {
	effective(w, c, "run_as_non_root") == false
} else := "sets neither runAsNonRoot nor a non-zero runAsUser (the image's user, possibly root, applies)"

privileged_problem(c) := "is privileged" if sc(c, "privileged") == true
else := ""

escalation_problem(c) := "sets allowPrivilegeEscalation true" if {
	sc(c, "allow_privilege_escalation") == true
} else := "does not set allowPrivilegeEscalation to false (escalation is allowed by default)" if {
	sc(c, "allow_privilege_escalation") != false
} else := ""

drop_problem(c) := "" if {
	some cap in object.get(object.get(c, "security_context", {}), "capabilities_drop", [])
	capability(cap) == "ALL"
} else := "does not drop ALL capabilities"

added(c) := sort([cap |
	some cap in object.get(object.get(c, "security_context", {}), "capabilities_add", [])
	capability(cap) != "NET_BIND_SERVICE"
])

add_problem(c) := sprintf("adds capabilities %s", [concat(", ", added(c))]) if count(added(c)) > 0
else := ""

# A quick check that spares building problems(w, c) for the containers that
# pass as usually written (it implies problems(w, c) is empty).
compliant(w, c) if {
	s := c.security_context
	s.allow_privilege_escalation == false
	not s.privileged == true
	"ALL" in s.capabilities_drop
	count(object.get(s, "capabilities_add", [])) == 0
	root_problem(w, c) == ""
}

problems(w, c) := [p |
	some p in [root_problem(w, c), privileged_problem(c), escalation_problem(c), drop_problem(c), add_problem(c)]
	p != ""
]

deny contains lib.finding(w, msg) if {
	some w in data.archcheck.lib.k8s_judged_workloads
	some key in ["containers", "init_containers"]
	some c in object.get(object.get(w, "pod", {}), key, [])
	not compliant(w, c)
	found := problems(w, c)
	count(found) > 0
	word := lib.k8s_container_word(key, c)
	msg := sprintf("%s %s; containers must run as non-root, unprivileged, with allowPrivilegeEscalation false and capabilities drop [ALL]", [
		lib.k8s_container_label(word, c, w),
		lib.k8s_and_list(found),
	])
}
