//! Effective route tables, NAT gateway zones and VPC endpoint services.

use crate::snapshot::aws::RouteTableSource;
use crate::snapshot::Snapshot;
use std::collections::HashMap;

/// A subnet's effective route table: its explicit association, else the
/// VPC's main route table, else unknown (a plan that does not show the main
/// table: the routing controls then report the subnet as not evaluated).
pub(super) fn effective_route_tables(snapshot: &mut Snapshot) {
    let mut explicit: HashMap<&str, &str> = HashMap::new();
    let mut main: HashMap<&str, &str> = HashMap::new();
    for rt in &snapshot.aws.route_tables {
        for s in &rt.subnet_ids {
            explicit.insert(s.as_str(), rt.id.as_str());
        }
        if rt.is_main {
            main.insert(rt.vpc_id.as_str(), rt.id.as_str());
        }
    }
    let decided: Vec<(Option<String>, RouteTableSource)> = snapshot
        .aws
        .subnets
        .iter()
        .map(|s| {
            if let Some(rt) = explicit.get(s.id.as_str()) {
                (Some(rt.to_string()), RouteTableSource::Explicit)
            } else if let Some(rt) = main.get(s.vpc_id.as_str()) {
                (Some(rt.to_string()), RouteTableSource::Main)
            } else {
                (None, RouteTableSource::Unknown)
            }
        })
        .collect();
    for (subnet, (rt, how)) in snapshot.aws.subnets.iter_mut().zip(decided) {
        subnet.route_table_id = rt;
        subnet.route_table_source = Some(how);
    }
}

/// A NAT gateway's AZ ID, from its subnet.
pub(super) fn nat_gateway_zones(snapshot: &mut Snapshot) {
    let zones: HashMap<&str, &str> = snapshot
        .aws
        .subnets
        .iter()
        .filter_map(|s| Some((s.id.as_str(), s.availability_zone_id.as_deref()?)))
        .collect();
    let decided: Vec<Option<String>> = snapshot
        .aws
        .nat_gateways
        .iter()
        .map(|n| zones.get(n.subnet_id.as_str()).map(|z| z.to_string()))
        .collect();
    for (nat, zone) in snapshot.aws.nat_gateways.iter_mut().zip(decided) {
        if nat.availability_zone_id.is_none() {
            nat.availability_zone_id = zone;
        }
    }
}

/// The short service of a VPC endpoint: `com.amazonaws.us-east-1.ecr.api` -> `ecr.api`.
pub fn endpoint_service(service_name: &str) -> String {
    let parts: Vec<&str> = service_name.split('.').collect();
    // com.amazonaws.<region>.<service...>, and PrivateLink services
    // com.amazonaws.vpce.<region>.<service>; anything else is kept whole.
    if parts.len() > 4 && parts[0] == "com" && parts[1] == "amazonaws" && parts[2] == "vpce" {
        parts[4..].join(".")
    } else if parts.len() > 3 && parts[0] == "com" && parts[1] == "amazonaws" {
        parts[3..].join(".")
    } else {
        service_name.to_string()
    }
}

pub(super) fn endpoint_services(snapshot: &mut Snapshot) {
    for e in &mut snapshot.aws.vpc_endpoints {
        if e.service.is_none() {
            e.service = Some(endpoint_service(&e.service_name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::aws::{RouteTable, Subnet};

    fn subnet(id: &str, vpc: &str) -> Subnet {
        Subnet {
            id: id.into(),
            vpc_id: vpc.into(),
            ..Default::default()
        }
    }

    #[test]
    fn explicit_association_beats_main_and_main_beats_unknown() {
        let mut s = Snapshot::empty();
        s.aws.subnets = vec![subnet("a", "v1"), subnet("b", "v1"), subnet("c", "v2")];
        s.aws.route_tables = vec![
            RouteTable {
                id: "rt-main".into(),
                vpc_id: "v1".into(),
                is_main: true,
                ..Default::default()
            },
            RouteTable {
                id: "rt-a".into(),
                vpc_id: "v1".into(),
                subnet_ids: vec!["a".into()],
                ..Default::default()
            },
        ];
        effective_route_tables(&mut s);
        let got: Vec<_> = s
            .aws
            .subnets
            .iter()
            .map(|s| (s.route_table_id.clone(), s.route_table_source))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("rt-a".into()), Some(RouteTableSource::Explicit)),
                (Some("rt-main".into()), Some(RouteTableSource::Main)),
                (None, Some(RouteTableSource::Unknown)),
            ]
        );
    }

    #[test]
    fn endpoint_service_names_are_shortened() {
        assert_eq!(
            endpoint_service("com.amazonaws.us-east-1.ecr.api"),
            "ecr.api"
        );
        assert_eq!(endpoint_service("com.amazonaws.eu-west-1.s3"), "s3");
        assert_eq!(
            endpoint_service("com.amazonaws.vpce.us-east-1.vpce-svc-1"),
            "vpce-svc-1"
        );
        assert_eq!(endpoint_service("custom"), "custom");
    }
}
