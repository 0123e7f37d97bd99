# Helpers shared by every control. Policies import it as `data.archcheck.lib`.
#
# Conventions (see docs/writing-policies.md):
# - input.aws.<collection> and input.k8s.<collection> are objects keyed by
#   resource id, so a lookup by id is `input.aws.subnets[id]`.
# - data.archcheck.params[env] holds the parameters in force for env
#   (`unknown` uses the default environment's).
package archcheck.lib

import rego.v1

# Every environment's parameters, read from `data` once: a rule's value is
# computed once per evaluation, while each `data.` lookup from a function
# costs a path walk (about 10 µs in regorus).
all_params := data.archcheck.params

# The parameters in force for a resource's environment.
params(resource) := all_params[resource.environment] if {
	all_params[resource.environment]
} else := all_params.unknown

env_of(resource) := env if {
	env := resource.environment
	all_params[env]
} else := "unknown"

# A finding: the resource it is about and what is wrong with it.
finding(resource, message) := {"resource": resource.id, "message": message}

# A finding that is one of several of a control on the same resource: `key`
# (a subnet id, a rule's ports) keeps its fingerprint apart and stable.
finding_key(resource, key, message) := {"resource": resource.id, "message": message, "key": key}

# A resource that could not be judged, and why.
not_evaluated(resource, reason) := {"resource": resource.id, "reason": reason}

# How a resource is named in messages: the ID AWS shows, then its Name.
label(resource) := sprintf("%s (%s)", [resource.native_id, resource.name]) if {
	resource.name
	resource.name != resource.native_id
} else := resource.native_id if {
	resource.native_id != ""
} else := resource.id

# The VPC a resource lives in, described: its Name, else its ID.
vpc_label(vpc_id) := input.aws.vpcs[vpc_id].name if {
	input.aws.vpcs[vpc_id].name
} else := input.aws.vpcs[vpc_id].native_id if {
	input.aws.vpcs[vpc_id]
} else := vpc_id

# "subnet subnet-0a1 (data tier, prod-vpc, us-east-1a)"
subnet_label(subnet) := sprintf("subnet %s (%s tier, %s, %s)", [
	label(subnet),
	object.get(subnet, "tier", "unknown"),
	vpc_label(subnet.vpc_id),
	object.get(subnet, "availability_zone", "unknown AZ"),
])

# The VPC is the region's default VPC.
in_default_vpc(resource) if input.aws.vpcs[resource.vpc_id].is_default

# A route for all IPv4 or all IPv6 destinations.
is_default_route(route) if route.destination_cidr_block == "0.0.0.0/0"

is_default_route(route) if route.destination_ipv6_cidr_block == "::/0"

# The destination of a route, for messages.
route_destination(route) := route.destination_cidr_block if route.destination_cidr_block
else := route.destination_ipv6_cidr_block if route.destination_ipv6_cidr_block
else := object.get(route, "destination_prefix_list_id", "?")

# Security-group rule covers TCP port p (protocol all, or tcp/6 with p in range).
covers_port(rule, p) if rule.protocol == "-1"

covers_port(rule, p) if {
	rule.protocol in {"tcp", "6"}
	object.get(rule, "from_port", 0) <= p
	p <= object.get(rule, "to_port", 65535)
}

# The rule's port range as text: "all traffic", "port 22", "ports 0-65535".
ports_label(rule) := "all traffic" if rule.protocol == "-1"
else := sprintf("%s port %d", [rule.protocol, rule.from_port]) if rule.from_port == rule.to_port
else := sprintf("%s ports %d-%d", [rule.protocol, object.get(rule, "from_port", 0), object.get(rule, "to_port", 65535)])

# The rule admits traffic from the internet (normaliser-marked CIDRs).
from_internet(rule) if count(object.get(rule, "internet_cidrs", [])) > 0

# The security group has the role.
has_role(sg, role) if role in object.get(sg, "roles", [])

# Description of a security group for messages.
sg_label(sg) := sprintf("security group %s (%s)", [sg.native_id, sg.group_name]) if {
	sg.group_name != ""
	sg.group_name != sg.native_id
} else := sprintf("security group %s", [label(sg)])

# --- Databases (DB-001 … DB-009) -------------------------------------------

# The object has a value for key that is neither absent, null nor "".
rds_has(obj, key) if not object.get(obj, key, null) in {null, ""}

