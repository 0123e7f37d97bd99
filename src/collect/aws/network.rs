//! EC2 networking: VPCs, subnets, route tables, internet / egress-only / NAT
//! gateways, VPC endpoints, flow logs and network ACLs.

use super::all_items;
use super::scope::{ec2_tags, error_message, Scope};
use crate::snapshot::aws::*;
use crate::snapshot::Snapshot;
use aws_sdk_ec2::types as t;
use aws_sdk_ec2::Client;

/// Reads every networking collection of one region; each failed call is
/// recorded and the others go on.
pub async fn collect(client: &Client, scope: &Scope, out: &mut Snapshot) {
    let (vpcs, subnets, rts, igws, eigws, nats, vpces, fls, acls) = tokio::join!(
        all_items!(client.describe_vpcs()),
        all_items!(client.describe_subnets()),
        all_items!(client.describe_route_tables()),
        all_items!(client.describe_internet_gateways()),
        all_items!(client.describe_egress_only_internet_gateways()),
        all_items!(client.describe_nat_gateways()),
        all_items!(client.describe_vpc_endpoints()),
        all_items!(client.describe_flow_logs()),
        all_items!(client.describe_network_acls()),
    );
    let aws = &mut out.aws;
    let errors = &mut out.errors;
    let mut take = |op: &str, collection: &str, e: String| {
        errors.push(scope.error("ec2", op, &[collection], e));
    };
    match vpcs {
        Ok(v) => aws.vpcs.extend(v.iter().map(|x| vpc(scope, x))),
        Err(e) => take("DescribeVpcs", "aws.vpcs", error_message(&e)),
    }
    match subnets {
        Ok(v) => aws.subnets.extend(v.iter().map(|x| subnet(scope, x))),
        Err(e) => take("DescribeSubnets", "aws.subnets", error_message(&e)),
    }
    match rts {
        Ok(v) => aws
            .route_tables
            .extend(v.iter().map(|x| route_table(scope, x))),
        Err(e) => take("DescribeRouteTables", "aws.route_tables", error_message(&e)),
    }
    match igws {
        Ok(v) => aws.internet_gateways.extend(v.iter().map(|x| {
            let id = x.internet_gateway_id().unwrap_or_default();
            InternetGateway {
                vpc_ids: attached(scope, x.attachments()),
                ..InternetGateway::with_identity(ident(scope, "internet-gateway", id, x.tags()))
            }
        })),
        Err(e) => take(
            "DescribeInternetGateways",
            "aws.internet_gateways",
            error_message(&e),
        ),
    }
    match eigws {
        Ok(v) => aws.egress_only_internet_gateways.extend(v.iter().map(|x| {
            let id = x.egress_only_internet_gateway_id().unwrap_or_default();
            EgressOnlyInternetGateway {
                vpc_ids: attached(scope, x.attachments()),
                ..EgressOnlyInternetGateway::with_identity(ident(
                    scope,
                    "egress-only-internet-gateway",
                    id,
                    x.tags(),
                ))
            }
        })),
        Err(e) => take(
            "DescribeEgressOnlyInternetGateways",
            "aws.egress_only_internet_gateways",
            error_message(&e),
        ),
    }
    match nats {
        Ok(v) => aws.nat_gateways.extend(
            v.iter()
                .filter(|x| x.state() != Some(&t::NatGatewayState::Deleted))
                .map(|x| nat_gateway(scope, x)),
        ),
        Err(e) => take("DescribeNatGateways", "aws.nat_gateways", error_message(&e)),
    }
    match vpces {
        Ok(v) => aws
            .vpc_endpoints
            .extend(v.iter().map(|x| vpc_endpoint(scope, x))),
        Err(e) => take(
            "DescribeVpcEndpoints",
            "aws.vpc_endpoints",
            error_message(&e),
        ),
    }
    match fls {
        Ok(v) => aws.flow_logs.extend(v.iter().map(|x| flow_log(scope, x))),
        Err(e) => take("DescribeFlowLogs", "aws.flow_logs", error_message(&e)),
    }
    match acls {
        Ok(v) => aws
            .network_acls
            .extend(v.iter().map(|x| network_acl(scope, x))),
        Err(e) => take("DescribeNetworkAcls", "aws.network_acls", error_message(&e)),
    }
}

