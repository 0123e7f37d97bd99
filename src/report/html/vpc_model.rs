//! What the picture of one VPC shows, read from the normalised snapshot:
//! subnets by AZ and tier with their route out and what runs in them, the
//! endpoints, and the security-group chain ALB → app → DB with the
//! resources each group protects.

use crate::snapshot::aws::{
    AwsState, RouteTargetKind, SecurityGroup, SecurityGroupRole, SecurityGroupRule, Subnet, Tier,
    Vpc,
};
use crate::snapshot::CollectionError;
use std::collections::{BTreeMap, BTreeSet};

/// Where a subnet's default route goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteOut {
    Igw,
    /// A NAT gateway, with its AZ and whether that is another AZ than the subnet's.
    Nat {
        az: Option<String>,
        cross_az: bool,
    },
    /// Another kind of target (`tgw`, `instance`, …).
    Other(String),
    /// No default route: local (and endpoint) routes only.
    None,
    /// The subnet's route table is not known.
    Unknown,
}

impl RouteOut {
    pub fn label(&self) -> String {
        match self {
            RouteOut::Igw => "→ IGW".into(),
            RouteOut::Nat { az, .. } => {
                format!("→ NAT {}", az.as_deref().map(short_az).unwrap_or("?"))
            }
            RouteOut::Other(kind) => format!("→ {kind}"),
            RouteOut::None => "no route out".into(),
            RouteOut::Unknown => "route table unknown".into(),
        }
    }
}

/// `us-east-1a` → `1a`: the columns already say the region.
pub fn short_az(az: &str) -> &str {
    az.rsplit_once('-').map(|(_, s)| s).unwrap_or(az)
}

/// A small resource drawn inside a subnet box (NAT gateway, node, DB member).
#[derive(Debug, Clone)]
pub struct Occupant {
    pub id: String,
    pub label: String,
}

pub struct SubnetView<'a> {
    pub subnet: &'a Subnet,
    pub route: RouteOut,
    pub occupants: Vec<Occupant>,
}

impl SubnetView<'_> {
    /// A private subnet that gives instances public IPs (worth showing).
    pub fn public_ips(&self) -> bool {
        self.subnet.map_public_ip_on_launch && self.subnet.tier != Some(Tier::Public)
    }
}

/// One row of the picture: a tier, or the subnets no tier was given.
pub struct TierRow<'a> {
    pub label: &'static str,
    /// One cell per AZ column, in column order.
    pub cells: Vec<Vec<SubnetView<'a>>>,
}

/// One box of the security-group chain: a resource (or group) and its lines.
#[derive(Debug, Clone)]
pub struct ChainItem {
    pub id: String,
    pub lines: Vec<String>,
}

/// One column of the chain: the ALB, app or DB side.
#[derive(Debug, Clone, Default)]
pub struct ChainColumn {
    pub title: &'static str,
    pub items: Vec<ChainItem>,
}

pub struct VpcView<'a> {
    pub vpc: &'a Vpc,
    pub environment: String,
    /// AZ names of the columns, sorted (`?` for subnets without one).
    pub azs: Vec<String>,
    pub rows: Vec<TierRow<'a>>,
    /// Header chips: internet gateways, flow logs, endpoints.
    pub header: Vec<ChainItem>,
    /// ALB, app and DB columns.
    pub chain: [ChainColumn; 3],
    /// Ports admitted: internet → ALB, ALB → app, app → DB.
    pub arrows: [String; 3],
}

impl VpcView<'_> {
    pub fn subnet_count(&self) -> usize {
        self.rows.iter().flat_map(|r| &r.cells).map(Vec::len).sum()
    }
}

fn label_of(name: &Option<String>, native_id: &str) -> String {
    name.clone().unwrap_or_else(|| native_id.to_string())
}