# An RDS instance that is neither an Aurora member (`cluster_id`) nor a read
# replica (`read_replica_source`): a database judged on its own.
rds_standalone(instance) if {
	object.get(instance, "cluster_id", "") in {"", null}
	object.get(instance, "read_replica_source", "") in {"", null}
}

# A DB cluster that replicates another cluster (a cross-region replica cluster).
rds_replica_cluster(cluster) if rds_has(cluster, "replication_source")

# A database referenced by id (or ARN/identifier), described: its label when
# it is in the input, else the reference itself.
rds_ref_label(ref) := label(input.aws.rds_clusters[ref]) if {
	input.aws.rds_clusters[ref]
} else := label(input.aws.rds_instances[ref]) if {
	input.aws.rds_instances[ref]
} else := ref

# "Aurora cluster prod-aurora" (engine aurora-*), else "DB cluster x"
# (a Multi-AZ DB cluster).
rds_cluster_label(cluster) := sprintf("Aurora cluster %s", [label(cluster)]) if {
	startswith(object.get(cluster, "engine", ""), "aurora")
} else := sprintf("DB cluster %s", [label(cluster)])

# "RDS instance prod-db", "Aurora instance prod-db-1 of cluster prod-aurora",
# "RDS read replica prod-db-ro of prod-db".
rds_instance_label(instance) := sprintf("Aurora instance %s of cluster %s", [label(instance), rds_ref_label(instance.cluster_id)]) if {
	rds_has(instance, "cluster_id")
	startswith(object.get(instance, "engine", ""), "aurora")
} else := sprintf("DB instance %s of cluster %s", [label(instance), rds_ref_label(instance.cluster_id)]) if {
	rds_has(instance, "cluster_id")
} else := sprintf("RDS read replica %s of %s", [label(instance), rds_ref_label(instance.read_replica_source)]) if {
	rds_has(instance, "read_replica_source")
} else := sprintf("RDS instance %s", [label(instance)])

# --- Ports and database ports of security-group rules (SG-001 … SG-004) ---

# The port range a rule opens, as [first, last]: every port for protocol -1
# (whatever from_port/to_port say) and when the rule leaves the ports out.
sg_port_range(rule) := [0, 65535] if rule.protocol == "-1"
else := [object.get(rule, "from_port", 0), object.get(rule, "to_port", 65535)]

# How many ports [lo, hi] and [a, b] have in common.
ports_overlap(lo, hi, a, b) := n if {
	n := (min([hi, b]) - max([lo, a])) + 1
	n > 0
} else := 0

# Every port the rule opens lies in `ranges`, a set of DISJOINT [first, last]
# pairs (a single port p is [p, p]). The caller checks the protocol.
ports_within(rule, ranges) if {
	[lo, hi] := sg_port_range(rule)
	sum([ports_overlap(lo, hi, r[0], r[1]) | some r in ranges]) == (hi - lo) + 1
}

# The database ports a security group guards: the `port` of each RDS instance
# or Aurora cluster it is attached to, else the environment's `db_port`.
db_ports(sg) := ports if {
	attached := object.get(sg, "attached_to", [])
	ports := {p | some id in attached; p := input.aws.rds_instances[id].port; p > 0} | {p | some id in attached; p := input.aws.rds_clusters[id].port; p > 0}
	count(ports) > 0
} else := {params(sg).db_port}

# A set of ports as text, ascending: "443, 8443".
ports_text(ports) := concat(", ", [sprintf("%d", [p]) | some p in sort(ports)])

# --- Kubernetes (K8S-001 … K8S-012) ----------------------------------------

# Namespaces that are never application namespaces (besides `system_namespaces`).
k8s_builtin_namespaces := {"kube-system", "kube-public", "kube-node-lease"}

# The object names its namespace. It does not for cluster-scoped objects and
# for manifests without `metadata.namespace` applied with no --namespace.
k8s_namespace_known(obj) if not object.get(obj, "namespace", null) in {null, ""}

# `name` is an application namespace in `resource`'s environment: not kube-*
# and not listed in `system_namespaces`.
k8s_app_namespace(name, resource) if {
	not name in k8s_builtin_namespaces
	not name in params(resource).system_namespaces
}

# A namespaced object the object-level controls judge: its namespace is an
# application namespace, or it is not known (a manifest without a namespace
# is judged as an application manifest; it is never taken for `default`).
k8s_judged(obj) if {
	k8s_namespace_known(obj)
	k8s_app_namespace(obj.namespace, obj)
}

