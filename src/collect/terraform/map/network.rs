//! VPCs, subnets, route tables and routes, gateways, VPC endpoints, flow
//! logs and network ACLs.
//!
//! A subnet's route table comes from `aws_route_table_association`; a
//! VPC's main route table from `aws_default_route_table` or
//! `aws_main_route_table_association`. A VPC created by the plan without
//! either has a main table the plan does not show: its unassociated
//! subnets then have no known route table and the routing controls report
//! them as not evaluated. When an association's route table cannot be
//! resolved, the main table of that subnet's VPC is not trusted either (the
//! subnet would otherwise be judged by the wrong table).

use super::super::model::{Model, ROUTE_TABLE, SUBNET, VPC};
use super::super::values::{constant_str, Vals};
use super::{positions, same, set_blocks};
use crate::plan_entity;
use crate::snapshot::aws::{
    EgressOnlyInternetGateway, FlowLog, InternetGateway, NatGateway, NetworkAcl, NetworkAclEntry,
    Route, RouteTable, RouteTargetKind, Subnet, Vpc, VpcEndpoint,
};
use crate::snapshot::Snapshot;
use std::collections::{BTreeSet, HashMap};

const IGW: &[&str] = &["aws_internet_gateway"];
const NAT: &[&str] = &["aws_nat_gateway"];
const EIGW: &[&str] = &["aws_egress_only_internet_gateway"];
const VPCE: &[&str] = &["aws_vpc_endpoint"];
const NACL: &[&str] = &["aws_network_acl", "aws_default_network_acl"];
const LOG_GROUP: &[&str] = &["aws_cloudwatch_log_group"];

pub(super) fn map(m: &Model<'_>, s: &mut Snapshot) {
    vpcs(m, s);
    subnets(m, s);
    route_tables(m, s);
    gateways(m, s);
    endpoints(m, s);
    flow_logs(m, s);
    network_acls(m, s);
}

fn vpcs(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(VPC) {
        let v = m.vals(i);
        let is_default = m.instances[i].rtype == "aws_default_vpc";
        s.aws.vpcs.push(plan_entity!(Vpc, m, i, None, false, {
            cidr_block: v.str("cidr_block").unwrap_or_default(),
            ipv6_cidr_blocks: v.str("ipv6_cidr_block").into_iter().collect(),
            is_default: is_default,
        }));
    }
    let pos = positions(&s.aws.vpcs, |r| &r.id);
    for i in m.of_types(&["aws_vpc_ipv4_cidr_block_association"]) {
        let v = m.vals(i);
        if let (Some(vpc), Some(cidr)) = (m.ref_one(i, &v, "vpc_id", VPC), v.str("cidr_block")) {
            if let Some(&p) = pos.get(&vpc) {
                s.aws.vpcs[p].secondary_cidr_blocks.push(cidr);
            }
        }
    }
}

fn subnets(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(SUBNET) {
        let v = m.vals(i);
        s.aws.subnets.push(plan_entity!(Subnet, m, i, None, false, {
            vpc_id: m.ref_one(i, &v, "vpc_id", VPC).unwrap_or_default(),
            cidr_block: v.str("cidr_block").unwrap_or_default(),
            ipv6_cidr_block: v.str("ipv6_cidr_block"),
            availability_zone: v.str("availability_zone"),
            availability_zone_id: v.str("availability_zone_id"),
            map_public_ip_on_launch: v.bool_or("map_public_ip_on_launch", false, true),
        }));
    }
}

/// Route target arguments of `aws_route` and of `route` blocks: argument,
/// kind, and the resource types it names.
const TARGETS: &[(&str, RouteTargetKind, &[&str])] = &[
    (
        "gateway_id",
        RouteTargetKind::Unknown,
        &[
            "aws_internet_gateway",
            "aws_vpn_gateway",
            "aws_vpc_endpoint",
        ],
    ),
    ("nat_gateway_id", RouteTargetKind::Nat, NAT),
    ("egress_only_gateway_id", RouteTargetKind::EgressOnly, EIGW),
    (
        "transit_gateway_id",
        RouteTargetKind::Tgw,
        &["aws_ec2_transit_gateway"],
    ),
    (
        "vpc_peering_connection_id",
        RouteTargetKind::Peering,
        &["aws_vpc_peering_connection"],
    ),
    (
        "network_interface_id",
        RouteTargetKind::Eni,
        &["aws_network_interface"],
    ),
    ("instance_id", RouteTargetKind::Instance, &["aws_instance"]),
    ("vpc_endpoint_id", RouteTargetKind::Vpce, VPCE),
    (
        "local_gateway_id",
        RouteTargetKind::LocalGateway,
        &["aws_ec2_local_gateway"],
    ),
    (
        "carrier_gateway_id",
        RouteTargetKind::CarrierGateway,
        &["aws_ec2_carrier_gateway"],
    ),
    ("core_network_arn", RouteTargetKind::CoreNetwork, &[]),
];