fn route_out(aws: &AwsState, subnet: &Subnet) -> RouteOut {
    let Some(rt) = subnet
        .route_table_id
        .as_ref()
        .and_then(|id| aws.route_tables.iter().find(|r| &r.id == id))
    else {
        return RouteOut::Unknown;
    };
    let default = rt.routes.iter().find(|r| {
        r.destination_cidr_block.as_deref() == Some("0.0.0.0/0")
            || r.destination_ipv6_cidr_block.as_deref() == Some("::/0")
    });
    match default.map(|r| (r.target_kind, r)) {
        None => RouteOut::None,
        Some((RouteTargetKind::Igw, _)) => RouteOut::Igw,
        Some((RouteTargetKind::Nat, r)) => {
            let nat_subnet = aws
                .nat_gateways
                .iter()
                .find(|n| n.id == r.target_id || n.native_id == r.target_id)
                .and_then(|n| aws.subnets.iter().find(|s| s.id == n.subnet_id));
            let az = nat_subnet.and_then(|s| s.availability_zone.clone());
            let cross_az = match (nat_subnet, subnet) {
                (Some(n), s) => match (&n.availability_zone_id, &s.availability_zone_id) {
                    (Some(a), Some(b)) => a != b,
                    _ => n.availability_zone != s.availability_zone,
                },
                _ => false,
            };
            RouteOut::Nat { az, cross_az }
        }
        Some((kind, _)) => RouteOut::Other(
            serde_json::to_value(kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        ),
    }
}

/// NAT gateways, instances and DB members, by subnet `id`.
fn occupants(aws: &AwsState, vpc: &Vpc, subnets: &[&Subnet]) -> BTreeMap<String, Vec<Occupant>> {
    let mut by_subnet: BTreeMap<String, Vec<Occupant>> = BTreeMap::new();
    for n in aws.nat_gateways.iter().filter(|n| n.vpc_id == vpc.id) {
        by_subnet
            .entry(n.subnet_id.clone())
            .or_default()
            .push(Occupant {
                id: n.id.clone(),
                label: "NAT".into(),
            });
    }
    for i in aws.ec2_instances.iter().filter(|i| i.vpc_id == vpc.id) {
        let node =
            i.tags.contains_key("eks:cluster-name") || i.tags.contains_key("karpenter.sh/nodepool");
        by_subnet
            .entry(i.subnet_id.clone())
            .or_default()
            .push(Occupant {
                id: i.id.clone(),
                label: if node { "node" } else { "EC2" }.into(),
            });
    }
    // DB members go to the data subnet of their DB subnet group in their AZ.
    let mut members: Vec<(String, &str, Option<&str>, Option<&String>)> = Vec::new();
    for c in &aws.rds_clusters {
        for m in &c.members {
            let az = m.availability_zone.as_deref().or_else(|| {
                aws.rds_instances
                    .iter()
                    .find(|i| i.id == m.instance_id)
                    .and_then(|i| i.availability_zone.as_deref())
            });
            let label = if m.is_writer { "writer" } else { "reader" };
            members.push((
                m.instance_id.clone(),
                label,
                az,
                c.db_subnet_group_id.as_ref(),
            ));
        }
    }
    for i in aws.rds_instances.iter().filter(|i| i.cluster_id.is_none()) {
        members.push((
            i.id.clone(),
            "DB",
            i.availability_zone.as_deref(),
            i.db_subnet_group_id.as_ref(),
        ));
    }
    for (id, label, az, group) in members {
        let group = group.and_then(|g| aws.db_subnet_groups.iter().find(|s| &s.id == g));
        if group.is_some_and(|g| g.vpc_id != vpc.id) {
            continue;
        }
        let in_az = |s: &&&Subnet| az.is_some() && s.availability_zone.as_deref() == az;
        let in_group = |s: &&&Subnet| group.is_some_and(|g| g.subnet_ids.contains(&s.id));
        let target = subnets
            .iter()
            .filter(in_az)
            .find(|s| in_group(s))
            .or_else(|| {
                subnets
                    .iter()
                    .filter(in_az)
                    .find(|s| s.tier == Some(Tier::Data))
            })
            .or_else(|| subnets.iter().find(in_group).filter(|_| group.is_some()));
        if let Some(s) = target {
            by_subnet.entry(s.id.clone()).or_default().push(Occupant {
                id,
                label: label.into(),
            });
        }
    }
    by_subnet
}

fn port_range(r: &SecurityGroupRule) -> String {
    match (r.protocol.as_str(), r.from_port, r.to_port) {
        ("-1", _, _) | (_, None, _) => "all".into(),
        (_, Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (_, Some(a), _) => a.to_string(),
    }
}

/// Ports `to` admits from any of `from` (or from the internet when `from` is empty).
fn admitted(to: &[&SecurityGroup], from: &[&SecurityGroup]) -> String {
    let mut ports = BTreeSet::new();
    for g in to {
        for r in &g.ingress {
            let hit = if from.is_empty() {
                !r.internet_cidrs.is_empty()
            } else {
                r.groups
                    .iter()
                    .any(|gr| from.iter().any(|f| f.id == gr.group_id))
            };
            if hit {
                ports.insert(port_range(r));
            }
        }
    }
    ports.into_iter().collect::<Vec<_>>().join(", ")
}

fn tier_counts(aws: &AwsState, ids: &[String]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in ids {
        let tier = aws
            .subnets
            .iter()
            .find(|s| &s.id == id)
            .map(|s| match s.tier {
                Some(Tier::Public) => "public",
                Some(Tier::App) => "app",
                Some(Tier::Data) => "data",
                None => "untiered",
            })
            .unwrap_or("unknown");
        *counts.entry(tier).or_default() += 1;
    }
    counts
        .iter()
        .map(|(t, n)| format!("{t} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn sg_item(g: &SecurityGroup) -> ChainItem {
    ChainItem {
        id: g.id.clone(),
        lines: vec![format!("SG {}", label_of(&g.name, &g.group_name))],
    }
}

fn yes_no(b: bool, yes: &str, no: &str) -> String {
    if b { yes } else { no }.to_string()
}

fn chain(aws: &AwsState, vpc: &Vpc) -> ([ChainColumn; 3], [String; 3]) {
    let groups = |role| -> Vec<&SecurityGroup> {
        aws.security_groups
            .iter()
            .filter(|g| g.vpc_id == vpc.id && g.roles.contains(&role))
            .collect()
    };
    let (alb, app, db) = (
        groups(SecurityGroupRole::Alb),
        groups(SecurityGroupRole::App),
        groups(SecurityGroupRole::Db),
    );
    let mut lbs = ChainColumn {
        title: "load balancers",
        items: Vec::new(),
    };
    for lb in aws.load_balancers.iter().filter(|l| l.vpc_id == vpc.id) {
        let listeners = lb
            .listeners
            .iter()
            .map(|l| {
                let redirect = l
                    .default_actions
                    .iter()
                    .any(|a| a.action_type == "redirect");
                format!(
                    "{}:{}{}",
                    l.protocol,
                    l.port,
                    if redirect { "↪" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        let waf = match (lb.waf_known, &lb.waf_web_acl_arn) {
            (false, _) => "WAF ?",
            (true, Some(_)) => "WAF",
            (true, None) => "no WAF",
        };
        lbs.items.push(ChainItem {
            id: lb.id.clone(),
            lines: vec![
                label_of(&lb.name, &lb.native_id),
                format!("{} · {waf}", lb.scheme),
                listeners,
                format!("in {}", tier_counts(aws, &lb.subnet_ids)),
            ],
        });
    }
    lbs.items.extend(alb.iter().map(|g| sg_item(g)));

    let mut compute = ChainColumn {
        title: "EKS / app",
        items: Vec::new(),
    };
    for c in aws.eks_clusters.iter().filter(|c| c.vpc_id == vpc.id) {
        let endpoint = match (c.endpoint_public_access, c.endpoint_private_access) {
            (true, _) => format!(
                "public API {}",
                c.public_access_cidrs
                    .as_ref()
                    .map(|v| v.join(" "))
                    .unwrap_or_else(|| "?".into())
            ),
            (false, true) => "private API".into(),
            (false, false) => "no API access".into(),
        };
        compute.items.push(ChainItem {
            id: c.id.clone(),
            lines: vec![
                label_of(&c.name, &c.native_id),
                format!("k8s {} · {endpoint}", c.version),
                format!("in {}", tier_counts(aws, &c.subnet_ids)),
            ],
        });
        for ng in aws.eks_node_groups.iter().filter(|n| n.cluster_id == c.id) {
            compute.items.push(ChainItem {
                id: ng.id.clone(),
                lines: vec![format!(
                    "nodes {} · {}",
                    label_of(&ng.name, &ng.native_id),
                    tier_counts(aws, &ng.subnet_ids)
                )],
            });
        }
    }
    compute.items.extend(app.iter().map(|g| sg_item(g)));

    let mut data = ChainColumn {
        title: "database",
        items: Vec::new(),
    };
    let in_vpc = |group: &Option<String>| {
        group.as_ref().is_some_and(|g| {
            aws.db_subnet_groups
                .iter()
                .any(|s| &s.id == g && s.vpc_id == vpc.id)
        })
    };
    let mut groups_shown = BTreeSet::new();
    for c in aws
        .rds_clusters
        .iter()
        .filter(|c| in_vpc(&c.db_subnet_group_id))
    {
        let azs: BTreeSet<_> = c
            .members
            .iter()
            .filter_map(|m| m.availability_zone.as_deref())
            .collect();
        data.items.push(ChainItem {
            id: c.id.clone(),
            lines: vec![
                label_of(&c.name, &c.native_id),
                format!("{} {}", c.engine, c.engine_version),
                format!(
                    "{} member{} · {}",
                    c.members.len(),
                    if c.members.len() == 1 { "" } else { "s" },
                    if azs.len() > 1 {
                        format!("{} AZs", azs.len())
                    } else {
                        "single AZ".to_string()
                    }
                ),
                format!(
                    "backups {}d · {}",
                    c.backup_retention_period
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "?".into()),
                    yes_no(c.storage_encrypted, "encrypted", "unencrypted")
                ),
            ],
        });
        groups_shown.extend(c.db_subnet_group_id.clone());
    }
    for i in aws
        .rds_instances
        .iter()
        .filter(|i| i.cluster_id.is_none() && in_vpc(&i.db_subnet_group_id))
    {
        data.items.push(ChainItem {
            id: i.id.clone(),
            lines: vec![
                label_of(&i.name, &i.native_id),
                format!("{} {}", i.engine, i.engine_version),
                yes_no(i.multi_az, "Multi-AZ", "single AZ"),
                format!(
                    "backups {}d",
                    i.backup_retention_period
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "?".into())
                ),
            ],
        });
        groups_shown.extend(i.db_subnet_group_id.clone());
    }
    for g in aws
        .db_subnet_groups
        .iter()
        .filter(|g| groups_shown.contains(&g.id))
    {
        data.items.push(ChainItem {
            id: g.id.clone(),
            lines: vec![format!("DB subnets {}", tier_counts(aws, &g.subnet_ids))],
        });
    }
    data.items.extend(db.iter().map(|g| sg_item(g)));

    let arrows = [
        admitted(&alb, &[]),
        admitted(&app, &alb),
        admitted(&db, &app),
    ];
    ([lbs, compute, data], arrows)
}

fn header(aws: &AwsState, errors: &[CollectionError], vpc: &Vpc) -> Vec<ChainItem> {
    let mut items = Vec::new();
    // What could not be read in the VPC's account and region: its picture may be incomplete.
    let unread: BTreeSet<&str> = errors
        .iter()
        .filter(|e| {
            e.account_id.as_deref().is_none_or(|a| a == vpc.account_id)
                && e.region.as_deref().is_none_or(|r| r == vpc.region)
                && e.cluster.is_none()
        })
        .map(|e| e.service.as_str())
        .collect();
    for service in unread {
        items.push(ChainItem {
            id: format!("unread:{service}"),
            lines: vec![format!("not read: {service}")],
        });
    }
    for g in aws
        .internet_gateways
        .iter()
        .filter(|g| g.vpc_ids.contains(&vpc.id))
    {
        items.push(ChainItem {
            id: g.id.clone(),
            lines: vec!["IGW".into()],
        });
    }
    for f in aws.flow_logs.iter().filter(|f| f.resource_id == vpc.id) {
        let days = f
            .retention_days
            .map(|d| format!("{d} d"))
            .unwrap_or_else(|| "∞".into());
        items.push(ChainItem {
            id: f.id.clone(),
            lines: vec![format!("flow log {} {days}", f.traffic_type)],
        });
    }
    for e in aws.vpc_endpoints.iter().filter(|e| e.vpc_id == vpc.id) {
        let service = e.service.clone().unwrap_or_else(|| e.service_name.clone());
        items.push(ChainItem {
            id: e.id.clone(),
            lines: vec![service],
        });
    }
    items
}

/// The picture of every VPC, in a stable order (environment, account, CIDR, id).
pub fn vpc_views<'a>(aws: &'a AwsState, errors: &[CollectionError]) -> Vec<VpcView<'a>> {
    let mut vpcs: Vec<&Vpc> = aws.vpcs.iter().collect();
    vpcs.sort_by(|a, b| {
        (&a.environment, &a.account_id, &a.cidr_block, &a.id).cmp(&(
            &b.environment,
            &b.account_id,
            &b.cidr_block,
            &b.id,
        ))
    });
    vpcs.into_iter()
        .map(|vpc| vpc_view(aws, errors, vpc))
        .collect()
}

fn vpc_view<'a>(aws: &'a AwsState, errors: &[CollectionError], vpc: &'a Vpc) -> VpcView<'a> {
    let subnets: Vec<&Subnet> = aws.subnets.iter().filter(|s| s.vpc_id == vpc.id).collect();
    let azs: Vec<String> = subnets
        .iter()
        .map(|s| s.availability_zone.clone().unwrap_or_else(|| "?".into()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut occupants = occupants(aws, vpc, &subnets);
    let mut rows: Vec<TierRow> = Vec::new();
    for (label, tier) in [
        ("public", Some(Tier::Public)),
        ("app", Some(Tier::App)),
        ("data", Some(Tier::Data)),
        ("no tier", None),
    ] {
        let mut cells: Vec<Vec<SubnetView>> = azs.iter().map(|_| Vec::new()).collect();
        let mut any = false;
        for s in subnets.iter().filter(|s| s.tier == tier) {
            let az = s.availability_zone.as_deref().unwrap_or("?");
            let col = azs.iter().position(|a| a == az).unwrap_or(0);
            cells[col].push(SubnetView {
                subnet: s,
                route: route_out(aws, s),
                occupants: occupants.remove(&s.id).unwrap_or_default(),
            });
            any = true;
        }
        for cell in &mut cells {
            cell.sort_by(|a, b| a.subnet.cidr_block.cmp(&b.subnet.cidr_block));
        }
        if any || tier.is_some() {
            rows.push(TierRow { label, cells });
        }
    }
    let (chain, arrows) = chain(aws, vpc);
    VpcView {
        vpc,
        environment: vpc.environment.clone().unwrap_or_else(|| "unknown".into()),
        azs,
        rows,
        header: header(aws, errors, vpc),
        chain,
        arrows,
    }
}

/// Ids of the resources of a VPC that the picture does not draw on its own
/// (security groups outside the chain, network ACLs, route tables, …), so
/// their findings can still be pinned to the VPC.
pub fn other_resources(aws: &AwsState, vpc: &Vpc) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |id: &String, name: &Option<String>, native: &str, kind: &str| {
        out.push((id.clone(), format!("{kind} {}", label_of(name, native))));
    };
    for g in aws.security_groups.iter().filter(|g| g.vpc_id == vpc.id) {
        push(&g.id, &g.name, &g.group_name, "SG");
    }
    for a in aws.network_acls.iter().filter(|a| a.vpc_id == vpc.id) {
        push(&a.id, &a.name, &a.native_id, "NACL");
    }
    for r in aws.route_tables.iter().filter(|r| r.vpc_id == vpc.id) {
        push(&r.id, &r.name, &r.native_id, "route table");
    }
    for i in aws.ec2_instances.iter().filter(|i| i.vpc_id == vpc.id) {
        push(&i.id, &i.name, &i.native_id, "EC2");
    }
    for g in aws.db_subnet_groups.iter().filter(|g| g.vpc_id == vpc.id) {
        push(&g.id, &g.name, &g.native_id, "DB subnets");
    }
    for n in aws.nat_gateways.iter().filter(|n| n.vpc_id == vpc.id) {
        push(&n.id, &n.name, &n.native_id, "NAT");
    }
    out
}
