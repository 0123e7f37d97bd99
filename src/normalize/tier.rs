//! Subnet tier: `public`, `app` or `data`, from a tag, else the Name, else
//! the routes (controls.md). Name tokens are ranked data > public > app, so
//! `private-data` is data and `public-app` is public.

use crate::snapshot::aws::{RouteTable, RouteTargetKind, Subnet, Tier, TierSource};
use crate::snapshot::Snapshot;
use std::collections::HashMap;

const TIER_TAG_KEYS: [&str; 3] = ["tier", "Tier", "subnet-tier"];

/// The tier named by a word list (a Name or a tag value), by rank.
pub fn tier_from_words(text: &str) -> Option<Tier> {
    let tokens: Vec<String> = text
        .split(['-', '_', '.', ' '])
        .filter(|t| !t.is_empty())
        .map(|t| t.to_ascii_lowercase())
        .collect();
    let has = |words: &[&str]| tokens.iter().any(|t| words.contains(&t.as_str()));
    if has(&["data", "db", "database", "isolated", "rds"]) {
        Some(Tier::Data)
    } else if has(&["public", "pub", "dmz"]) {
        Some(Tier::Public)
    } else if has(&["private", "app", "application", "nodes", "eks", "compute"]) {
        Some(Tier::App)
    } else {
        None
    }
}

fn tier_from_tags(subnet: &Subnet) -> Option<Tier> {
    for key in TIER_TAG_KEYS {
        if let Some(t) = subnet.tags.get(key).and_then(|v| tier_from_words(v)) {
            return Some(t);
        }
    }
    if subnet.tags.contains_key("kubernetes.io/role/elb") {
        return Some(Tier::Public);
    }
    if subnet.tags.contains_key("kubernetes.io/role/internal-elb") {
        return Some(Tier::App);
    }
    None
}

fn is_default_route(r: &crate::snapshot::aws::Route) -> bool {
    r.destination_cidr_block.as_deref() == Some("0.0.0.0/0")
        || r.destination_ipv6_cidr_block.as_deref() == Some("::/0")
}

/// Tier inferred from the effective route table: a route to an internet
/// gateway is public, a default route (to a NAT or anything else) is app,
/// no default route is data. Unknown route table: no inference.
fn tier_from_routes(rt: Option<&RouteTable>) -> Option<Tier> {
    let rt = rt?;
    if rt
        .routes
        .iter()
        .any(|r| r.target_kind == RouteTargetKind::Igw)
    {
        Some(Tier::Public)
    } else if rt.routes.iter().any(is_default_route) {
        Some(Tier::App)
    } else {
        Some(Tier::Data)
    }
}

pub(super) fn classify_subnets(snapshot: &mut Snapshot) {
    let tables: HashMap<&str, &RouteTable> = snapshot
        .aws
        .route_tables
        .iter()
        .map(|rt| (rt.id.as_str(), rt))
        .collect();
    let decided: Vec<Option<(Tier, TierSource)>> = snapshot
        .aws
        .subnets
        .iter()
        .map(|s| {
            if let Some(t) = tier_from_tags(s) {
                return Some((t, TierSource::Tag));
            }
            if let Some(t) = s
                .name
                .as_deref()
                .or(s.tags.get("Name").map(String::as_str))
                .and_then(tier_from_words)
            {
                return Some((t, TierSource::Name));
            }
            let rt = s
                .route_table_id
                .as_deref()
                .and_then(|id| tables.get(id).copied());
            tier_from_routes(rt).map(|t| (t, TierSource::Routes))
        })
        .collect();
    for (subnet, d) in snapshot.aws.subnets.iter_mut().zip(decided) {
        subnet.tier = d.map(|(t, _)| t);
        subnet.tier_source = d.map(|(_, s)| s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::aws::Route;

    #[test]
    fn name_tokens_rank_data_over_public_over_app() {
        assert_eq!(tier_from_words("prod-private-data-1a"), Some(Tier::Data));
        assert_eq!(tier_from_words("public_app"), Some(Tier::Public));
        assert_eq!(tier_from_words("eks.nodes a"), Some(Tier::App));
        assert_eq!(tier_from_words("Private-App"), Some(Tier::App));
        assert_eq!(tier_from_words("rds"), Some(Tier::Data));
        assert_eq!(tier_from_words("database2"), None, "tokens match whole");
        assert_eq!(tier_from_words("misc"), None);
    }

    fn subnet(name: Option<&str>, tags: &[(&str, &str)], rt: Option<&str>) -> Subnet {
        Subnet {
            id: "s".into(),
            name: name.map(String::from),
            tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            route_table_id: rt.map(String::from),
            ..Default::default()
        }
    }

    fn classify(subnet: Subnet, routes: Vec<Route>) -> (Option<Tier>, Option<TierSource>) {
        let mut s = Snapshot::empty();
        s.aws.subnets = vec![subnet];
        s.aws.route_tables = vec![RouteTable {
            id: "rt".into(),
            routes,
            ..Default::default()
        }];
        classify_subnets(&mut s);
        (s.aws.subnets[0].tier, s.aws.subnets[0].tier_source)
    }

    fn route(cidr: &str, kind: RouteTargetKind) -> Route {
        Route {
            destination_cidr_block: Some(cidr.into()),
            target_kind: kind,
            target_id: "t".into(),
            ..Default::default()
        }
    }

    #[test]
    fn tag_beats_name_beats_routes() {
        assert_eq!(
            classify(
                subnet(Some("public-1"), &[("tier", "data")], Some("rt")),
                vec![]
            ),
            (Some(Tier::Data), Some(TierSource::Tag))
        );
        assert_eq!(
            classify(
                subnet(Some("x"), &[("kubernetes.io/role/internal-elb", "1")], None),
                vec![]
            ),
            (Some(Tier::App), Some(TierSource::Tag))
        );
        assert_eq!(
            classify(
                subnet(Some("private-data"), &[], Some("rt")),
                vec![route("0.0.0.0/0", RouteTargetKind::Igw)]
            ),
            (Some(Tier::Data), Some(TierSource::Name))
        );
    }

    #[test]
    fn routes_decide_when_nothing_else_does() {
        let igw = vec![route("0.0.0.0/0", RouteTargetKind::Igw)];
        let nat = vec![route("0.0.0.0/0", RouteTargetKind::Nat)];
        let local = vec![route("10.0.0.0/16", RouteTargetKind::Local)];
        assert_eq!(
            classify(subnet(None, &[], Some("rt")), igw),
            (Some(Tier::Public), Some(TierSource::Routes))
        );
        assert_eq!(
            classify(subnet(None, &[], Some("rt")), nat),
            (Some(Tier::App), Some(TierSource::Routes))
        );
        assert_eq!(
            classify(subnet(None, &[], Some("rt")), local),
            (Some(Tier::Data), Some(TierSource::Routes))
        );
        assert_eq!(
            classify(subnet(None, &[], None), vec![]),
            (None, None),
            "no route table, no inference"
        );
    }
}