/// The kind of a `gateway_id` target: from the type of the resource it
/// names, else from the ID's prefix.
fn gateway_kind(m: &Model<'_>, inst: Option<usize>, id: &str) -> RouteTargetKind {
    let by_type = inst.map(|j| m.instances[j].rtype.as_str());
    match by_type {
        Some("aws_internet_gateway") => RouteTargetKind::Igw,
        Some("aws_vpn_gateway") => RouteTargetKind::VirtualPrivateGateway,
        Some("aws_vpc_endpoint") => RouteTargetKind::Vpce,
        _ if id == "local" => RouteTargetKind::Local,
        _ if id.starts_with("igw-") => RouteTargetKind::Igw,
        _ if id.starts_with("vgw-") => RouteTargetKind::VirtualPrivateGateway,
        _ if id.starts_with("vpce-") => RouteTargetKind::Vpce,
        _ => RouteTargetKind::Unknown,
    }
}

/// One route from `aws_route` (`cidr_key` `destination_cidr_block`) or a
/// `route` block (`cidr_block`). The target is the argument with a known
/// value, else the one the configuration sets; a target the plan does not
/// know and cannot resolve keeps its kind with an empty ID (`unknown` kind
/// for `gateway_id`, which may be several kinds).
fn route(m: &Model<'_>, i: usize, v: &Vals<'_>, cidr_key: &str, ipv6_key: &str) -> Route {
    let known = TARGETS.iter().find(|(k, _, _)| v.str(k).is_some());
    let chosen = known.or_else(|| TARGETS.iter().find(|(k, _, _)| v.configured(k)));
    let (target_kind, target_id) = match chosen {
        None => (RouteTargetKind::Unknown, String::new()),
        Some((key, kind, types)) => {
            let found = m.ref_one_found(i, v, key, types);
            let id = found.as_ref().map(|f| f.id.clone()).unwrap_or_default();
            let kind = if *key == "gateway_id" {
                gateway_kind(m, found.as_ref().and_then(|f| f.inst), &id)
            } else {
                *kind
            };
            (kind, id)
        }
    };
    let dest = |k: &str| v.str(k).or_else(|| constant_str(v.expr(k)));
    Route {
        destination_cidr_block: dest(cidr_key),
        destination_ipv6_cidr_block: dest(ipv6_key),
        destination_prefix_list_id: dest("destination_prefix_list_id"),
        target_kind,
        target_id,
        state: v.str("state"),
    }
}

