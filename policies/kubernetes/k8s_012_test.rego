package archcheck.rules.kubernetes.k8s_012_test

import data.archcheck.rules.kubernetes.k8s_012
import rego.v1

binding(name, role, subjects) := {
	"id": sprintf("prod-eks/ClusterRoleBinding/%s", [name]), "cluster": "prod-eks", "name": name,
	"environment": "prod", "role_kind": "ClusterRole", "role_name": role, "subjects": subjects,
}

user(name) := {"kind": "User", "name": name}

group(name) := {"kind": "Group", "name": name}

sa(ns, name) := {"kind": "ServiceAccount", "name": name, "namespace": ns}

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {"cluster_role_bindings": objects([
	binding("cluster-admin", "cluster-admin", [group("system:masters")]),
	binding("eks:addon-cluster-admin", "cluster-admin", [user("eks:addon-manager")]),
	binding("alice-admin", "cluster-admin", [user("alice@example.com")]),
	binding("ci-admin", "cluster-admin", [sa("ci", "deployer"), group("system:masters"), group("platform-admins")]),
	binding("system-user", "cluster-admin", [user("system:kube-scheduler")]),
	binding("alice-view", "view", [user("alice@example.com")]),
	binding("argocd", "argocd-application-controller", [sa("argocd", "argocd-application-controller")]),
])}}

test_exactly_the_bindings_granting_cluster_admin_to_others_fail if {
	ids := {f.resource | some f in k8s_012.deny with input as inputs}
	ids == {"prod-eks/ClusterRoleBinding/alice-admin", "prod-eks/ClusterRoleBinding/ci-admin", "prod-eks/ClusterRoleBinding/system-user"}
}

test_message_lists_the_subjects if {
	some f in k8s_012.deny with input as inputs
	f.resource == "prod-eks/ClusterRoleBinding/ci-admin"
	f.message == "ClusterRoleBinding ci-admin (cluster prod-eks) grants cluster-admin to Group platform-admins, ServiceAccount system:serviceaccount:ci:deployer; only system groups (system:*) and the listed cluster admins (none listed) may hold it"
}

test_compliant_bindings_produce_nothing if {
	count(k8s_012.deny) == 0 with input as {"k8s": {"cluster_role_bindings": {id: b |
		some id, b in inputs.k8s.cluster_role_bindings
		b.name in {"cluster-admin", "eks:addon-cluster-admin", "alice-view", "argocd"}
	}}}
}

test_cluster_admins_parameter if {
	admins := ["alice@example.com", "platform-admins", "system:serviceaccount:ci:deployer", "deployer"]
	fs := k8s_012.deny with input as inputs with data.archcheck.params.prod.cluster_admins as admins
	{f.resource | some f in fs} == {"prod-eks/ClusterRoleBinding/system-user"}
	some f in fs
	f.message == "ClusterRoleBinding system-user (cluster prod-eks) grants cluster-admin to User system:kube-scheduler; only system groups (system:*) and the listed cluster admins (alice@example.com, platform-admins, system:serviceaccount:ci:deployer, deployer) may hold it"
}

test_service_account_bare_name_is_not_enough if {
	ids := {f.resource | some f in k8s_012.deny with input as inputs with data.archcheck.params.prod.cluster_admins as ["alice@example.com", "platform-admins", "deployer"]}
	ids == {"prod-eks/ClusterRoleBinding/ci-admin", "prod-eks/ClusterRoleBinding/system-user"}
}