/// Identity of an EC2 resource: its ARN is its `id`.
pub fn ident(
    scope: &Scope,
    kind: &str,
    native_id: &str,
    tags: &[t::Tag],
) -> crate::snapshot::AwsIdentity {
    let arn = scope.ec2_arn(kind, native_id);
    scope.identity(arn.clone(), native_id, Some(arn), ec2_tags(tags), None)
}

fn refs<'a>(scope: &Scope, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    ids.into_iter().map(|i| scope.ec2_ref(i)).collect()
}

fn attached(scope: &Scope, a: &[t::InternetGatewayAttachment]) -> Vec<String> {
    refs(scope, a.iter().filter_map(|a| a.vpc_id()))
}

fn vpc(scope: &Scope, v: &t::Vpc) -> Vpc {
    let id = v.vpc_id().unwrap_or_default();
    let primary = v.cidr_block().unwrap_or_default().to_string();
    Vpc {
        secondary_cidr_blocks: v
            .cidr_block_association_set()
            .iter()
            .filter_map(|a| a.cidr_block())
            .filter(|c| *c != primary)
            .map(String::from)
            .collect(),
        ipv6_cidr_blocks: v
            .ipv6_cidr_block_association_set()
            .iter()
            .filter_map(|a| a.ipv6_cidr_block())
            .map(String::from)
            .collect(),
        cidr_block: primary,
        is_default: v.is_default().unwrap_or(false),
        ..Vpc::with_identity(ident(scope, "vpc", id, v.tags()))
    }
}

fn subnet(scope: &Scope, s: &t::Subnet) -> Subnet {
    let id = s.subnet_id().unwrap_or_default();
    Subnet {
        vpc_id: scope.ec2_ref(s.vpc_id().unwrap_or_default()),
        cidr_block: s.cidr_block().unwrap_or_default().to_string(),
        ipv6_cidr_block: s
            .ipv6_cidr_block_association_set()
            .iter()
            .find_map(|a| a.ipv6_cidr_block())
            .map(String::from),
        availability_zone: s.availability_zone().map(String::from),
        availability_zone_id: s.availability_zone_id().map(String::from),
        map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
        ..Subnet::with_identity(ident(scope, "subnet", id, s.tags()))
    }
}

fn route_table(scope: &Scope, r: &t::RouteTable) -> RouteTable {
    let id = r.route_table_id().unwrap_or_default();
    RouteTable {
        vpc_id: scope.ec2_ref(r.vpc_id().unwrap_or_default()),
        is_main: r.associations().iter().any(|a| a.main().unwrap_or(false)),
        subnet_ids: refs(scope, r.associations().iter().filter_map(|a| a.subnet_id())),
        routes: r.routes().iter().map(|x| route(scope, x)).collect(),
        ..RouteTable::with_identity(ident(scope, "route-table", id, r.tags()))
    }
}

/// A route's target: the first target field set, in AWS's order of precedence.
fn route(scope: &Scope, r: &t::Route) -> Route {
    use RouteTargetKind as K;
    let (target_kind, target) = if let Some(i) = r.nat_gateway_id() {
        (K::Nat, i)
    } else if let Some(i) = r.egress_only_internet_gateway_id() {
        (K::EgressOnly, i)
    } else if let Some(i) = r.transit_gateway_id() {
        (K::Tgw, i)
    } else if let Some(i) = r.vpc_peering_connection_id() {
        (K::Peering, i)
    } else if let Some(i) = r.instance_id() {
        (K::Instance, i)
    } else if let Some(i) = r.carrier_gateway_id() {
        (K::CarrierGateway, i)
    } else if let Some(i) = r.local_gateway_id() {
        (K::LocalGateway, i)
    } else if let Some(i) = r.core_network_arn() {
        (K::CoreNetwork, i)
    } else if let Some(i) = r.gateway_id() {
        let kind = match i.split('-').next() {
            Some("igw") => K::Igw,
            Some("vpce") => K::Vpce,
            Some("vgw") => K::VirtualPrivateGateway,
            Some("local") => K::Local,
            _ => K::Unknown,
        };
        (kind, i)
    } else if let Some(i) = r.network_interface_id() {
        (K::Eni, i)
    } else {
        (K::Unknown, "")
    };
    Route {
        destination_cidr_block: r.destination_cidr_block().map(String::from),
        destination_ipv6_cidr_block: r.destination_ipv6_cidr_block().map(String::from),
        destination_prefix_list_id: r.destination_prefix_list_id().map(String::from),
        target_kind,
        target_id: scope.ec2_ref(target),
        state: r.state().map(|s| s.as_str().to_string()),
    }
}