fn route_tables(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(ROUTE_TABLE) {
        let v = m.vals(i);
        let is_default = m.instances[i].rtype == "aws_default_route_table";
        let vpc_id = match m.ref_one(i, &v, "vpc_id", VPC) {
            Some(vpc) => vpc,
            // aws_default_route_table: `default_route_table_id = aws_vpc.x.default_route_table_id`.
            None if is_default => m
                .ref_one(i, &v, "default_route_table_id", VPC)
                .unwrap_or_default(),
            None => String::new(),
        };
        let routes = set_blocks(
            &v,
            "route",
            &[
                "cidr_block",
                "ipv6_cidr_block",
                "destination_prefix_list_id",
            ],
            same,
        )
        .iter()
        .map(|b| route(m, i, b, "cidr_block", "ipv6_cidr_block"))
        .collect();
        s.aws
            .route_tables
            .push(plan_entity!(RouteTable, m, i, None, false, {
                vpc_id: vpc_id,
                is_main: is_default,
                routes: routes,
            }));
    }
    let pos = positions(&s.aws.route_tables, |r| &r.id);

    for i in m.of_types(&["aws_route"]) {
        let v = m.vals(i);
        let Some(&p) = m
            .ref_one(i, &v, "route_table_id", ROUTE_TABLE)
            .and_then(|rt| pos.get(&rt))
        else {
            continue;
        };
        let r = route(
            m,
            i,
            &v,
            "destination_cidr_block",
            "destination_ipv6_cidr_block",
        );
        s.aws.route_tables[p].routes.push(r);
        m.touch(i, &mut s.aws.route_tables[p].source);
    }

    // Explicit associations; subnets whose table is not known.
    let subnet_vpc: HashMap<String, String> = s
        .aws
        .subnets
        .iter()
        .map(|x| (x.id.clone(), x.vpc_id.clone()))
        .collect();
    let mut untrusted_main: BTreeSet<String> = BTreeSet::new();
    for i in m.of_types(&["aws_route_table_association"]) {
        let v = m.vals(i);
        let Some(subnet) = m.ref_one(i, &v, "subnet_id", SUBNET) else {
            continue;
        };
        match m
            .ref_one(i, &v, "route_table_id", ROUTE_TABLE)
            .and_then(|rt| pos.get(&rt))
        {
            Some(&p) => {
                m.touch(i, &mut s.aws.route_tables[p].source);
                let ids = &mut s.aws.route_tables[p].subnet_ids;
                if !ids.contains(&subnet) {
                    ids.push(subnet);
                }
            }
            None => {
                if let Some(vpc) = subnet_vpc.get(&subnet) {
                    untrusted_main.insert(vpc.clone());
                }
            }
        }
    }
    for i in m.of_types(&["aws_main_route_table_association"]) {
        let v = m.vals(i);
        let Some(vpc) = m.ref_one(i, &v, "vpc_id", VPC) else {
            continue;
        };
        let main = m.ref_one(i, &v, "route_table_id", ROUTE_TABLE);
        for rt in &mut s.aws.route_tables {
            if rt.vpc_id == vpc || Some(&rt.id) == main.as_ref() {
                rt.is_main = Some(&rt.id) == main.as_ref();
            }
        }
        if main.as_ref().and_then(|id| pos.get(id)).is_none() {
            untrusted_main.insert(vpc);
        }
    }
    for rt in &mut s.aws.route_tables {
        if rt.is_main && untrusted_main.contains(&rt.vpc_id) {
            rt.is_main = false;
        }
    }
}

fn gateways(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(IGW) {
        let v = m.vals(i);
        s.aws
            .internet_gateways
            .push(plan_entity!(InternetGateway, m, i, None, false, {
                vpc_ids: m.ref_one(i, &v, "vpc_id", VPC).into_iter().collect(),
            }));
    }
    let pos = positions(&s.aws.internet_gateways, |r| &r.id);
    for i in m.of_types(&["aws_internet_gateway_attachment"]) {
        let v = m.vals(i);
        let igw = m
            .ref_one(i, &v, "internet_gateway_id", IGW)
            .and_then(|g| pos.get(&g).copied());
        if let (Some(p), Some(vpc)) = (igw, m.ref_one(i, &v, "vpc_id", VPC)) {
            s.aws.internet_gateways[p].vpc_ids.push(vpc);
        }
    }
    for i in m.of_types(EIGW) {
        let v = m.vals(i);
        s.aws.egress_only_internet_gateways.push(
            plan_entity!(EgressOnlyInternetGateway, m, i, None, false, {
                vpc_ids: m.ref_one(i, &v, "vpc_id", VPC).into_iter().collect(),
            }),
        );
    }
    for i in m.of_types(NAT) {
        let v = m.vals(i);
        let connectivity = match v.str("connectivity_type") {
            Some(c) => c,
            None if v.is_unknown("connectivity_type") && v.configured("connectivity_type") => {
                "unknown".into()
            }
            None => "public".into(),
        };
        s.aws
            .nat_gateways
            .push(plan_entity!(NatGateway, m, i, None, false, {
                subnet_id: m.ref_one(i, &v, "subnet_id", SUBNET).unwrap_or_default(),
                connectivity_type: connectivity,
                state: v.str("state"),
            }));
    }
}