k8s_judged(obj) if not k8s_namespace_known(obj)

# Key of the namespace a namespaced object lives in: "cluster/namespace",
# "cluster/" when the namespace is not known.
k8s_ns_key(obj) := concat("/", [object.get(obj, "cluster", ""), obj.namespace]) if k8s_namespace_known(obj)
else := concat("/", [object.get(obj, "cluster", ""), ""])

# Key of a Namespace object, comparable with k8s_ns_key: "cluster/name".
k8s_namespace_key(ns) := concat("/", [object.get(ns, "cluster", ""), ns.name])

# "Deployment backend/api (cluster prod-eks)"; "Deployment api (cluster
# manifests, namespace not known)" for a manifest without a namespace.
k8s_label(kind, obj) := sprintf("%s %s/%s (cluster %s)", [kind, obj.namespace, obj.name, object.get(obj, "cluster", "")]) if {
	k8s_namespace_known(obj)
} else := sprintf("%s %s (cluster %s, namespace not known)", [kind, obj.name, object.get(obj, "cluster", "")])

# A cluster-scoped object: "namespace backend (cluster prod-eks)".
k8s_cluster_label(kind, obj) := sprintf("%s %s (cluster %s)", [kind, obj.name, object.get(obj, "cluster", "")])

# Every container of a workload's pod template as [word, container]: word is
# "container", "init container", or "sidecar container" for an init
# container with restartPolicy Always (a restartable sidecar).
k8s_containers(w) := array.concat(
	[["container", c] | some c in object.get(object.get(w, "pod", {}), "containers", [])],
	[[k8s_init_word(c), c] | some c in object.get(object.get(w, "pod", {}), "init_containers", [])],
)

k8s_init_word(c) := "sidecar container" if k8s_sidecar(c)
else := "init container"

# An init container that keeps running beside the others (restartPolicy Always).
k8s_sidecar(c) if c.restart_policy == "Always"

# `container "app" of Deployment backend/api (cluster prod-eks)`
k8s_container_label(word, c, w) := sprintf("%s %q of %s", [word, c.name, k8s_label(w.kind, w)])

# Kinds that run until stopped ("long-running"); the snapshot holds
# ReplicaSets and Pods only when they have no owner.
k8s_long_running_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod"}

# The resource's environment is of class prod (an `unknown` environment is
# judged as the default environment).
k8s_prod(resource) if {
	data.archcheck.architecture.environments[env_of(resource)].class == "prod"
}

k8s_prod(resource) if {
	not data.archcheck.architecture.environments[env_of(resource)]
	data.archcheck.architecture.environments[data.archcheck.architecture.default_environment].class == "prod"
}

# Keys ("cluster/namespace") of the namespaces that hold at least one workload.
k8s_namespaces_with_workloads contains k8s_ns_key(w) if {
	some w in input.k8s.workloads
	k8s_namespace_known(w)
}

# A list as text: "a", "a and b", "a, b and c".
k8s_and_list(items) := items[0] if count(items) == 1
else := sprintf("%s and %s", [concat(", ", array.slice(items, 0, count(items) - 1)), items[count(items) - 1]])

# --- Times (DB-008; usable by any control that ages something) -------------

# The time of an RFC 3339 string in ns since the epoch; undefined (never an
# error) when the string is not a valid RFC 3339 date-time of 1900-2199.
# time.parse_rfc3339_ns raises an error on bad input, which in regorus
# aborts the whole evaluation, so each field is checked first against a set
# of its valid values. No regex.match (it compiles the pattern on every
# call) nor strings.replace_n: both cost far more per resource.
rfc3339_ns(t) := time.parse_rfc3339_ns(t) if {
	is_string(t)
	substring(t, 0, 2) in {"19", "20", "21"}
	substring(t, 2, 2) in rfc3339_two_digits
	substring(t, 4, 1) == "-"
	substring(t, 5, 5) in rfc3339_month_days
	rfc3339_day_exists(t)
	substring(t, 10, 1) in {"T", "t"}
	substring(t, 11, 2) in rfc3339_hours
	substring(t, 13, 1) == ":"
	substring(t, 14, 2) in rfc3339_minutes
	substring(t, 16, 1) == ":"
	substring(t, 17, 2) in rfc3339_minutes
	rfc3339_tail(substring(t, 19, -1))
}

# "Now" in ns: when the snapshot was collected (`input.collected_at`), else
# the current time, so a saved snapshot judges the same tomorrow.
now_ns := rfc3339_ns(input.collected_at) if {
	rfc3339_ns(input.collected_at)
} else := time.now_ns()