fn nat_gateway(scope: &Scope, n: &t::NatGateway) -> NatGateway {
    let id = n.nat_gateway_id().unwrap_or_default();
    NatGateway {
        vpc_id: scope.ec2_ref(n.vpc_id().unwrap_or_default()),
        subnet_id: scope.ec2_ref(n.subnet_id().unwrap_or_default()),
        connectivity_type: n
            .connectivity_type()
            .map_or("public", |c| c.as_str())
            .to_string(),
        state: n.state().map(|s| s.as_str().to_string()),
        ..NatGateway::with_identity(ident(scope, "natgateway", id, n.tags()))
    }
}

fn vpc_endpoint(scope: &Scope, e: &t::VpcEndpoint) -> VpcEndpoint {
    let id = e.vpc_endpoint_id().unwrap_or_default();
    VpcEndpoint {
        vpc_id: scope.ec2_ref(e.vpc_id().unwrap_or_default()),
        service_name: e.service_name().unwrap_or_default().to_string(),
        endpoint_type: e
            .vpc_endpoint_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        route_table_ids: refs(scope, e.route_table_ids().iter().map(String::as_str)),
        subnet_ids: refs(scope, e.subnet_ids().iter().map(String::as_str)),
        state: e.state().map(|s| s.as_str().to_string()),
        ..VpcEndpoint::with_identity(ident(scope, "vpc-endpoint", id, e.tags()))
    }
}

fn flow_log(scope: &Scope, f: &t::FlowLog) -> FlowLog {
    let id = f.flow_log_id().unwrap_or_default();
    FlowLog {
        resource_id: scope.ec2_ref(f.resource_id().unwrap_or_default()),
        traffic_type: f
            .traffic_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        log_destination_type: f
            .log_destination_type()
            .map_or("cloud-watch-logs", |t| t.as_str())
            .to_string(),
        log_destination: f.log_destination().map(String::from),
        log_group_name: f.log_group_name().map(String::from),
        // Filled from CloudWatch Logs by `logs::fill_retention`.
        retention_days: None,
        retention_known: false,
        ..FlowLog::with_identity(ident(scope, "vpc-flow-log", id, f.tags()))
    }
}

fn network_acl(scope: &Scope, a: &t::NetworkAcl) -> NetworkAcl {
    let id = a.network_acl_id().unwrap_or_default();
    NetworkAcl {
        vpc_id: scope.ec2_ref(a.vpc_id().unwrap_or_default()),
        is_default: a.is_default().unwrap_or(false),
        subnet_ids: refs(scope, a.associations().iter().filter_map(|x| x.subnet_id())),
        entries: a
            .entries()
            .iter()
            .map(|e| NetworkAclEntry {
                rule_number: e.rule_number().unwrap_or_default(),
                egress: e.egress().unwrap_or(false),
                protocol: e.protocol().unwrap_or("-1").to_string(),
                rule_action: e
                    .rule_action()
                    .map(|r| r.as_str().to_string())
                    .unwrap_or_default(),
                cidr_block: e.cidr_block().map(String::from),
                ipv6_cidr_block: e.ipv6_cidr_block().map(String::from),
                from_port: e.port_range().and_then(|p| p.from()),
                to_port: e.port_range().and_then(|p| p.to()),
            })
            .collect(),
        ..NetworkAcl::with_identity(ident(scope, "network-acl", id, a.tags()))
    }
}
