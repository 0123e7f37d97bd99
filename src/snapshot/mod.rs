//! The normalised snapshot: one JSON schema for every source.
//!
//! Collectors (live AWS, Kubernetes, Terraform plans, manifests) write it,
//! the normaliser classifies it, and every policy reads it. `schema_version`
//! changes only when a field changes meaning or disappears.

pub mod aws;
pub mod evidence;
pub mod k8s;
mod meta;

pub use evidence::Evidence;
pub use merge::{MergeConflict, MergeIndex};

pub use meta::{AwsIdentity, EnvironmentSource, MetaView, Resource, SourceKind, SourceRef, Tags};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The snapshot schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A normalised snapshot of live state, plans or manifests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Always 1 for this schema.
    pub schema_version: u32,
    /// RFC 3339 time the state was read.
    #[serde(default)]
    pub collected_at: String,
    /// What produced this snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<ToolInfo>,
    /// Where the state was read from.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// What could not be read. Controls whose inputs appear here are reported
    /// as not evaluated for that account and region, never as passed.
    #[serde(default)]
    pub errors: Vec<CollectionError>,
    #[serde(default)]
    pub aws: aws::AwsState,
    #[serde(default)]
    pub k8s: k8s::K8sState,
    /// Evidence metadata `archcheck collect` records (versions, times,
    /// accounts, content hash); absent in hand-written snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// The tool and policy-library versions that wrote a snapshot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

/// One source a snapshot was built from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub kind: SourceKind,
    /// AWS account ID, for AWS sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Kubernetes context, for cluster sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// File, for plans, manifests and snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Regions read, for AWS sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
}

/// Something a collector could not read. The scan goes on without it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionError {
    /// Source kind that failed.
    pub source: SourceKind,
    /// Service (`ec2`, `rds`, `iam`, `wafv2`, `logs`, `k8s`, …).
    pub service: String,
    /// Collection(s) left incomplete (`aws.subnets`); empty means every
    /// collection of `service` (see `collections_of_service`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Kubernetes context, for cluster sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// API operation (`DescribeRouteTables`, `list namespaces`).
    #[serde(default)]
    pub operation: String,
    pub message: String,
}

impl CollectionError {
    /// The collections this error leaves incomplete.
    pub fn affected_collections(&self) -> Vec<&str> {
        if self.collections.is_empty() {
            collections_of_service(&self.service).to_vec()
        } else {
            self.collections.iter().map(String::as_str).collect()
        }
    }
}

/// The collections a service's API fills, used when an error names only the service.
pub fn collections_of_service(service: &str) -> &'static [&'static str] {
    match service {
        "ec2" => &[
            "aws.vpcs",
            "aws.subnets",
            "aws.route_tables",
            "aws.internet_gateways",
            "aws.egress_only_internet_gateways",
            "aws.nat_gateways",
            "aws.vpc_endpoints",
            "aws.flow_logs",
            "aws.network_acls",
            "aws.security_groups",
            "aws.ec2_instances",
        ],
        "elbv2" | "elasticloadbalancing" | "wafv2" => &["aws.load_balancers"],
        "logs" => &["aws.flow_logs"],
        "rds" => &[
            "aws.rds_instances",
            "aws.rds_clusters",
            "aws.db_subnet_groups",
            "aws.db_snapshots",
        ],
        "eks" => &["aws.eks_clusters", "aws.eks_node_groups"],
        "iam" => &[
            "aws.iam_accounts",
            "aws.iam_users",
            "aws.iam_roles",
            "aws.oidc_providers",
        ],
        "config" => &["aws.config_recorders"],
        "sts" | "organizations" => &["aws.accounts"],
        "k8s" => &[
            "k8s.namespaces",
            "k8s.workloads",
            "k8s.services",
            "k8s.ingresses",
            "k8s.network_policies",
            "k8s.resource_quotas",
            "k8s.limit_ranges",
            "k8s.hpas",
            "k8s.pdbs",
            "k8s.service_accounts",
            "k8s.cluster_role_bindings",
            "k8s.role_bindings",
        ],
        _ => &[],
    }
}

/// Calls `$m!` with the list of collection fields of a section, so code
/// that must touch every collection is written once.
macro_rules! aws_collections {
    ($m:ident) => {
        $m!(
            accounts,
            vpcs,
            subnets,
            route_tables,
            internet_gateways,
            egress_only_internet_gateways,
            nat_gateways,
            vpc_endpoints,
            flow_logs,
            network_acls,
            security_groups,
            load_balancers,
            ec2_instances,
            rds_instances,
            rds_clusters,
            db_subnet_groups,
            db_snapshots,
            eks_clusters,
            eks_node_groups,
            iam_accounts,
            iam_users,
            iam_roles,
            oidc_providers,
            config_recorders
        )
    };
}

macro_rules! k8s_collections {
    ($m:ident) => {
        $m!(
            clusters,
            namespaces,
            workloads,
            services,
            ingresses,
            network_policies,
            resource_quotas,
            limit_ranges,
            hpas,
            pdbs,
            service_accounts,
            cluster_role_bindings,
            role_bindings
        )
    };
}