fn endpoints(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(VPCE) {
        let v = m.vals(i);
        s.aws
            .vpc_endpoints
            .push(plan_entity!(VpcEndpoint, m, i, None, false, {
                vpc_id: m.ref_one(i, &v, "vpc_id", VPC).unwrap_or_default(),
                service_name: v.str("service_name").unwrap_or_default(),
                endpoint_type: v.str("vpc_endpoint_type").unwrap_or_else(|| "Gateway".into()),
                route_table_ids: m.ref_many(i, &v, "route_table_ids", ROUTE_TABLE),
                subnet_ids: m.ref_many(i, &v, "subnet_ids", SUBNET),
                state: v.str("state"),
            }));
    }
    let pos = positions(&s.aws.vpc_endpoints, |r| &r.id);
    for (ty, key, types) in [
        (
            "aws_vpc_endpoint_route_table_association",
            "route_table_id",
            ROUTE_TABLE,
        ),
        ("aws_vpc_endpoint_subnet_association", "subnet_id", SUBNET),
    ] {
        for i in m.of_types(&[ty]) {
            let v = m.vals(i);
            let ep = m
                .ref_one(i, &v, "vpc_endpoint_id", VPCE)
                .and_then(|e| pos.get(&e).copied());
            if let (Some(p), Some(target)) = (ep, m.ref_one(i, &v, key, types)) {
                let e = &mut s.aws.vpc_endpoints[p];
                let list = if key == "route_table_id" {
                    &mut e.route_table_ids
                } else {
                    &mut e.subnet_ids
                };
                if !list.contains(&target) {
                    list.push(target);
                }
            }
        }
    }
    // A gateway endpoint adds a prefix-list route to each of its tables.
    let rt_pos = positions(&s.aws.route_tables, |r| &r.id);
    for e in &s.aws.vpc_endpoints {
        if !e.endpoint_type.eq_ignore_ascii_case("gateway") {
            continue;
        }
        for rt in &e.route_table_ids {
            if let Some(&p) = rt_pos.get(rt) {
                let routes = &mut s.aws.route_tables[p].routes;
                if !routes.iter().any(|r| r.target_id == e.id) {
                    routes.push(Route {
                        target_kind: RouteTargetKind::Vpce,
                        target_id: e.id.clone(),
                        ..Default::default()
                    });
                }
            }
        }
    }
}

fn flow_logs(m: &Model<'_>, s: &mut Snapshot) {
    for i in m.of_types(&["aws_flow_log"]) {
        let v = m.vals(i);
        let watched = [
            ("vpc_id", VPC),
            ("subnet_id", SUBNET),
            ("eni_id", &["aws_network_interface"][..]),
            ("transit_gateway_id", &["aws_ec2_transit_gateway"][..]),
        ]
        .iter()
        .find(|(k, _)| v.str(k).is_some() || v.configured(k))
        .and_then(|(k, t)| m.ref_one(i, &v, k, t));
        let destination_type = v
            .str("log_destination_type")
            .unwrap_or_else(|| "cloud-watch-logs".into());
        let mut retention_days = None;
        let mut retention_known = false;
        if destination_type == "cloud-watch-logs" {
            // The log group in the plan: by `log_destination` (ARN, possibly
            // ending in `:*`), else `log_group_name`.
            let group = m
                .ref_one_found(i, &v, "log_destination", LOG_GROUP)
                .and_then(|f| f.inst)
                .or_else(|| {
                    let arn = v.str("log_destination")?;
                    let bare = arn.trim_end_matches(":*").to_string();
                    let j = bare.rsplit("log-group:").next()?.to_string();
                    m.of_types(LOG_GROUP).into_iter().find(|g| {
                        m.vals(*g).str("arn").as_deref() == Some(bare.as_str())
                            || m.vals(*g).str("name") == Some(j.clone())
                    })
                })
                .or_else(|| {
                    m.ref_one_found(i, &v, "log_group_name", LOG_GROUP)
                        .and_then(|f| f.inst)
                });
            if let Some(g) = group {
                let gv = m.vals(g);
                match gv.int("retention_in_days") {
                    Some(d) if d > 0 => {
                        retention_days = Some(d as u32);
                        retention_known = true;
                    }
                    // 0 or absent: kept forever.
                    Some(_) => retention_known = true,
                    None => retention_known = !gv.is_unknown("retention_in_days"),
                }
            }
        }
        s.aws.flow_logs.push(plan_entity!(FlowLog, m, i, None, false, {
            resource_id: watched.unwrap_or_default(),
            traffic_type: v.str("traffic_type").unwrap_or_else(|| if v.is_unknown("traffic_type") { "unknown".into() } else { "ALL".into() }),
            log_destination_type: destination_type,
            log_destination: v.str("log_destination"),
            log_group_name: v.str("log_group_name"),
            retention_days: retention_days,
            retention_known: retention_known,
        }));
    }
}