rfc3339_two_digits := {sprintf("%02d", [n]) | some n in numbers.range(0, 99)}

rfc3339_hours := {sprintf("%02d", [n]) | some n in numbers.range(0, 23)}

rfc3339_minutes := {sprintf("%02d", [n]) | some n in numbers.range(0, 59)}

# "MM-DD" of every day of a leap year.
rfc3339_month_days := {sprintf("%02d-%02d", [m + 1, d]) |
	some m, days in [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
	some d in numbers.range(1, days)
}

# February 29th only in leap years.
rfc3339_day_exists(t) if substring(t, 5, 5) != "02-29"

rfc3339_day_exists(t) if {
	substring(t, 5, 5) == "02-29"
	year := to_number(substring(t, 0, 4))
	year % 4 == 0
	year % 100 != 0
}

rfc3339_day_exists(t) if {
	substring(t, 5, 5) == "02-29"
	to_number(substring(t, 0, 4)) % 400 == 0
}

# After the seconds: an optional fraction (1-9 digits), then Z or +hh:mm/-hh:mm.
rfc3339_tail(tail) if rfc3339_zone(tail)

rfc3339_tail(tail) if {
	startswith(tail, ".")
	zone := trim_left(substring(tail, 1, -1), "0123456789")
	digits := (count(tail) - count(zone)) - 1
	digits >= 1
	digits <= 9
	rfc3339_zone(zone)
}

rfc3339_zone(zone) if zone in {"Z", "z"}

rfc3339_zone(zone) if {
	count(zone) == 6
	substring(zone, 0, 1) in {"+", "-"}
	substring(zone, 1, 2) in rfc3339_hours
	substring(zone, 3, 1) == ":"
	substring(zone, 4, 2) in rfc3339_minutes
}

# --- Databases, continued ----------------------------------------------------

# How a database (an RDS instance or a DB cluster) is named in messages.
rds_db_label(db) := rds_cluster_label(db) if input.aws.rds_clusters[db.id]
else := rds_instance_label(db)

# --- IAM policy documents (IAM-005 … IAM-007) -------------------------------

# A policy value that may be one item or a list of items, as a list
# (`"Action": "s3:GetObject"` and `"Action": ["s3:GetObject"]` alike).
as_list(x) := x if is_array(x)
else := [] if x == null
else := [x]

# A policy document as an object: parsed already, or JSON text parsed here;
# {} for anything else (an unknown document in a plan is null).
iam_document(doc) := doc if is_object(doc)
else := json.unmarshal(doc) if {
	is_string(doc)
	json.is_valid(doc)
	is_object(json.unmarshal(doc))
} else := {}

# The statements of a policy document (`Statement` may be one object or a list).
iam_statements(doc) := [s | some s in as_list(object.get(iam_document(doc), "Statement", [])); is_object(s)]

# The statement allows (Effect Allow).
iam_allows(stmt) if object.get(stmt, "Effect", "") == "Allow"

# Federated principals of a trust-policy statement, as a list.
iam_federated(stmt) := as_list(object.get(stmt.Principal, "Federated", [])) if is_object(stmt.Principal)
else := []

# The trust statement lets a web identity assume the role
# (sts:AssumeRoleWithWebIdentity, sts:* or *, in any letter case).
iam_web_identity_action(stmt) if {
	some a in as_list(object.get(stmt, "Action", []))
	is_string(a)
	lower(a) in {"sts:assumerolewithwebidentity", "sts:*", "*"}
}

# The issuer host of a federated principal: the part after `oidc-provider/`
# of an OIDC provider ARN, else the principal itself.
iam_oidc_host(principal) := substring(principal, i + 14, -1) if {
	i := indexof(principal, "oidc-provider/")
	i >= 0
} else := principal

# Condition operators that restrict a single-valued claim to the listed
# values (IfExists and ForAllValues variants pass when the key is missing).
iam_restricting_operators := {
	"StringEquals", "StringLike", "StringEqualsIgnoreCase",
	"ForAnyValue:StringEquals", "ForAnyValue:StringLike", "ForAnyValue:StringEqualsIgnoreCase",
}

# [operator, values] of every restricting condition of a statement on `key`
# (condition keys compare case-insensitively, as in IAM).
iam_conditions(stmt, key) := [[op, as_list(v)] |
	some op, block in object.get(stmt, "Condition", {})
	op in iam_restricting_operators
	is_object(block)
	some k, v in block
	lower(k) == lower(key)
]

# "IAM role deploy (account 123456789012)"
iam_label(kind, r) := sprintf("IAM %s %s (account %s)", [kind, iam_name(r), object.get(r, "account_id", "")]) if {
	object.get(r, "account_id", "") != ""
} else := sprintf("IAM %s %s", [kind, iam_name(r)])

iam_name(r) := r.name if {
	is_string(r.name)
	r.name != ""
} else := label(r)

# --- Tagged resources (ACC-002, ACC-004) ------------------------------------

# The collections whose resources must carry an environment and the
# cost-allocation tags, as [collection, word naming their resources].
# Iterate with `some [collection, word] in lib.acc_tagged_collections;
# some r in input.aws[collection]` (a loop per collection, no object built
# from all of them: that costs more than the controls themselves).
acc_tagged_collections := [
	["vpcs", "VPC"],
	["subnets", "subnet"],
	["security_groups", "security group"],
	["load_balancers", "load balancer"],
	["ec2_instances", "EC2 instance"],
	["rds_instances", "RDS instance"],
	["rds_clusters", "DB cluster"],
	["eks_clusters", "EKS cluster"],
]

# IDs of what AWS creates by itself, which those controls leave out:
# default VPCs, their subnets, default security groups.
acc_aws_created contains vpc.id if {
	some vpc in input.aws.vpcs
	vpc.is_default == true
}

acc_aws_created contains subnet.id if {
	some subnet in input.aws.subnets
	input.aws.vpcs[subnet.vpc_id].is_default == true
}

acc_aws_created contains sg.id if {
	some sg in input.aws.security_groups
	sg.is_default == true
}

# "VPC vpc-1 (prod-vpc)", "security group sg-1 (prod-alb)".
acc_resource_label(word, r) := sg_label(r) if word == "security group"
else := sprintf("%s %s", [word, label(r)])

# --- Kubernetes, computed once per evaluation -------------------------------
#
# Controls that judge every workload iterate k8s_judged_workloads, then the
# containers in the rule body (`some key in ["containers", "init_containers"];
# some c in object.get(object.get(w, "pod", {}), key, [])`), instead of
# calling k8s_judged and k8s_containers per workload: in regorus each call
# of a function that reads a rule or builds a list by comprehension costs
# 10-30 µs, which made those controls cost 100-200 µs per workload.
#
# Reference these (and every rule of this package) from a control as
# `data.archcheck.lib.<rule>`, not `lib.<rule>`: regorus resolves
# `lib.<rule>` by evaluating the whole `data.archcheck.lib` package first,
# every rule of it (tens of ms at 100,000 resources), while the full path
# evaluates that rule only. Functions (`lib.finding(...)`) are not affected.

# Environment -> the namespaces that are not application namespaces there
# (kube-* and its `system_namespaces`).
k8s_non_app_namespaces := {env: names |
	some env, p in all_params
	names := k8s_builtin_namespaces | {ns | some ns in p.system_namespaces}
}

# Those of the environment that resources of an unlisted environment use.
k8s_non_app_namespaces_unknown := object.get(k8s_non_app_namespaces, "unknown", k8s_builtin_namespaces)

# The workloads k8s_judged judges (of an application namespace, or of an
# unknown namespace), computed once.
k8s_judged_workloads := array.concat(
	[w |
		some w in input.k8s.workloads
		object.get(w, "namespace", null) in {null, ""}
	],
	[w |
		some w in input.k8s.workloads
		ns := object.get(w, "namespace", null)
		not ns in {null, ""}
		not ns in object.get(k8s_non_app_namespaces, object.get(w, "environment", ""), k8s_non_app_namespaces_unknown)
	],
)

# How k8s_containers names a container of the pod template's list `key`
# ("containers" or "init_containers").
k8s_container_word(key, c) := "container" if key == "containers"
else := k8s_init_word(c)

# How a route's target is named in messages: the gateway's or endpoint's AWS
# ID (and Name) when it is in the snapshot, else the target ID as routed.
route_target_collections := {
	"igw": "internet_gateways",
	"nat": "nat_gateways",
	"egress-only": "egress_only_internet_gateways",
	"vpce": "vpc_endpoints",
}

route_target_label(route) := label(target) if {
	target := input.aws[route_target_collections[route.target_kind]][route.target_id]
} else := route.target_id