mod merge;

impl Snapshot {
    /// An empty snapshot of the current schema version.
    pub fn empty() -> Self {
        Snapshot {
            schema_version: SCHEMA_VERSION,
            ..Default::default()
        }
    }

    /// Every resource with the name of its collection (`aws.subnets`).
    pub fn visit<'s>(&'s self, f: &mut dyn FnMut(&'static str, &'s dyn Resource)) {
        macro_rules! visit_aws {
            ($($c:ident),*) => {$(
                for r in &self.aws.$c { f(concat!("aws.", stringify!($c)), r); }
            )*};
        }
        macro_rules! visit_k8s {
            ($($c:ident),*) => {$(
                for r in &self.k8s.$c { f(concat!("k8s.", stringify!($c)), r); }
            )*};
        }
        aws_collections!(visit_aws);
        k8s_collections!(visit_k8s);
    }

    /// Every resource, mutably (the normaliser sets environments this way).
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&'static str, &mut dyn Resource)) {
        macro_rules! visit_aws {
            ($($c:ident),*) => {$(
                for r in &mut self.aws.$c { f(concat!("aws.", stringify!($c)), r); }
            )*};
        }
        macro_rules! visit_k8s {
            ($($c:ident),*) => {$(
                for r in &mut self.k8s.$c { f(concat!("k8s.", stringify!($c)), r); }
            )*};
        }
        aws_collections!(visit_aws);
        k8s_collections!(visit_k8s);
    }

    /// Appends another snapshot's sources, errors and resources.
    pub fn merge(&mut self, other: Snapshot) {
        macro_rules! merge_aws {
            ($($c:ident),*) => {$( self.aws.$c.extend(other.aws.$c); )*};
        }
        macro_rules! merge_k8s {
            ($($c:ident),*) => {$( self.k8s.$c.extend(other.k8s.$c); )*};
        }
        aws_collections!(merge_aws);
        k8s_collections!(merge_k8s);
        self.sources.extend(other.sources);
        self.errors.extend(other.errors);
        if other.collected_at > self.collected_at {
            self.collected_at = other.collected_at;
        }
    }

    /// Names of every collection (`aws.subnets`, `k8s.workloads`, …).
    pub fn collection_names() -> Vec<&'static str> {
        let mut names = Vec::new();
        macro_rules! names_aws {
            ($($c:ident),*) => {$( names.push(concat!("aws.", stringify!($c))); )*};
        }
        macro_rules! names_k8s {
            ($($c:ident),*) => {$( names.push(concat!("k8s.", stringify!($c))); )*};
        }
        aws_collections!(names_aws);
        k8s_collections!(names_k8s);
        names
    }

    /// Number of resources in the snapshot.
    pub fn resource_count(&self) -> usize {
        let mut n = 0;
        self.visit(&mut |_, _| n += 1);
        n
    }

    /// Parses a snapshot from JSON text. `origin` names the file in errors.
    pub fn from_json_str(text: &str, origin: &str) -> Result<Snapshot, SnapshotError> {
        // Plain serde first: tracking the path doubles the parse time of a
        // large snapshot, so it is done only to explain a failure.
        let snapshot: Snapshot = match serde_json::from_str(text) {
            Ok(s) => s,
            Err(_) => {
                let de = &mut serde_json::Deserializer::from_str(text);
                serde_path_to_error::deserialize::<_, Snapshot>(de).map_err(|e| {
                    SnapshotError::Invalid {
                        file: origin.to_string(),
                        path: e.path().to_string(),
                        message: e.inner().to_string(),
                    }
                })?
            }
        };
        if snapshot.schema_version != SCHEMA_VERSION {
            return Err(SnapshotError::Invalid {
                file: origin.to_string(),
                path: "schema_version".into(),
                message: format!(
                    "this archcheck reads schema version {SCHEMA_VERSION}, the file has {}",
                    snapshot.schema_version
                ),
            });
        }
        Ok(snapshot)
    }

    /// Reads and parses a snapshot file.
    pub fn load(path: &Path) -> Result<Snapshot, SnapshotError> {
        let text = std::fs::read_to_string(path).map_err(|e| SnapshotError::Read {
            file: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::from_json_str(&text, &path.display().to_string())
    }

    /// The JSON Schema of the snapshot (what `archcheck schema` prints).
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Snapshot)).expect("schema serialises")
    }
}

/// "at `aws.subnets[3].cidr_block`: " (nothing for the document's root).
fn at_path(path: &str) -> String {
    if path.is_empty() || path == "?" || path == "." {
        String::new()
    } else {
        format!("at `{path}`: ")
    }
}

/// A snapshot that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{file}: cannot read: {message}")]
    Read { file: String, message: String },
    #[error("{file}: {}{message}", at_path(path))]
    Invalid {
        file: String,
        path: String,
        message: String,
    },
}