/// Network ACL protocols as the API writes them: numbers, `-1` for all.
fn acl_protocol(p: &str) -> String {
    match p.to_ascii_lowercase().as_str() {
        "tcp" => "6".into(),
        "udp" => "17".into(),
        "icmp" => "1".into(),
        "icmpv6" => "58".into(),
        "all" | "-1" => "-1".into(),
        other => other.into(),
    }
}

fn acl_entry(v: &Vals<'_>, egress: bool, number_key: &str, action_key: &str) -> NetworkAclEntry {
    let protocol = acl_protocol(&v.str("protocol").unwrap_or_else(|| "-1".into()));
    let all = protocol == "-1";
    NetworkAclEntry {
        rule_number: v.int(number_key).unwrap_or_default() as i32,
        egress,
        rule_action: v.str(action_key).unwrap_or_default().to_ascii_lowercase(),
        cidr_block: v.str("cidr_block"),
        ipv6_cidr_block: v.str("ipv6_cidr_block"),
        from_port: if all {
            None
        } else {
            v.int("from_port").map(|p| p as i32)
        },
        to_port: if all {
            None
        } else {
            v.int("to_port").map(|p| p as i32)
        },
        protocol,
    }
}

fn network_acls(m: &Model<'_>, s: &mut Snapshot) {
    let norm = |k: &str, v: &str| {
        if k == "protocol" {
            acl_protocol(v)
        } else {
            v.to_string()
        }
    };
    for i in m.of_types(NACL) {
        let v = m.vals(i);
        let is_default = m.instances[i].rtype == "aws_default_network_acl";
        let vpc_id = match m.ref_one(i, &v, "vpc_id", VPC) {
            Some(vpc) => vpc,
            None if is_default => m
                .ref_one(i, &v, "default_network_acl_id", VPC)
                .unwrap_or_default(),
            None => String::new(),
        };
        let mut entries = Vec::new();
        for (key, egress) in [("ingress", false), ("egress", true)] {
            for b in set_blocks(
                &v,
                key,
                &["rule_no", "protocol", "from_port", "to_port"],
                norm,
            ) {
                entries.push(acl_entry(&b, egress, "rule_no", "action"));
            }
        }
        s.aws
            .network_acls
            .push(plan_entity!(NetworkAcl, m, i, None, false, {
                vpc_id: vpc_id,
                is_default: is_default,
                subnet_ids: m.ref_many(i, &v, "subnet_ids", SUBNET),
                entries: entries,
            }));
    }
    let pos = positions(&s.aws.network_acls, |r| &r.id);
    for i in m.of_types(&["aws_network_acl_rule"]) {
        let v = m.vals(i);
        let Some(&p) = m
            .ref_one(i, &v, "network_acl_id", NACL)
            .and_then(|a| pos.get(&a))
        else {
            continue;
        };
        let egress = v.bool("egress").unwrap_or(false);
        s.aws.network_acls[p]
            .entries
            .push(acl_entry(&v, egress, "rule_number", "rule_action"));
        m.touch(i, &mut s.aws.network_acls[p].source);
    }
    for i in m.of_types(&["aws_network_acl_association"]) {
        let v = m.vals(i);
        let acl = m
            .ref_one(i, &v, "network_acl_id", NACL)
            .and_then(|a| pos.get(&a).copied());
        if let (Some(p), Some(subnet)) = (acl, m.ref_one(i, &v, "subnet_id", SUBNET)) {
            m.touch(i, &mut s.aws.network_acls[p].source);
            let ids = &mut s.aws.network_acls[p].subnet_ids;
            if !ids.contains(&subnet) {
                ids.push(subnet);
            }
        }
    }
}
