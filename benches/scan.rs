//! Scan benchmark: generated snapshots of 1k, 10k and 100k resources, timed
//! from reading the snapshot file to the JSON report, with every control of
//! the built-in library.
//!
//! ```text
//! cargo bench --bench scan                    # 1k, 10k and 100k
//! cargo bench --bench scan -- 100k            # one size (1k, 10k, 100k, or any N / Nk)
//! cargo bench --bench scan -- 100k --per-rule # also time each control alone (single-threaded)
//! cargo bench --bench scan -- --keep DIR      # keep the generated snapshots in DIR
//! cargo bench --bench scan -- 10k single --runs 9   # one mode, more runs
//! cargo bench --bench scan -- --calibrate FILE      # regorus cost per construct, per element
//! ```
//!
//! The parent process generates each snapshot (deterministic: a seeded
//! xorshift), writes it as compact JSON to a temporary file and drops it;
//! then, for each size and for single-threaded and parallel evaluation, it
//! re-executes this binary as a child (`--child FILE MODE RUNS`) so that the
//! peak memory (VmHWM) is that of one scan setting alone. A child loads the
//! policy engine once (process start-up, reported apart), then runs the
//! pipeline the CLI runs, several times, and reports medians:
//!
//! - read: `std::fs::read_to_string`
//! - parse: `Snapshot::from_json_str`
//! - scan: `archcheck::scan::scan` (normalise, input, evaluate, findings)
//! - report: the JSON report into a `Vec<u8>`
//!
//! and, on a second parse of the same text, the stages of `scan` one by one
//! (normalise, input build, evaluate); `assemble` is `scan` minus those.

use archcheck::architecture::Architecture;
use archcheck::engine::{input, PolicyEngine, PolicyLibrary};
use archcheck::normalize::normalize;
use archcheck::report::{emitter, EmitContext, Format};
use archcheck::scan::{scan, ScanOptions};
use archcheck::snapshot::aws::*;
use archcheck::snapshot::k8s::*;
use archcheck::snapshot::{Snapshot, Source, SourceKind, Tags, ToolInfo};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Deterministic generator
// ---------------------------------------------------------------------------

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// 0..n
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];
const REGION_CODES: [&str; 3] = ["use1", "usw2", "euw1"];
const ENVS: [&str; 3] = ["prod", "staging", "dev"];
const TIERS: [&str; 3] = ["public", "app", "data"];
/// Application VPCs per account and region (plus the region's default VPC).
const VPCS_PER_REGION: usize = 2;
const TEAMS: [&str; 6] = [
    "payments", "search", "identity", "platform", "growth", "data",
];
/// Probability of each seeded violation.
const P_BAD: f64 = 0.02;

/// The identity and tags every AWS resource carries.
type Common = archcheck::snapshot::AwsIdentity;

/// Builds an AWS resource from its common fields and its own.
macro_rules! aws {
    ($t:ident, $c:expr, { $($f:ident : $v:expr),* $(,)? }) => {{
        let c: Common = $c;
        $t {
            $($f: $v,)*
            ..$t::with_identity(c)
        }
    }};
}

/// Builds a Kubernetes object from its cluster, namespace, kind and name.
macro_rules! k8s {
    ($t:ident, $g:expr, $cluster:expr, $ns:expr, $kind:expr, $name:expr, { $($f:ident : $v:expr),* $(,)? }) => {{
        let cluster: &str = $cluster;
        let ns: Option<&str> = $ns;
        let name: String = $name;
        let id = match ns {
            Some(n) => format!("{cluster}/{n}/{}/{name}", $kind),
            None => format!("{cluster}/{}/{name}", $kind),
        };
        $t {
            id,
            cluster: cluster.to_string(),
            namespace: ns.map(String::from),
            labels: $g.k8s_labels(&name),
            name,
            $($f: $v,)*
            ..Default::default()
        }
    }};
}

/// Where the generator is: one account, region and VPC.
#[derive(Clone)]
struct Vpc1 {
    account: String,
    region: &'static str,
    env: &'static str,
    vpc_id: String,
    vpc_name: String,
    /// [tier][az] subnet ids.
    subnets: [[String; 3]; 3],
    sg_nodes: String,
    sg_others: Vec<String>,
    eks_cluster: String,
}

struct Gen {
    rng: Rng,
    s: Snapshot,
    serial: u64,
    vpc_count: usize,
}

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

impl Gen {
    fn new(seed: u64) -> Gen {
        let mut s = Snapshot::empty();
        s.collected_at = "2025-06-01T12:00:00Z".into();
        s.tool = Some(ToolInfo {
            name: "archcheck".into(),
            version: "0.1.0".into(),
        });
        Gen {
            rng: Rng(seed | 1),
            s,
            serial: 0,
            vpc_count: 0,
        }
    }

    fn native(&mut self, prefix: &str) -> String {
        self.serial += 1;
        // A 17-hex-digit id, like AWS's, unique per generator.
        format!(
            "{prefix}-{:017x}",
            self.serial.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 4
        )
    }

    /// Common fields of a regional resource of the VPC's account.
    fn common(
        &mut self,
        v: &Vpc1,
        prefix: &str,
        name: Option<String>,
        extra: &[(&str, &str)],
    ) -> Common {
        let native = self.native(prefix);
        self.common_with(&v.account, v.region, v.env, native, prefix, name, extra)
    }

    #[allow(clippy::too_many_arguments)]
    fn common_with(
        &mut self,
        account: &str,
        region: &str,
        env: &str,
        native: String,
        arn_kind: &str,
        name: Option<String>,
        extra: &[(&str, &str)],
    ) -> Common {
        let mut t = tags(extra);
        if let Some(n) = &name {
            t.insert("Name".into(), n.clone());
        }
        // ACC-004: almost everything carries the Environment tag.
        if !self.rng.chance(P_BAD / 2.0) {
            t.insert("Environment".into(), env.to_string());
        }
        t.insert("team".into(), self.rng.pick(&TEAMS).to_string());
        t.insert("managed-by".into(), "terraform".into());
        Common {
            id: format!("{account}/{region}/{native}"),
            arn: Some(format!(
                "arn:aws:ec2:{region}:{account}:{arn_kind}/{native}"
            )),
            native_id: native,
            account_id: account.to_string(),
            region: region.to_string(),
            name,
            tags: t,
            source: None,
        }
    }

    fn k8s_labels(&mut self, name: &str) -> Tags {
        tags(&[
            ("app.kubernetes.io/name", name),
            ("app.kubernetes.io/managed-by", "argocd"),
        ])
    }

    fn count(&self) -> usize {
        self.s.resource_count()
    }

    // -- accounts --------------------------------------------------------

