# K8S-012: cluster-admin is bound only to system groups and listed admins.
#
# Every ClusterRoleBinding whose roleRef is the ClusterRole `cluster-admin`
# fails when it has a subject other than:
# - a Group whose name starts with `system:` (system:masters, the bootstrap
#   binding's group);
# - a subject named with the `eks:` prefix, which EKS reserves for what it
#   manages itself (the `eks:addon-cluster-admin` binding to the user
#   eks:addon-manager on every EKS cluster);
# - a subject listed in `cluster_admins`: a User or Group by its name, a
#   ServiceAccount by its username `system:serviceaccount:<namespace>:<name>`
#   (a bare name would allow that name in every namespace).
# Users named `system:*` are not groups and are not exempt. RoleBindings that
# grant cluster-admin inside one namespace are outside this control.
package archcheck.rules.kubernetes.k8s_012

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-012",
	"title": "cluster-admin is granted only to system groups and listed admins",
	"severity": "high",
	"description": "No ClusterRoleBinding grants the `cluster-admin` ClusterRole to a user, group or service account other than Kubernetes system groups (`system:*`), EKS-managed subjects (`eks:*`) and the cluster admins the architecture file lists. Everyone else gets namespaced roles that grant what they need.",
	"remediation": "Bind the subject to a narrower ClusterRole or to namespaced Roles (`edit`, `view`, or a custom role), or, for a real platform administrator, list it in `cluster_admins` and map it through an EKS access entry or IAM Identity Center group.",
	"architecture": {
		"sections": ["000 §3.1", "001 §7", "004 §5.1"],
		"quote": "Least privilege IAM",
	},
	"parameters": ["cluster_admins"],
	"inputs": ["k8s.cluster_role_bindings"],
	"judges": "k8s.cluster_role_bindings",
}

# How a subject is named in `cluster_admins` and in messages.
subject_name(s) := sprintf("system:serviceaccount:%s:%s", [object.get(s, "namespace", ""), s.name]) if {
	s.kind == "ServiceAccount"
} else := s.name

exempt(s, _) if {
	s.kind == "Group"
	startswith(s.name, "system:")
}

exempt(s, _) if startswith(s.name, "eks:")

exempt(s, admins) if subject_name(s) in admins

offenders(b) := sort([sprintf("%s %s", [s.kind, subject_name(s)]) |
	some s in object.get(b, "subjects", [])
	not exempt(s, lib.params(b).cluster_admins)
])

listed(admins) := concat(", ", admins) if count(admins) > 0
else := "none listed"

deny contains lib.finding(b, msg) if {
	some b in input.k8s.cluster_role_bindings
	b.role_name == "cluster-admin"
	object.get(b, "role_kind", "ClusterRole") in {"ClusterRole", ""}
	found := offenders(b)
	count(found) > 0
	msg := sprintf("%s grants cluster-admin to %s; only system groups (system:*) and the listed cluster admins (%s) may hold it", [
		lib.k8s_cluster_label("ClusterRoleBinding", b),
		concat(", ", found),
		listed(lib.params(b).cluster_admins),
	])
}
