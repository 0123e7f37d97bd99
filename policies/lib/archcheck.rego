# Helpers shared by every control. Policies import it as `data.archcheck.lib`.
#
# Conventions (see docs/writing-policies.md):
# - input.aws.<collection> and input.k8s.<collection> are objects keyed by
#   resource id, so a lookup by id is `input.aws.subnets[id]`.
# - data.archcheck.params[env] holds the parameters in force for env
#   (`unknown` uses the default environment's).
package archcheck.lib

import rego.v1

# The parameters in force for a resource's environment.
params(resource) := data.archcheck.params[env_of(resource)]

env_of(resource) := env if {
	env := resource.environment
	data.archcheck.params[env]
} else := "unknown"

# A finding: the resource it is about and what is wrong with it.
finding(resource, message) := {"resource": resource.id, "message": message}

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
	not rds_has(instance, "cluster_id")
	not rds_has(instance, "read_replica_source")
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