    fn account(&mut self, idx: usize) -> (String, &'static str) {
        let account = format!("{:012}", 100_000_000_000u64 + idx as u64 * 7919);
        let env = ENVS[idx % ENVS.len()];
        let regions: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
        let aws = &mut self.s.aws;
        aws.accounts.push(Account {
            id: account.clone(),
            native_id: account.clone(),
            account_id: account.clone(),
            region: "global".into(),
            name: Some(format!("innovate-{env}-{idx}")),
            alias: Some(format!("innovate-{env}-{idx}")),
            regions: regions.clone(),
            tags: tags(&[("Environment", env)]),
            ..Default::default()
        });
        self.s.sources.push(Source {
            kind: SourceKind::LiveAws,
            account_id: Some(account.clone()),
            regions,
            ..Default::default()
        });
        let bad_root = self.rng.chance(P_BAD * 5.0);
        self.s.aws.iam_accounts.push(IamAccount {
            id: format!("{account}/iam"),
            native_id: account.clone(),
            account_id: account.clone(),
            region: "global".into(),
            root_mfa_enabled: !bad_root,
            root_access_keys_present: false,
            password_policy: Some(PasswordPolicy {
                minimum_password_length: if bad_root { 8 } else { 14 },
                password_reuse_prevention: Some(24),
                max_password_age: Some(90),
                expire_passwords: true,
            }),
            ..Default::default()
        });
        for (i, region) in REGIONS.iter().enumerate() {
            let native = format!("default-{}", REGION_CODES[i]);
            let c = self.common_with(&account, region, env, native, "config-recorder", None, &[]);
            let recording = !self.rng.chance(P_BAD);
            self.s.aws.config_recorders.push(aws!(ConfigRecorder, c, {
                recording: recording,
                all_supported: true,
                include_global_resource_types: i == 0,
            }));
        }
        // IAM users (humans with console access, a CI user in non-prod).
        for u in 0..4 {
            let name = format!("user{u}-{idx}");
            let mut c = self.common_with(
                &account,
                "global",
                env,
                name.clone(),
                "user",
                Some(name.clone()),
                &[],
            );
            c.arn = Some(format!("arn:aws:iam::{account}:user/{name}"));
            let with_key = u == 3 || self.rng.chance(P_BAD);
            let mfa = !self.rng.chance(P_BAD);
            self.s.aws.iam_users.push(aws!(IamUser, c, {
                password_enabled: u < 3,
                mfa_active: mfa,
                access_keys: if with_key {
                    vec![AccessKey {
                        access_key_id: format!("AKIA{:016X}", self.rng.next() >> 1),
                        active: true,
                        created_at: Some("2025-01-15T10:00:00Z".into()),
                        last_used_at: Some("2025-05-30T08:00:00Z".into()),
                    }]
                } else {
                    vec![]
                },
                policies: vec![AttachedPolicy {
                    name: "ReadOnlyAccess".into(),
                    arn: Some("arn:aws:iam::aws:policy/ReadOnlyAccess".into()),
                    kind: "aws".into(),
                    document: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "rds:Describe*"], "Resource": "*"}]}),
                }],
            }));
        }
        // IAM roles: service roles, a GitHub deploy role, a break-glass admin.
        let role_kinds = [
            "ec2",
            "eks",
            "eks-nodes",
            "lambda",
            "github-deploy",
            "admin",
            "readonly",
            "backup",
        ];
        for (r, kind) in role_kinds.iter().enumerate() {
            let name = format!("{kind}-role-{r}");
            let mut c = self.common_with(
                &account,
                "global",
                env,
                name.clone(),
                "role",
                Some(name.clone()),
                &[],
            );
            c.arn = Some(format!("arn:aws:iam::{account}:role/{name}"));
            let trust = match *kind {
                "github-deploy" => {
                    let sub = if self.rng.chance(P_BAD * 5.0) {
                        "*"
                    } else {
                        "repo:innovate/platform:ref:refs/heads/main"
                    };
                    json!({"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"Federated": format!("arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com")},
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": sub},
                                      "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]})
                }
                "admin" | "readonly" => json!({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
                    "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}),
                svc => json!({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": format!("{}.amazonaws.com", svc.trim_end_matches("-nodes"))},
                    "Action": "sts:AssumeRole"}]}),
            };
            let wildcard = *kind == "admin" || self.rng.chance(P_BAD);
            let document = if wildcard {
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
            } else {
                json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": format!("arn:aws:s3:::innovate-{env}-{r}/*")},
                    {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]})
            };
            self.s.aws.iam_roles.push(aws!(IamRole, c, {
                trust_policy: trust,
                policies: vec![AttachedPolicy {
                    name: format!("{name}-policy"),
                    arn: Some(format!("arn:aws:iam::{account}:policy/{name}-policy")),
                    kind: "customer".into(),
                    document,
                }],
            }));
        }
        (account, env)
    }

    // -- one VPC -----------------------------------------------------------

    /// A VPC with everything in it; returns where it is, for more instances.
    fn vpc(
        &mut self,
        account: &str,
        env: &'static str,
        region_idx: usize,
        default_vpc: bool,
    ) -> Vpc1 {
        let region = REGIONS[region_idx];
        let k = self.vpc_count;
        self.vpc_count += 1;
        let vpc_name = if default_vpc {
            s("default")
        } else {
            format!("{env}-vpc-{k}")
        };
        let cidr = if default_vpc {
            s("172.31.0.0/16")
        } else {
            // Unique /20s inside 10.0.0.0/8: 4096 VPCs before they repeat.
            format!("10.{}.{}.0/20", (k / 16) % 256, (k % 16) * 16)
        };
        let mut v = Vpc1 {
            account: account.to_string(),
            region,
            env,
            vpc_id: String::new(),
            vpc_name: vpc_name.clone(),
            subnets: Default::default(),
            sg_nodes: String::new(),
            sg_others: Vec::new(),
            eks_cluster: String::new(),
        };
        let c = self.common(&v, "vpc", Some(vpc_name.clone()), &[]);
        v.vpc_id = c.id.clone();
        self.s
            .aws
            .vpcs
            .push(aws!(Vpc, c, { cidr_block: cidr.clone(), is_default: default_vpc }));

        let (b0, b1) = cidr_base(&cidr);
        let azs = ['a', 'b', 'c'];
        let az_name = |i: usize| format!("{region}{}", azs[i]);
        let az_id = |i: usize| format!("{}-az{}", REGION_CODES[region_idx], i + 1);

        if default_vpc {
            // The region's default VPC: three default public subnets, the
            // default route table, group and ACL.
            let mut ids = Vec::new();
            for az in 0..3 {
                let c = self.common(&v, "subnet", None, &[]);
                ids.push(c.id.clone());
                self.s.aws.subnets.push(aws!(Subnet, c, {
                    vpc_id: v.vpc_id.clone(),
                    cidr_block: format!("172.31.{}.0/20", az * 16),
                    availability_zone: Some(az_name(az)),
                    availability_zone_id: Some(az_id(az)),
                    map_public_ip_on_launch: true,
                }));
            }
            let igw = self.common(&v, "igw", None, &[]);
            let igw_id = igw.id.clone();
            self.s
                .aws
                .internet_gateways
                .push(aws!(InternetGateway, igw, { vpc_ids: vec![v.vpc_id.clone()] }));
            let c = self.common(&v, "rtb", None, &[]);
            self.s.aws.route_tables.push(aws!(RouteTable, c, {
                vpc_id: v.vpc_id.clone(),
                is_main: true,
                routes: vec![local_route("172.31.0.0/16"), route("0.0.0.0/0", RouteTargetKind::Igw, &igw_id)],
            }));
            self.default_sg_and_acl(&v, &ids, "172.31.0.0/16");
            return v;
        }

        // Subnets: 3 tiers x 3 AZs, named by tier.
        for (t, tier) in TIERS.iter().enumerate() {
            for (az, az_letter) in azs.iter().enumerate() {
                let word = match *tier {
                    "public" => "public",
                    "app" => "private-app",
                    _ => "private-data",
                };
                let name = format!("{vpc_name}-{word}-{az_letter}");
                let mut extra = vec![];
                if *tier == "public" {
                    extra.push(("kubernetes.io/role/elb", "1"));
                } else if *tier == "app" {
                    extra.push(("kubernetes.io/role/internal-elb", "1"));
                }
                let c = self.common(&v, "subnet", Some(name), &extra);
                v.subnets[t][az] = c.id.clone();
                let public_ip = *tier == "public" || self.rng.chance(P_BAD / 2.0);
                self.s.aws.subnets.push(aws!(Subnet, c, {
                    vpc_id: v.vpc_id.clone(),
                    cidr_block: format!("10.{b0}.{}.0/24", b1 + (t * 3 + az) as u32),
                    availability_zone: Some(az_name(az)),
                    availability_zone_id: Some(az_id(az)),
                    map_public_ip_on_launch: public_ip,
                }));
            }
        }

        // Gateways.
        let igw = self.common(&v, "igw", Some(format!("{vpc_name}-igw")), &[]);
        let igw_id = igw.id.clone();
        self.s
            .aws
            .internet_gateways
            .push(aws!(InternetGateway, igw, { vpc_ids: vec![v.vpc_id.clone()] }));
        let nat_count = if env == "prod" { 3 } else { 1 };
        let mut nats = Vec::new();
        for (az, az_letter) in azs.iter().enumerate().take(nat_count) {
            let c = self.common(&v, "nat", Some(format!("{vpc_name}-nat-{az_letter}")), &[]);
            nats.push(c.id.clone());
            self.s.aws.nat_gateways.push(aws!(NatGateway, c, {
                vpc_id: v.vpc_id.clone(),
                subnet_id: v.subnets[0][az].clone(),
                connectivity_type: s("public"),
                state: Some(s("available")),
            }));
        }
        if k % 10 == 0 {
            let c = self.common(&v, "eigw", None, &[]);
            self.s
                .aws
                .egress_only_internet_gateways
                .push(aws!(EgressOnlyInternetGateway, c, { vpc_ids: vec![v.vpc_id.clone()] }));
        }

        // Route tables: main (local only), public, one app table per AZ, data.
        let cidr_s = cidr.clone();
        let main = self.common(&v, "rtb", Some(format!("{vpc_name}-main")), &[]);
        self.s.aws.route_tables.push(aws!(RouteTable, main, {
            vpc_id: v.vpc_id.clone(),
            is_main: true,
            routes: vec![local_route(&cidr_s)],
        }));
        let public = self.common(&v, "rtb", Some(format!("{vpc_name}-public")), &[]);
        self.s.aws.route_tables.push(aws!(RouteTable, public, {
            vpc_id: v.vpc_id.clone(),
            subnet_ids: v.subnets[0].to_vec(),
            routes: vec![local_route(&cidr_s), route("0.0.0.0/0", RouteTargetKind::Igw, &igw_id)],
        }));
        let mut app_tables = Vec::new();
        for az in 0..3 {
            let c = self.common(
                &v,
                "rtb",
                Some(format!("{vpc_name}-private-app-{}", azs[az])),
                &[],
            );
            app_tables.push(c.id.clone());
            // NET-004 violation: an app table whose default route goes to the IGW.
            let (kind, target) = if self.rng.chance(P_BAD) {
                (RouteTargetKind::Igw, igw_id.clone())
            } else {
                (RouteTargetKind::Nat, nats[az % nats.len()].clone())
            };
            self.s.aws.route_tables.push(aws!(RouteTable, c, {
                vpc_id: v.vpc_id.clone(),
                subnet_ids: vec![v.subnets[1][az].clone()],
                routes: vec![local_route(&cidr_s), route("0.0.0.0/0", kind, &target)],
            }));
        }
        let data_rt = self.common(&v, "rtb", Some(format!("{vpc_name}-private-data")), &[]);
        let data_rt_id = data_rt.id.clone();
        let mut data_routes = vec![local_route(&cidr_s)];
        // NET-003 violation: a default route from the data tier.
        if self.rng.chance(P_BAD) {
            data_routes.push(route("0.0.0.0/0", RouteTargetKind::Igw, &igw_id));
        }
        let s3_vpce = format!("{}/{}/vpce-s3-{k}", v.account, region);
        data_routes.push(Route {
            destination_prefix_list_id: Some(format!("pl-{:08x}", region_idx)),
            target_kind: RouteTargetKind::Vpce,
            target_id: s3_vpce.clone(),
            state: Some(s("active")),
            ..Default::default()
        });
        self.s.aws.route_tables.push(aws!(RouteTable, data_rt, {
            vpc_id: v.vpc_id.clone(),
            subnet_ids: v.subnets[2].to_vec(),
            routes: data_routes,
        }));

        // VPC endpoints (occasionally one missing: NET-009).
        let missing = if self.rng.chance(P_BAD * 2.0) {
            self.rng.below(5) as usize
        } else {
            99
        };
        for (i, (svc, kind)) in [
            ("s3", "Gateway"),
            ("ecr.api", "Interface"),
            ("ecr.dkr", "Interface"),
            ("logs", "Interface"),
            ("secretsmanager", "Interface"),
        ]
        .iter()
        .enumerate()
        {
            if i == missing {
                continue;
            }
            let mut c = self.common(&v, "vpce", None, &[]);
            if i == 0 {
                c.id = s3_vpce.clone();
            }
            let gateway = *kind == "Gateway";
            self.s.aws.vpc_endpoints.push(aws!(VpcEndpoint, c, {
                vpc_id: v.vpc_id.clone(),
                service_name: format!("com.amazonaws.{region}.{svc}"),
                endpoint_type: s(kind),
                route_table_ids: if gateway { let mut t = app_tables.clone(); t.push(data_rt_id.clone()); t } else { vec![] },
                subnet_ids: if gateway { vec![] } else { v.subnets[1].to_vec() },
                state: Some(s("available")),
            }));
        }

        // Flow log (occasionally missing or too short: NET-008).
        if !self.rng.chance(P_BAD) {
            let c = self.common(&v, "fl", None, &[]);
            let short = self.rng.chance(P_BAD);
            let retention = if env == "prod" { 90 } else { 30 };
            self.s.aws.flow_logs.push(aws!(FlowLog, c, {
                resource_id: v.vpc_id.clone(),
                traffic_type: s("ALL"),
                log_destination_type: s("cloud-watch-logs"),
                log_group_name: Some(format!("/vpc/{vpc_name}/flow-logs")),
                retention_days: Some(if short { 7 } else { retention }),
                retention_known: true,
            }));
        }

        // Network ACLs: default (unassociated), public, private.
        self.default_sg_and_acl(&v, &[], &cidr_s);
        let public_acl = self.common(&v, "acl", Some(format!("{vpc_name}-public")), &[]);
        let mut pub_entries = vec![
            acl(100, false, "6", "allow", "0.0.0.0/0", 443, 443),
            acl(110, false, "6", "allow", "0.0.0.0/0", 80, 80),
            acl(120, false, "6", "allow", "0.0.0.0/0", 32768, 65535),
            acl(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
        ];
        // NET-011 violation: SSH open to the world at the ACL.
        if self.rng.chance(P_BAD) {
            pub_entries.push(acl(130, false, "6", "allow", "0.0.0.0/0", 22, 22));
        }
        self.s.aws.network_acls.push(aws!(NetworkAcl, public_acl, {
            vpc_id: v.vpc_id.clone(),
            subnet_ids: v.subnets[0].to_vec(),
            entries: pub_entries,
        }));
        let private_acl = self.common(&v, "acl", Some(format!("{vpc_name}-private")), &[]);
        let mut private_subnets = v.subnets[1].to_vec();
        private_subnets.extend(v.subnets[2].iter().cloned());
        self.s.aws.network_acls.push(aws!(NetworkAcl, private_acl, {
            vpc_id: v.vpc_id.clone(),
            subnet_ids: private_subnets,
            entries: vec![
                acl(100, false, "-1", "allow", &cidr_s, 0, 0),
                acl(110, false, "6", "allow", "0.0.0.0/0", 1024, 65535),
                acl(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
            ],
        }));

        // Security groups: the ALB -> nodes -> db chain, the EKS cluster
        // group, and many "other" groups of CIDR rules.
        let cluster_name = format!("{env}-eks-{k}");
        let sg_alb = self.common(&v, "sg", Some(format!("{vpc_name}-alb")), &[]);
        let sg_nodes = self.common(
            &v,
            "sg",
            Some(format!("{vpc_name}-nodes")),
            &[("role", "app")],
        );
        let sg_db = self.common(&v, "sg", Some(format!("{vpc_name}-db")), &[]);
        let sg_cluster = self.common(&v, "sg", None, &[]);
        let (alb_id, nodes_id, db_id, cluster_sg_id) = (
            sg_alb.id.clone(),
            sg_nodes.id.clone(),
            sg_db.id.clone(),
            sg_cluster.id.clone(),
        );
        let gref = |id: &str| GroupRef {
            group_id: id.to_string(),
            account_id: None,
        };
        let mut alb_ingress = vec![sg_rule("tcp", 443, 443, &["0.0.0.0/0"], &["::/0"])];
        if self.rng.chance(P_BAD * 2.0) {
            alb_ingress.push(sg_rule("tcp", 80, 80, &["0.0.0.0/0"], &[])); // SG-001
        }
        self.s.aws.security_groups.push(aws!(SecurityGroup, sg_alb, {
            vpc_id: v.vpc_id.clone(),
            group_name: format!("{vpc_name}-alb"),
            description: Some(s("Internet-facing ALB")),
            ingress: alb_ingress,
            egress: vec![SecurityGroupRule { groups: vec![gref(&nodes_id)], ..sg_rule("tcp", 8080, 8080, &[], &[]) }],
        }));
        let mut nodes_ingress = vec![
            SecurityGroupRule {
                self_reference: true,
                ..sg_rule("-1", 0, 0, &[], &[])
            },
            SecurityGroupRule {
                groups: vec![gref(&cluster_sg_id)],
                ..sg_rule("tcp", 443, 443, &[], &[])
            },
            SecurityGroupRule {
                groups: vec![gref(&cluster_sg_id)],
                ..sg_rule("tcp", 10250, 10250, &[], &[])
            },
            SecurityGroupRule {
                groups: vec![gref(&alb_id)],
                ..sg_rule("tcp", 8080, 8080, &[], &[])
            },
        ];
        if self.rng.chance(P_BAD) {
            nodes_ingress.push(sg_rule("tcp", 8080, 8080, &["10.0.0.0/8"], &[]));
            // SG-002
        }
        self.s
            .aws
            .security_groups
            .push(aws!(SecurityGroup, sg_nodes, {
                vpc_id: v.vpc_id.clone(),
                group_name: format!("{vpc_name}-nodes"),
                description: Some(s("EKS nodes")),
                ingress: nodes_ingress,
                egress: vec![sg_rule("-1", 0, 0, &["0.0.0.0/0"], &[])],
            }));
        let mut db_ingress = vec![SecurityGroupRule {
            groups: vec![gref(&nodes_id)],
            ..sg_rule("tcp", 5432, 5432, &[], &[])
        }];
        if self.rng.chance(P_BAD) {
            db_ingress.push(sg_rule("tcp", 5432, 5432, &["0.0.0.0/0"], &[])); // SG-003, SG-004
        }
        self.s.aws.security_groups.push(aws!(SecurityGroup, sg_db, {
            vpc_id: v.vpc_id.clone(),
            group_name: format!("{vpc_name}-db"),
            description: Some(s("PostgreSQL")),
            ingress: db_ingress,
        }));
        self.s.aws.security_groups.push(aws!(SecurityGroup, sg_cluster, {
            vpc_id: v.vpc_id.clone(),
            group_name: format!("eks-cluster-sg-{cluster_name}-{}", 1_000_000 + k),
            description: Some(s("EKS created security group")),
            ingress: vec![SecurityGroupRule { self_reference: true, ..sg_rule("-1", 0, 0, &[], &[]) }],
            egress: vec![sg_rule("-1", 0, 0, &["0.0.0.0/0"], &[])],
        }));
        v.sg_nodes = nodes_id.clone();
        for o in 0..12 {
            let name = format!("{vpc_name}-svc-{o}");
            let c = self.common(&v, "sg", Some(name.clone()), &[]);
            v.sg_others.push(c.id.clone());
            let mut ingress = Vec::new();
            for _ in 0..(2 + self.rng.below(4)) {
                let port = *self
                    .rng
                    .pick(&[443u16, 8443, 9090, 6379, 11211, 9200, 2049, 8080])
                    as i32;
                let src = format!("10.{}.{}.0/24", self.rng.below(256), self.rng.below(256));
                ingress.push(SecurityGroupRule {
                    description: Some(format!("from {src}")),
                    ..sg_rule("tcp", port, port, &[src.as_str(), &cidr_s], &[])
                });
            }
            // SG-004 violation: SSH or RDP open to the world.
            if self.rng.chance(P_BAD) {
                let port = *self.rng.pick(&[22, 3389]);
                ingress.push(sg_rule("tcp", port, port, &["0.0.0.0/0"], &[]));
            }
            self.s.aws.security_groups.push(aws!(SecurityGroup, c, {
                vpc_id: v.vpc_id.clone(),
                group_name: name,
                ingress: ingress,
                egress: vec![sg_rule("-1", 0, 0, &["0.0.0.0/0"], &[])],
            }));
        }

        // Load balancer.
        let mut lb = self.common(&v, "lb", Some(format!("{vpc_name}-alb")), &[]);
        lb.arn = Some(format!(
            "arn:aws:elasticloadbalancing:{region}:{}:loadbalancer/app/{vpc_name}/{k:016x}",
            v.account
        ));
        let plain_http = self.rng.chance(P_BAD);
        let no_waf = self.rng.chance(P_BAD * 2.0);
        self.s.aws.load_balancers.push(aws!(LoadBalancer, lb, {
            lb_type: s("application"),
            scheme: s("internet-facing"),
            vpc_id: v.vpc_id.clone(),
            subnet_ids: v.subnets[0].to_vec(),
            security_group_ids: vec![alb_id.clone()],
            listeners: vec![
                Listener {
                    port: 443,
                    protocol: s("HTTPS"),
                    ssl_policy: Some(s("ELBSecurityPolicy-TLS13-1-2-2021-06")),
                    default_actions: vec![ListenerAction { action_type: s("forward"), redirect_protocol: None }],
                    ..Default::default()
                },
                Listener {
                    port: 80,
                    protocol: s("HTTP"),
                    default_actions: vec![if plain_http {
                        ListenerAction { action_type: s("forward"), redirect_protocol: None }
                    } else {
                        ListenerAction { action_type: s("redirect"), redirect_protocol: Some(s("HTTPS")) }
                    }],
                    ..Default::default()
                },
            ],
            waf_web_acl_arn: if env == "prod" && !no_waf { Some(format!("arn:aws:wafv2:{region}:{}:regional/webacl/main/1", v.account)) } else { None },
            waf_known: true,
        }));

        // Database: an Aurora cluster in prod, a standalone instance elsewhere.
        let dsg = self.common(&v, "dbsubnet", Some(format!("{vpc_name}-db")), &[]);
        let dsg_id = dsg.id.clone();
        self.s.aws.db_subnet_groups.push(aws!(DbSubnetGroup, dsg, {
            vpc_id: v.vpc_id.clone(),
            subnet_ids: v.subnets[2].to_vec(),
        }));
        let unencrypted = self.rng.chance(P_BAD);
        let old = self.rng.chance(P_BAD);
        let version = if old { s("13.12") } else { s("16.4") };
        let (retention, protect, pi) = if env == "prod" {
            (35, true, true)
        } else {
            (7, false, false)
        };
        if env == "prod" {
            let cl = self.common(&v, "cluster", Some(format!("{vpc_name}-aurora")), &[]);
            let cl_id = cl.id.clone();
            let mut members = Vec::new();
            for m in 0..2 {
                let c = self.common(&v, "db", Some(format!("{vpc_name}-aurora-{m}")), &[]);
                members.push(ClusterMember {
                    instance_id: c.id.clone(),
                    is_writer: m == 0,
                    availability_zone: Some(az_name(m)),
                });
                self.s.aws.rds_instances.push(aws!(RdsInstance, c, {
                    engine: s("aurora-postgresql"),
                    engine_version: version.clone(),
                    instance_class: Some(s("db.r6g.large")),
                    availability_zone: Some(az_name(m)),
                    storage_encrypted: !unencrypted,
                    performance_insights_enabled: pi,
                    db_subnet_group_id: Some(dsg_id.clone()),
                    security_group_ids: vec![db_id.clone()],
                    port: Some(5432),
                    cluster_id: Some(cl_id.clone()),
                }));
            }
            self.s.aws.rds_clusters.push(aws!(RdsCluster, cl, {
                engine: s("aurora-postgresql"),
                engine_version: version,
                backup_retention_period: Some(retention),
                storage_encrypted: !unencrypted,
                deletion_protection: protect,
                performance_insights_enabled: pi,
                db_subnet_group_id: Some(dsg_id.clone()),
                security_group_ids: vec![db_id.clone()],
                port: Some(5432),
                members: members,
                global_cluster_id: if self.rng.chance(1.0 - P_BAD * 5.0) { Some(format!("global-{vpc_name}")) } else { None },
            }));
        } else {
            let c = self.common(&v, "db", Some(format!("{vpc_name}-pg")), &[]);
            let public = self.rng.chance(P_BAD / 2.0);
            self.s.aws.rds_instances.push(aws!(RdsInstance, c, {
                engine: s("postgres"),
                engine_version: version,
                instance_class: Some(s("db.t4g.medium")),
                availability_zone: Some(az_name(0)),
                backup_retention_period: Some(retention),
                publicly_accessible: public,
                storage_encrypted: !unencrypted,
                deletion_protection: protect,
                db_subnet_group_id: Some(dsg_id.clone()),
                security_group_ids: vec![db_id.clone()],
                port: Some(5432),
            }));
        }

        // EKS: one cluster per VPC with two node groups; an OIDC provider.
        let issuer = format!(
            "oidc.eks.{region}.amazonaws.com/id/{:032X}",
            self.rng.next() as u128 * 31 + k as u128
        );
        let mut ek = self.common(&v, "eks", Some(cluster_name.clone()), &[]);
        ek.arn = Some(format!(
            "arn:aws:eks:{region}:{}:cluster/{cluster_name}",
            v.account
        ));
        let ek_id = ek.id.clone();
        v.eks_cluster = ek_id.clone();
        let public_endpoint = self.rng.chance(P_BAD * 2.0);
        let mut app_subnets = v.subnets[1].to_vec();
        app_subnets.truncate(3);
        self.s.aws.eks_clusters.push(aws!(EksCluster, ek, {
            version: if self.rng.chance(P_BAD) { s("1.29") } else { s("1.34") },
            vpc_id: v.vpc_id.clone(),
            subnet_ids: app_subnets.clone(),
            security_group_ids: vec![nodes_id.clone()],
            cluster_security_group_id: Some(cluster_sg_id.clone()),
            endpoint_public_access: public_endpoint,
            endpoint_private_access: true,
            public_access_cidrs: Some(if public_endpoint { vec![s("0.0.0.0/0")] } else { vec![] }),
            secrets_encryption_kms_key: Some(format!("arn:aws:kms:{region}:{}:key/{k:08x}", v.account)),
            enabled_log_types: vec![s("api"), s("audit"), s("authenticator")],
            oidc_issuer: Some(format!("https://{issuer}")),
        }));
        for ng in 0..2 {
            let c = self.common(&v, "ng", Some(format!("{cluster_name}-ng-{ng}")), &[]);
            self.s.aws.eks_node_groups.push(aws!(EksNodeGroup, c, {
                cluster_id: ek_id.clone(),
                subnet_ids: app_subnets.clone(),
                node_role_arn: Some(format!("arn:aws:iam::{}:role/eks-nodes-role-2", v.account)),
                security_group_ids: vec![nodes_id.clone()],
            }));
        }
        let oidc = self.common_with(
            &v.account.clone(),
            "global",
            env,
            issuer.clone(),
            "oidc-provider",
            None,
            &[],
        );
        self.s.aws.oidc_providers.push(aws!(OidcProvider, oidc, {
            url: issuer.clone(),
            client_ids: vec![s("sts.amazonaws.com")],
        }));

        // Kubernetes objects of that cluster.
        self.k8s_cluster(&v, &cluster_name);
        v
    }

    fn default_sg_and_acl(&mut self, v: &Vpc1, subnets: &[String], cidr: &str) {
        let c = self.common(v, "sg", None, &[]);
        let with_rules = self.rng.chance(P_BAD * 2.0);
        self.s.aws.security_groups.push(aws!(SecurityGroup, c, {
            vpc_id: v.vpc_id.clone(),
            group_name: s("default"),
            description: Some(s("default VPC security group")),
            is_default: true,
            ingress: if with_rules { vec![SecurityGroupRule { self_reference: true, ..sg_rule("-1", 0, 0, &[], &[]) }] } else { vec![] },
        }));
        let c = self.common(v, "acl", None, &[]);
        self.s.aws.network_acls.push(aws!(NetworkAcl, c, {
            vpc_id: v.vpc_id.clone(),
            is_default: true,
            subnet_ids: subnets.to_vec(),
            entries: vec![
                acl(100, false, "-1", "allow", cidr, 0, 0),
                acl(32767, false, "-1", "deny", "0.0.0.0/0", 0, 0),
                acl(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
                acl(32767, true, "-1", "deny", "0.0.0.0/0", 0, 0),
            ],
        }));
    }

    /// EC2 instances in the VPC: EKS nodes, and services behind "other" groups.
    fn instances(&mut self, v: &Vpc1, n: usize) {
        for i in 0..n {
            let az = i % 3;
            let node = i % 3 != 2;
            let (name, extra): (String, Vec<(&str, &str)>) = if node {
                (format!("{}-node-{i}", v.vpc_name), vec![])
            } else {
                (format!("{}-svc-{i}", v.vpc_name), vec![])
            };
            let mut c = self.common(v, "i", Some(name), &extra);
            if node {
                let cluster = v
                    .eks_cluster
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                c.tags.insert("eks:cluster-name".into(), cluster);
                c.tags
                    .insert("karpenter.sh/nodepool".into(), "default".into());
            }
            // NET-005/SG violation: an instance in a public subnet with a public IP.
            let public = self.rng.chance(P_BAD / 2.0);
            let tier = if public { 0 } else { 1 };
            let sgs = if node {
                vec![v.sg_nodes.clone()]
            } else {
                let a = self.rng.pick(&v.sg_others).clone();
                let b = self.rng.pick(&v.sg_others).clone();
                if a == b {
                    vec![a]
                } else {
                    vec![a, b]
                }
            };
            let state = if self.rng.chance(0.05) {
                "stopped"
            } else {
                "running"
            };
            let ip = public.then(|| {
                format!(
                    "54.{}.{}.{}",
                    self.rng.below(256),
                    self.rng.below(256),
                    self.rng.below(256)
                )
            });
            self.s.aws.ec2_instances.push(aws!(Ec2Instance, c, {
                vpc_id: v.vpc_id.clone(),
                subnet_id: v.subnets[tier][az].clone(),
                security_group_ids: sgs,
                state: Some(s(state)),
                public_ip_address: ip,
            }));
        }
    }

    /// A DR snapshot of each prod database in another region.
    fn dr_snapshots(&mut self) {
        let sources: Vec<(String, String, String)> = self
            .s
            .aws
            .rds_clusters
            .iter()
            .filter(|c| c.tags.get("Environment").map(String::as_str) == Some("prod"))
            .map(|c| (c.id.clone(), c.account_id.clone(), c.region.clone()))
            .collect();
        for (id, account, region) in sources {
            let dr = if region == REGIONS[0] {
                REGIONS[1]
            } else {
                REGIONS[0]
            };
            let native = self.native("snap");
            let c = self.common_with(&account, dr, "prod", native, "cluster-snapshot", None, &[]);
            self.s.aws.db_snapshots.push(aws!(DbSnapshot, c, {
                source_db_id: id,
                source_region: region,
                created_at: s("2025-06-01T03:00:00Z"),
                snapshot_type: s("automated"),
            }));
        }
    }

    // -- Kubernetes ---------------------------------------------------------

    fn k8s_cluster(&mut self, v: &Vpc1, name: &str) {
        let ctx = format!("arn:aws:eks:{}:{}:cluster/{name}", v.region, v.account);
        let cl: &str = &ctx;
        let cluster = Cluster {
            id: ctx.clone(),
            cluster: ctx.clone(),
            name: ctx.clone(),
            server: Some(format!(
                "https://{:032X}.gr7.{}.eks.amazonaws.com",
                self.rng.next(),
                v.region
            )),
            eks_cluster_id: Some(v.eks_cluster.clone()),
            version: Some(s("v1.34.1")),
            labels: tags(&[("Environment", v.env)]),
            ..Default::default()
        };
        self.s.k8s.clusters.push(cluster);
        self.s.sources.push(Source {
            kind: SourceKind::LiveK8s,
            context: Some(ctx.clone()),
            ..Default::default()
        });

        for ns in ["kube-system", "default", "monitoring"] {
            let n = k8s!(Namespace, self, cl, None, "Namespace", s(ns), {});
            self.s.k8s.namespaces.push(n);
        }
        let admin = RoleBinding {
            role_kind: s("ClusterRole"),
            role_name: s("cluster-admin"),
            subjects: vec![Subject {
                kind: s("Group"),
                name: if self.rng.chance(P_BAD * 5.0) {
                    s("developers")
                } else {
                    s("system:masters")
                },
                namespace: None,
            }],
            ..k8s!(
                RoleBinding,
                self,
                cl,
                None,
                "ClusterRoleBinding",
                s("cluster-admin"),
                {}
            )
        };
        self.s.k8s.cluster_role_bindings.push(admin);

        let apps = ["api", "web", "worker"];
        for team in 0..2 {
            let ns_name = format!("{}-{}", TEAMS[(team + self.vpc_count) % TEAMS.len()], team);
            let ns = Some(ns_name.as_str());
            let level = if v.env == "prod" {
                "restricted"
            } else {
                "baseline"
            };
            let mut n = k8s!(Namespace, self, cl, None, "Namespace", ns_name.clone(), {});
            if !self.rng.chance(P_BAD * 2.0) {
                n.labels
                    .insert("pod-security.kubernetes.io/enforce".into(), level.into());
            }
            self.s.k8s.namespaces.push(n);
            // Default deny both ways (sometimes missing: K8S-001).
            if !self.rng.chance(P_BAD * 2.0) {
                let np = k8s!(NetworkPolicy, self, cl, ns, "NetworkPolicy", s("default-deny"), {
                    kind: s("NetworkPolicy"),
                    pod_selector: json!({}),
                    policy_types: Some(vec![s("Ingress"), s("Egress")]),
                });
                self.s.k8s.network_policies.push(np);
            }
            let np = k8s!(NetworkPolicy, self, cl, ns, "NetworkPolicy", s("allow-ingress"), {
                kind: s("NetworkPolicy"),
                pod_selector: json!({"matchLabels": {"app.kubernetes.io/name": "api"}}),
                policy_types: Some(vec![s("Ingress")]),
                ingress: Some(vec![json!({"from": [{"namespaceSelector": {"matchLabels": {"name": "ingress"}}}], "ports": [{"port": 8080}]})]),
            });
            self.s.k8s.network_policies.push(np);
            let rq = k8s!(ResourceQuota, self, cl, ns, "ResourceQuota", s("quota"), {
                hard: [("requests.cpu", "20"), ("requests.memory", "64Gi"), ("limits.memory", "96Gi")]
                    .iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            });
            self.s.k8s.resource_quotas.push(rq);
            let lr = k8s!(LimitRange, self, cl, ns, "LimitRange", s("limits"), {
                limits: vec![json!({"type": "Container", "default": {"memory": "512Mi"}, "defaultRequest": {"cpu": "100m", "memory": "256Mi"}})],
            });
            self.s.k8s.limit_ranges.push(lr);
            let sa_name = format!("{ns_name}-app");
            let mut sa = k8s!(
                ServiceAccount,
                self,
                cl,
                ns,
                "ServiceAccount",
                sa_name.clone(),
                {}
            );
            sa.annotations.insert(
                "eks.amazonaws.com/role-arn".into(),
                format!("arn:aws:iam::{}:role/{sa_name}", v.account),
            );
            self.s.k8s.service_accounts.push(sa);
            let rb = k8s!(RoleBinding, self, cl, ns, "RoleBinding", s("developers-edit"), {
                role_kind: s("ClusterRole"),
                role_name: s("edit"),
                subjects: vec![Subject { kind: s("Group"), name: s("developers"), namespace: None }],
            });
            self.s.k8s.role_bindings.push(rb);

            for app in apps {
                let wname = format!("{ns_name}-{app}");
                let selector: BTreeMap<String, String> =
                    [("app.kubernetes.io/name".to_string(), wname.clone())].into();
                let bad = |g: &mut Gen| g.rng.chance(P_BAD);
                let image = if bad(self) {
                    format!("docker.io/library/{app}:latest")
                } else {
                    format!(
                        "{}.dkr.ecr.{}.amazonaws.com/{app}:1.{}.{}",
                        v.account,
                        v.region,
                        self.rng.below(20),
                        self.rng.below(50)
                    )
                };
                let privileged = bad(self);
                let no_limits = bad(self);
                let container = |name: &str, image: String| Container {
                    name: name.to_string(),
                    image,
                    resources: Resources {
                        requests: ResourceList {
                            cpu: Some(s("250m")),
                            memory: Some(s("256Mi")),
                        },
                        limits: ResourceList {
                            cpu: None,
                            memory: if no_limits { None } else { Some(s("512Mi")) },
                        },
                    },
                    liveness_probe: true,
                    readiness_probe: true,
                    startup_probe: false,
                    security_context: SecurityContext {
                        run_as_non_root: Some(!privileged),
                        run_as_user: Some(10001),
                        privileged: Some(privileged),
                        allow_privilege_escalation: Some(privileged),
                        capabilities_add: vec![],
                        capabilities_drop: vec![s("ALL")],
                    },
                    env: vec![
                        EnvVar {
                            name: s("LOG_LEVEL"),
                            inline_value: true,
                            ..Default::default()
                        },
                        EnvVar {
                            name: s("DATABASE_PASSWORD"),
                            secret_name: Some(format!("{wname}-db")),
                            secret_key: Some(s("password")),
                            ..Default::default()
                        },
                    ],
                    ..Default::default()
                };
                let mut pod_labels = selector.clone();
                pod_labels.insert("tier".into(), if app == "api" { s("api") } else { s(app) });
                let w = k8s!(Workload, self, cl, ns, "Deployment", wname.clone(), {
                    kind: s("Deployment"),
                    replicas: Some(3),
                    selector: selector.clone(),
                    pod: PodSpec {
                        service_account_name: Some(sa_name.clone()),
                        security_context: SecurityContext { run_as_non_root: Some(true), ..Default::default() },
                        containers: vec![
                            container(app, image),
                            container("envoy", format!("{}.dkr.ecr.{}.amazonaws.com/envoy:v1.31.2", v.account, v.region)),
                        ],
                        labels: pod_labels,
                        ..Default::default()
                    },
                });
                self.s.k8s.workloads.push(w);
                let svc_type = if bad(self) {
                    "LoadBalancer"
                } else {
                    "ClusterIP"
                };
                let svc = k8s!(Service, self, cl, ns, "Service", wname.clone(), {
                    service_type: s(svc_type),
                    ports: vec![ServicePort { port: 8080, node_port: None, protocol: Some(s("TCP")) }],
                });
                self.s.k8s.services.push(svc);
                if !bad(self) {
                    let pdb = k8s!(PodDisruptionBudget, self, cl, ns, "PodDisruptionBudget", wname.clone(), {
                        selector: selector.clone(),
                        min_available: Some(json!(2)),
                    });
                    self.s.k8s.pdbs.push(pdb);
                }
                if app == "api" {
                    let hpa = k8s!(HorizontalPodAutoscaler, self, cl, ns, "HorizontalPodAutoscaler", wname.clone(), {
                        target_kind: s("Deployment"),
                        target_name: wname.clone(),
                        min_replicas: Some(3),
                        max_replicas: 12,
                    });
                    self.s.k8s.hpas.push(hpa);
                    let ing = k8s!(Ingress, self, cl, ns, "Ingress", wname.clone(), {
                        ingress_class: Some(s("alb")),
                        hosts: vec![format!("{wname}.{}.innovate.example", v.env)],
                    });
                    self.s.k8s.ingresses.push(ing);
                }
            }
        }
    }
}

fn cidr_base(cidr: &str) -> (u32, u32) {
    let parts: Vec<u32> = cidr
        .split(['.', '/'])
        .filter_map(|p| p.parse().ok())
        .collect();
    (parts[1], parts[2])
}

fn local_route(cidr: &str) -> Route {
    Route {
        destination_cidr_block: Some(cidr.to_string()),
        target_kind: RouteTargetKind::Local,
        target_id: s("local"),
        state: Some(s("active")),
        ..Default::default()
    }
}

fn route(dest: &str, kind: RouteTargetKind, target: &str) -> Route {
    Route {
        destination_cidr_block: Some(dest.to_string()),
        target_kind: kind,
        target_id: target.to_string(),
        state: Some(s("active")),
        ..Default::default()
    }
}

fn acl(
    n: i32,
    egress: bool,
    proto: &str,
    action: &str,
    cidr: &str,
    from: i32,
    to: i32,
) -> NetworkAclEntry {
    let ports = proto != "-1";
    NetworkAclEntry {
        rule_number: n,
        egress,
        protocol: proto.to_string(),
        rule_action: action.to_string(),
        cidr_block: Some(cidr.to_string()),
        ipv6_cidr_block: None,
        from_port: ports.then_some(from),
        to_port: ports.then_some(to),
    }
}

fn sg_rule(proto: &str, from: i32, to: i32, v4: &[&str], v6: &[&str]) -> SecurityGroupRule {
    let ports = proto != "-1";
    SecurityGroupRule {
        protocol: proto.to_string(),
        from_port: ports.then_some(from),
        to_port: ports.then_some(to),
        cidr_blocks: v4.iter().map(|c| c.to_string()).collect(),
        ipv6_cidr_blocks: v6.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    }
}

/// A snapshot of exactly `target` resources.
fn generate(target: usize, seed: u64) -> Snapshot {
    let mut g = Gen::new(seed);
    let mut account_idx = 0;
    let mut last: Option<Vpc1> = None;
    // Upper bound of what one VPC adds before its instances, to stop in time.
    const VPC_MAX: usize = 200;
    'outer: loop {
        let (account, env) = g.account(account_idx);
        account_idx += 1;
        for r in 0..REGIONS.len() {
            g.vpc(&account, env, r, true);
            for _ in 0..VPCS_PER_REGION {
                let n = g.count();
                if n + VPC_MAX + 60 > target && last.is_some() {
                    break 'outer;
                }
                let v = g.vpc(&account, env, r, false);
                let instances = 60 + g.rng.below(120) as usize;
                let room = target.saturating_sub(g.count());
                g.instances(&v, instances.min(room));
                last = Some(v);
            }
        }
    }
    g.dr_snapshots();
    let last = last.expect("at least one VPC");
    let room = target.saturating_sub(g.count());
    g.instances(&last, room);
    let mut s = g.s;
    let n = s.resource_count();
    if n > target {
        let drop = (n - target).min(s.aws.ec2_instances.len());
        let keep = s.aws.ec2_instances.len() - drop;
        s.aws.ec2_instances.truncate(keep);
    }
    s
}

// ---------------------------------------------------------------------------
// Measurement (child process)
// ---------------------------------------------------------------------------

fn vm_hwm_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time of every thread of this process so far (`CLOCK_PROCESS_CPUTIME_ID`):
/// unlike wall time it does not grow when other processes compete for the
/// cores, so it shows what the scan itself costs.
#[cfg(target_os = "linux")]
fn cpu_now() -> Duration {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec (64-bit time_t and long on
    // the 64-bit Linux targets this benchmark runs on).
    if unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut ts) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(target_os = "linux"))]
fn cpu_now() -> Duration {
    Duration::ZERO
}

/// Wall and CPU time of a stage.
struct Clock {
    wall: Instant,
    cpu: Duration,
}

impl Clock {
    fn now() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_now(),
        }
    }
}

/// Per stage, the wall and CPU durations of every run.
#[derive(Default)]
struct Stages(BTreeMap<&'static str, (Vec<Duration>, Vec<Duration>)>);

impl Stages {
    fn add(&mut self, stage: &'static str, from: &Clock, to: &Clock) {
        let e = self.0.entry(stage).or_default();
        e.0.push(to.wall - from.wall);
        e.1.push(to.cpu.saturating_sub(from.cpu));
    }
    /// Medians in ms: (wall, cpu).
    fn medians(self) -> (BTreeMap<&'static str, f64>, BTreeMap<&'static str, f64>) {
        let mut wall = BTreeMap::new();
        let mut cpu = BTreeMap::new();
        for (k, (w, c)) in self.0 {
            wall.insert(k, ms(median(w)));
            cpu.insert(k, ms(median(c)));
        }
        (wall, cpu)
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn load_engine(arch: &Architecture) -> PolicyEngine {
    PolicyEngine::new(&PolicyLibrary::builtin(), arch.to_rego_data())
        .expect("the built-in library loads")
}

/// Runs the pipeline on `file` `runs` times and prints one `BENCH {json}` line.
fn child(file: &Path, parallel: bool, runs: usize, per_rule: bool) {
    let t = Instant::now();
    let arch = Architecture::builtin();
    let engine = load_engine(&arch);
    let t_engine = t.elapsed();
    let hwm_engine = vm_hwm_kib();
    let opts = ScanOptions {
        parallel,
        ..Default::default()
    };
    let (selected, _) = opts.selection.apply(&engine, &arch).expect("select all");
    let ctx = EmitContext {
        color: false,
        rules: &engine.rules,
        fallback_file: None,
        category: "archcheck".into(),
        snapshot: None,
    };
    let origin = file.display().to_string();

    let mut st = Stages::default();
    let mut resources = 0;
    let mut findings = 0;
    let mut report_bytes = 0;
    for _ in 0..runs {
        // The pipeline, as `archcheck scan --snapshot FILE --format json` runs it.
        let c0 = Clock::now();
        let text = std::fs::read_to_string(file).expect("read snapshot");
        let c1 = Clock::now();
        let mut snap = Snapshot::from_json_str(&text, &origin).expect("parse snapshot");
        let c2 = Clock::now();
        let run_opts = ScanOptions {
            snapshot_file: Some((origin.clone(), text)),
            ..opts.clone()
        };
        let report = scan(&mut snap, &arch, &engine, &run_opts).expect("scan");
        let c3 = Clock::now();
        let mut buf = Vec::new();
        emitter(Format::Json)
            .emit(&report, &ctx, &mut buf)
            .expect("emit");
        let c4 = Clock::now();
        resources = report.summary.resources;
        findings = report.summary.findings;
        report_bytes = buf.len();
        drop((snap, run_opts, report, buf));
        let c5 = Clock::now();
        st.add("read", &c0, &c1);
        st.add("parse", &c1, &c2);
        st.add("scan", &c2, &c3);
        st.add("report", &c3, &c4);
        st.add("total", &c0, &c4);
        st.add("drop", &c4, &c5);

        // The stages of scan() one by one, on a fresh parse.
        let text = std::fs::read_to_string(file).expect("read snapshot");
        let mut snap = Snapshot::from_json_str(&text, &origin).expect("parse snapshot");
        drop(text);
        let a = Clock::now();
        normalize(&mut snap, &arch, &opts.normalize);
        let b = Clock::now();
        let value = input::to_input(&snap);
        let c = Clock::now();
        let out = engine
            .evaluate(value, &selected, parallel)
            .expect("evaluate");
        let d = Clock::now();
        drop((out, snap));
        st.add("normalize", &a, &b);
        st.add("input", &b, &c);
        st.add("evaluate", &c, &d);
    }
    let (mut med, mut cpu) = st.medians();
    for m in [&mut med, &mut cpu] {
        let assemble = m["scan"] - m["normalize"] - m["input"] - m["evaluate"];
        m.insert("assemble", assemble.max(0.0));
    }

    let mut per_rule_ms = Vec::new();
    if per_rule {
        let text = std::fs::read_to_string(file).expect("read snapshot");
        let mut snap = Snapshot::from_json_str(&text, &origin).expect("parse snapshot");
        normalize(&mut snap, &arch, &opts.normalize);
        let value = input::to_input(&snap);
        for &i in &selected {
            let a = Clock::now();
            let out = engine
                .evaluate(value.clone(), &[i], false)
                .expect("evaluate");
            let b = Clock::now();
            let n = out.first().map_or(0, |o| o.deny.len());
            let judges = &engine.rules[i].metadata.judges;
            per_rule_ms.push(json!([
                engine.rules[i].metadata.id,
                ms(b.wall - a.wall),
                ms(b.cpu - a.cpu),
                n,
                judges
            ]));
        }
    }

    let result = json!({
        "resources": resources,
        "rules": selected.len(),
        "findings": findings,
        "report_bytes": report_bytes,
        "engine_ms": ms(t_engine),
        "hwm_engine_kib": hwm_engine,
        "hwm_kib": vm_hwm_kib(),
        "stages_ms": med,
        "stages_cpu_ms": cpu,
        "per_rule_ms": per_rule_ms,
        "threads": if parallel { rayon::current_num_threads() } else { 1 },
    });
    println!("BENCH {result}");
}

// ---------------------------------------------------------------------------
// Calibration: what regorus constructs cost per element (`--calibrate FILE`)
// ---------------------------------------------------------------------------

const CALIBRATION_POLICY: &str = r#"
package calib

import rego.v1

all_params := data.archcheck.params

f(i) := i.state

g(i) := all_params[i.environment] if all_params[i.environment]
else := all_params.unknown

iterate := count([1 | some i in input.aws.ec2_instances])

field_compare contains i.id if {
	some i in input.aws.ec2_instances
	i.state == "no-such-state"
}

lookup_by_id contains i.id if {
	some i in input.aws.ec2_instances
	s := input.aws.subnets[i.subnet_id]
	s.tier == "no-such-tier"
}

function_call contains i.id if {
	some i in input.aws.ec2_instances
	f(i) == "no-such-state"
}

params_via_rule contains i.id if {
	some i in input.aws.ec2_instances
	g(i).az_count == -1
}

params_via_data contains i.id if {
	some i in input.aws.ec2_instances
	data.archcheck.params[i.environment].az_count == -1
}

object_get contains i.id if {
	some i in input.aws.ec2_instances
	object.get(i, ["tags", "Environment"], "") == "no-such-env"
}

set_of_ids contains i.id if some i in input.aws.ec2_instances

object_by_id[i.id] := {"resource": i} if some i in input.aws.ec2_instances

sprintf_each contains msg if {
	some i in input.aws.ec2_instances
	msg := sprintf("instance %s (%s) in %s", [i.native_id, i.name, i.subnet_id])
}

regex_each contains i.id if {
	some i in input.aws.ec2_instances
	regex.match(`^(prod|staging)-vpc-[0-9]+-node-[0-9]+$`, i.name)
}

glob_each contains i.id if {
	some i in input.aws.ec2_instances
	glob.match("*.dkr.ecr.*.amazonaws.com", ["."], i.name)
}

all_collections contains r.id if {
	some c in ["vpcs", "subnets", "route_tables", "security_groups", "ec2_instances", "network_acls"]
	some r in input.aws[c]
	r.environment == "no-such-env"
}
"#;

/// CPU time of `f`, median of `runs`.
fn cpu_median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times = Vec::new();
    for _ in 0..runs {
        let a = Clock::now();
        let out = f();
        let b = Clock::now();
        drop(out);
        times.push(b.cpu - a.cpu);
    }
    median(times)
}

fn calibrate(file: &Path) {
    let arch = Architecture::builtin();
    let origin = file.display().to_string();
    let text = std::fs::read_to_string(file).expect("read snapshot");
    println!("pipeline stages and alternatives on {origin} (CPU, median of 3)");
    let t = cpu_median(3, || {
        Snapshot::from_json_str(&text, &origin).expect("parse")
    });
    println!(
        "  {:<44} {:>8.1} ms",
        "Snapshot::from_json_str (serde_path_to_error)",
        ms(t)
    );
    let t = cpu_median(3, || {
        serde_json::from_str::<Snapshot>(&text).expect("parse")
    });
    println!(
        "  {:<44} {:>8.1} ms",
        "serde_json::from_str::<Snapshot>",
        ms(t)
    );
    let t = cpu_median(3, || regorus::Value::from_json_str(&text).expect("parse"));
    println!(
        "  {:<44} {:>8.1} ms",
        "regorus::Value::from_json_str (for scale)",
        ms(t)
    );
    let mut snap = Snapshot::from_json_str(&text, &origin).expect("parse snapshot");
    drop(text);
    normalize(&mut snap, &arch, &Default::default());
    let t = cpu_median(3, || input::to_input(&snap));
    println!(
        "  {:<44} {:>8.1} ms",
        "input::to_input (direct serializer)",
        ms(t)
    );
    let t = cpu_median(3, || regorus::Value::from(input::to_input_json(&snap)));
    println!(
        "  {:<44} {:>8.1} ms",
        "Value::from(to_input_json) (the old path)",
        ms(t)
    );
    let n = snap.aws.ec2_instances.len();
    let value = input::to_input(&snap);
    let agree = value == regorus::Value::from(input::to_input_json(&snap));
    println!(
        "  {:<44} {:>8}",
        "to_input == Value::from(to_input_json)", agree
    );
    drop(snap);
    let t = cpu_median(3, || value.clone());
    println!(
        "  {:<44} {:>8.1} ms",
        "input Value clone (shallow, Arc)",
        ms(t)
    );
    let engine = load_engine(&arch);
    let t = cpu_median(3, || engine.clone());
    println!(
        "  {:<44} {:>8.1} ms",
        "PolicyEngine clone (one per worker)",
        ms(t)
    );
    println!();
    let mut engine = regorus::Engine::new();
    engine.set_rego_v0(false);
    engine
        .add_policy("calib.rego".into(), CALIBRATION_POLICY.into())
        .expect("calibration policy");
    engine
        .add_data(regorus::Value::from(
            json!({ "archcheck": arch.to_rego_data() }),
        ))
        .expect("data");
    engine.set_input(value);
    println!("regorus cost per element over {n} EC2 instances (CPU, median of 3; the empty loop is included in every other line)");
    for rule in [
        "iterate",
        "field_compare",
        "lookup_by_id",
        "function_call",
        "params_via_rule",
        "params_via_data",
        "object_get",
        "set_of_ids",
        "object_by_id",
        "sprintf_each",
        "regex_each",
        "glob_each",
        "all_collections",
    ] {
        let mut times = Vec::new();
        for _ in 0..3 {
            let a = Clock::now();
            engine
                .eval_rule(format!("data.calib.{rule}"))
                .expect("calibration rule");
            let b = Clock::now();
            times.push(b.cpu - a.cpu);
        }
        let t = median(times);
        let per = if rule == "all_collections" {
            "per resource of 6 collections"
        } else {
            "per instance"
        };
        println!(
            "  {rule:<18} {:>9.1} ms {:>8.2} µs {per}",
            ms(t),
            t.as_secs_f64() * 1e6 / n as f64
        );
    }
}

// ---------------------------------------------------------------------------
// Driver (parent process)
// ---------------------------------------------------------------------------

fn parse_size(a: &str) -> Option<usize> {
    let a = a.to_ascii_lowercase();
    if let Some(k) = a.strip_suffix('k') {
        k.parse::<usize>().ok().map(|n| n * 1000)
    } else {
        a.parse().ok()
    }
}

fn size_label(n: usize) -> String {
    if n % 1000 == 0 {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

/// The 1-minute load average.
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cpus} CPUs, {model}")
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--child") {
        let file = PathBuf::from(&args[1]);
        let parallel = args[2] == "parallel";
        let runs: usize = args[3].parse().expect("runs");
        let per_rule = args.iter().any(|a| a == "--per-rule");
        child(&file, parallel, runs, per_rule);
        return;
    }

    if let Some(i) = args.iter().position(|a| a == "--profile-input") {
        // For `perf record`: parse once, then build the input N times.
        let file = Path::new(args.get(i + 1).expect("--profile-input FILE N"));
        let n: usize = args.get(i + 2).and_then(|n| n.parse().ok()).unwrap_or(10);
        let text = std::fs::read_to_string(file).expect("read snapshot");
        let mut snap = Snapshot::from_json_str(&text, "snapshot").expect("parse snapshot");
        normalize(&mut snap, &Architecture::builtin(), &Default::default());
        let t = cpu_median(n, || input::to_input(&snap));
        println!("input::to_input: {:.1} ms CPU (median of {n})", ms(t));
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--calibrate") {
        calibrate(Path::new(args.get(i + 1).expect("--calibrate FILE")));
        return;
    }
    let per_rule = args.iter().any(|a| a == "--per-rule");
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .map(|i| PathBuf::from(&args[i + 1]));
    let runs_arg: Option<usize> = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let mut modes: Vec<&str> = ["single", "parallel"]
        .into_iter()
        .filter(|m| args.iter().any(|a| a == m))
        .collect();
    if modes.is_empty() {
        modes = vec!["single", "parallel"];
    }
    let mut sizes: Vec<usize> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || args[i - 1] != "--runs")
        .filter_map(|(_, a)| parse_size(a))
        .collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    let tmp = tempfile::tempdir().expect("temporary directory");
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("snapshot directory");
    let exe = std::env::current_exe().expect("own path");

    println!("archcheck scan benchmark: {}", machine());
    let mut rows = Vec::new();
    for &n in &sizes {
        let t = Instant::now();
        let snap = generate(n, 0x5EED_0000 + n as u64);
        let count = snap.resource_count();
        let file = dir.join(format!("snapshot-{}.json", size_label(n)));
        let mut w = std::io::BufWriter::new(std::fs::File::create(&file).expect("create snapshot"));
        serde_json::to_writer(&mut w, &snap).expect("write snapshot");
        w.flush().expect("flush");
        drop(w);
        let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let mix = mix(&snap);
        drop(snap);
        println!(
            "generated {} resources ({:.1} MB) in {:.0} ms: {mix}",
            count,
            bytes as f64 / 1e6,
            ms(t.elapsed())
        );
        let runs = runs_arg.unwrap_or(if n >= 50_000 {
            3
        } else if n >= 5_000 {
            5
        } else {
            11
        });
        for &mode in &modes {
            let mut cmd = Command::new(&exe);
            cmd.args([
                "--child",
                &file.display().to_string(),
                mode,
                &runs.to_string(),
            ]);
            if per_rule && mode == "single" {
                cmd.arg("--per-rule");
            }
            let out = cmd.output().expect("run child");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let line = stdout
                .lines()
                .find_map(|l| l.strip_prefix("BENCH "))
                .unwrap_or_else(|| {
                    panic!(
                        "child failed: {}\n{}",
                        out.status,
                        String::from_utf8_lossy(&out.stderr)
                    )
                });
            let mut r: serde_json::Value = serde_json::from_str(line).expect("child result");
            // Other processes on the machine skew wall times (and hide the
            // parallel speed-up): keep the load average next to the figures.
            r["load"] = json!(load_average());
            rows.push((n, mode, bytes, r));
        }
    }

    print_table(&rows, "stages_ms", "median wall time per stage, ms");
    print_table(&rows, "stages_cpu_ms", "median CPU time per stage (all threads), ms; above wall time when threads help, wall above it when other processes compete");
    if per_rule {
        for (n, mode, _, r) in &rows {
            let mut v: Vec<(String, f64, f64, u64, String)> = r["per_rule_ms"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| {
                    (
                        x[0].as_str().unwrap_or("").to_string(),
                        x[1].as_f64().unwrap_or(0.0),
                        x[2].as_f64().unwrap_or(0.0),
                        x[3].as_u64().unwrap_or(0),
                        x[4].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect();
            if v.is_empty() {
                continue;
            }
            v.sort_by(|a, b| b.2.partial_cmp(&a.2).unwrap());
            let total: f64 = v.iter().map(|x| x.2).sum();
            println!("\nper control at {} ({mode}, each evaluated alone), by CPU time: {total:.0} ms in all", size_label(*n));
            println!(
                "  {:<9} {:>9} {:>9} {:>8}  judges",
                "control", "wall ms", "CPU ms", "findings"
            );
            for (id, w, c, f, judges) in v {
                println!("  {id:<9} {w:>9.1} {c:>9.1} {f:>8}  {judges}");
            }
        }
    }
    if let Some(k) = keep {
        println!("\nsnapshots kept in {}", k.display());
    }
}

fn mix(s: &Snapshot) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    s.visit(&mut |c, _| *counts.entry(c).or_default() += 1);
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    v.iter()
        .take(8)
        .map(|(c, n)| format!("{c} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
        + ", …"
}

fn print_table(rows: &[(usize, &str, u64, serde_json::Value)], key: &str, title: &str) {
    let stages = [
        "read",
        "parse",
        "normalize",
        "input",
        "evaluate",
        "assemble",
        "report",
        "total",
    ];
    println!();
    println!("{title} (scan = normalize + input + evaluate + assemble; total = read + parse + scan + report)");
    print!("{:<6} {:<8} {:>5} {:>7}", "size", "mode", "rules", "MB");
    for s in stages {
        print!(" {s:>9}");
    }
    println!(
        " {:>8} {:>8} {:>10} {:>8} {:>8} {:>5}",
        "findings", "engine", "µs/res/rl", "peak MB", "eng. MB", "load"
    );
    for (n, mode, bytes, r) in rows {
        let st = &r[key];
        let rules = r["rules"].as_u64().unwrap_or(0).max(1);
        let resources = r["resources"].as_u64().unwrap_or(1).max(1);
        let per = st["evaluate"].as_f64().unwrap_or(0.0) * 1e3 / (resources as f64 * rules as f64);
        let threads = r["threads"].as_u64().unwrap_or(1);
        let label = if *mode == "parallel" {
            format!("par×{threads}")
        } else {
            mode.to_string()
        };
        print!(
            "{:<6} {:<8} {:>5} {:>7.1}",
            size_label(*n),
            label,
            rules,
            *bytes as f64 / 1e6
        );
        for s in stages {
            print!(" {:>9.1}", st[s].as_f64().unwrap_or(0.0));
        }
        println!(
            " {:>8} {:>8.0} {:>10.3} {:>8.0} {:>8.0} {:>5.1}",
            r["findings"],
            r["engine_ms"].as_f64().unwrap_or(0.0),
            per,
            r["hwm_kib"].as_f64().unwrap_or(0.0) / 1024.0,
            r["hwm_engine_kib"].as_f64().unwrap_or(0.0) / 1024.0,
            r["load"].as_f64().unwrap_or(0.0),
        );
    }
}
