//! What every resource in the snapshot carries, whatever its kind.
//!
//! Resources are plain structs; the [`aws_resource!`] and [`k8s_resource!`]
//! macros add the common fields (identity, location, tags, environment and
//! where the resource came from) so that each entity file lists only what is
//! specific to it. Fields are written out instead of `#[serde(flatten)]`
//! because flattening makes serde buffer every object, which doubles the time
//! to read a 100k-resource snapshot.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Tags (AWS) or labels (Kubernetes): key to value.
pub type Tags = BTreeMap<String, String>;

/// Where a resource was read from, so findings can point at a file and line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// Which kind of source produced the resource.
    pub kind: SourceKind,
    /// File the resource was read from (plan, manifest, snapshot), relative
    /// to the working directory when possible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line in `file` where the resource is defined, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Terraform resource address (`module.net.aws_subnet.data[0]`) for plans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// For plans: what the plan does to the resource, from its
    /// `resource_changes` actions: `create`, `update`, `replace`
    /// (delete-then-create or create-then-delete), `no-op`, or another
    /// action Terraform names (`forget`, …). Absent for other sources and
    /// for resources the plan lists without a change record. Resources the
    /// plan only deletes are not in the snapshot at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_action: Option<String>,
    /// Inline waiver directives written at the resource's source, each
    /// `RULE[,RULE] reason…`: a Terraform `# archcheck:ignore …` comment on
    /// the resource block, a Kubernetes `archcheck.io/ignore` annotation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
}

/// The kinds of source a snapshot can be built from.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// Live AWS APIs.
    LiveAws,
    /// AWS Config aggregated inventory.
    AwsConfig,
    /// A live Kubernetes API server.
    LiveK8s,
    /// `terraform show -json` output.
    TerraformPlan,
    /// Kubernetes manifests from files.
    Manifest,
    /// A snapshot file written earlier (or by hand).
    #[default]
    Snapshot,
}

/// How the normaliser decided a resource's environment (first match wins,
/// in this order; see docs/classification.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EnvironmentSource {
    /// The architecture file maps the resource's account to exactly one environment.
    Account,
    /// An `Environment`/`env`/`environment` tag or label.
    Tag,
    /// The environment of the VPC the resource lives in.
    Vpc,
    /// The environment the architecture file gives the Kubernetes cluster.
    Cluster,
    /// `--environment` on the command line.
    Flag,
    /// None of the above: the environment is `unknown`.
    Unknown,
}

/// The common fields of an AWS resource, for code that builds entities
/// (the plan reader, generators): `Subnet { vpc_id, ..Subnet::with_identity(i) }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AwsIdentity {
    pub id: String,
    pub native_id: String,
    pub arn: Option<String>,
    pub account_id: String,
    pub region: String,
    pub name: Option<String>,
    pub tags: Tags,
    pub source: Option<SourceRef>,
}

/// Declares an AWS resource struct with the fields every AWS resource has.
///
/// Common fields: `id` (unique across accounts and regions: an ARN, or
/// `account/region/native-id`), `native_id` (the ID AWS shows, e.g.
/// `subnet-0a1`), `arn`, `account_id`, `region`, `name` (the `Name` tag or
/// the resource's own name), `tags`, `environment`, `environment_source`
/// and `source`.
#[macro_export]
macro_rules! aws_resource {
    (
        $(#[$smeta:meta])*
        pub struct $name:ident : $type_name:literal {
            $( $(#[$fmeta:meta])* pub $field:ident : $fty:ty, )*
        }
    ) => {
        $(#[$smeta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Unique across accounts and regions: the ARN, or `account/region/native-id`;
            /// in a plan, the Terraform address while the real ID is unknown.
            pub id: String,
            /// The identifier AWS shows (`subnet-0a1`, `prod-db`), or the address in a plan.
            #[serde(default)]
            pub native_id: String,
            /// ARN, when the resource has one and it is known.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub arn: Option<String>,
            /// 12-digit AWS account ID (empty when a plan does not know it).
            #[serde(default)]
            pub account_id: String,
            /// AWS region (`global` for IAM).
            #[serde(default)]
            pub region: String,
            /// Human name: the `Name` tag, or the resource's own name.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// Tags as key to value.
            #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
            pub tags: $crate::snapshot::Tags,
            /// Environment the resource belongs to (set by the normaliser).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub environment: Option<String>,
            /// How `environment` was decided.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub environment_source: Option<$crate::snapshot::EnvironmentSource>,
            /// Where the resource was read from.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub source: Option<$crate::snapshot::SourceRef>,
            $( $(#[$fmeta])* pub $field : $fty, )*
        }

        impl $name {
            /// Resource type as it appears in findings.
            pub const TYPE_NAME: &'static str = $type_name;

            /// A resource with these common fields and every other at its default.
            pub fn with_identity(i: $crate::snapshot::AwsIdentity) -> Self {
                $name {
                    id: i.id,
                    native_id: i.native_id,
                    arn: i.arn,
                    account_id: i.account_id,
                    region: i.region,
                    name: i.name,
                    tags: i.tags,
                    source: i.source,
                    ..Default::default()
                }
            }
        }

        impl $crate::snapshot::Resource for $name {
            fn meta(&self) -> $crate::snapshot::MetaView<'_> {
                $crate::snapshot::MetaView {
                    type_name: $type_name,
                    id: &self.id,
                    native_id: &self.native_id,
                    arn: self.arn.as_deref(),
                    account_id: Some(self.account_id.as_str()).filter(|s| !s.is_empty()),
                    region: Some(self.region.as_str()).filter(|s| !s.is_empty()),
                    cluster: None,
                    namespace: None,
                    name: self.name.as_deref(),
                    environment: self.environment.as_deref(),
                    source: self.source.as_ref(),
                }
            }
            fn tags(&self) -> &$crate::snapshot::Tags { &self.tags }
            fn source_mut(&mut self) -> &mut Option<$crate::snapshot::SourceRef> {
                &mut self.source
            }

            fn set_environment(&mut self, env: String, how: $crate::snapshot::EnvironmentSource) {
                self.environment = Some(env);
                self.environment_source = Some(how);
            }
        }
    };
}

/// Declares a Kubernetes object struct with the fields every object has.
///
/// Common fields: `id` (`cluster/namespace/Kind/name`), `cluster`,
/// `namespace`, `name`, `labels`, `annotations`, `environment`,
/// `environment_source` and `source`.
#[macro_export]
macro_rules! k8s_resource {
    (
        $(#[$smeta:meta])*
        pub struct $name:ident : $type_name:literal {
            $( $(#[$fmeta:meta])* pub $field:ident : $fty:ty, )*
        }
    ) => {
        $(#[$smeta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// `cluster/namespace/Kind/name` (`cluster/Kind/name` for cluster-scoped objects).
            pub id: String,
            /// Cluster the object lives in: the kubeconfig context, or `manifests`.
            #[serde(default)]
            pub cluster: String,
            /// Namespace; absent for cluster-scoped objects and for manifests
            /// whose namespace is not known (`namespace-unknown`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub namespace: Option<String>,
            /// `metadata.name`.
            pub name: String,
            /// `metadata.labels`.
            #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
            pub labels: $crate::snapshot::Tags,
            /// `metadata.annotations` (values of annotations that look like
            /// credentials are never stored).
            #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
            pub annotations: $crate::snapshot::Tags,
            /// Environment the object belongs to (set by the normaliser).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub environment: Option<String>,
            /// How `environment` was decided.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub environment_source: Option<$crate::snapshot::EnvironmentSource>,
            /// Where the object was read from.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub source: Option<$crate::snapshot::SourceRef>,
            $( $(#[$fmeta])* pub $field : $fty, )*
        }

        impl $name {
            /// Resource type as it appears in findings.
            pub const TYPE_NAME: &'static str = $type_name;
        }

        impl $crate::snapshot::Resource for $name {
            fn meta(&self) -> $crate::snapshot::MetaView<'_> {
                $crate::snapshot::MetaView {
                    type_name: $type_name,
                    id: &self.id,
                    native_id: &self.name,
                    arn: None,
                    account_id: None,
                    region: None,
                    cluster: Some(self.cluster.as_str()),
                    namespace: self.namespace.as_deref(),
                    name: Some(self.name.as_str()),
                    environment: self.environment.as_deref(),
                    source: self.source.as_ref(),
                }
            }
            fn tags(&self) -> &$crate::snapshot::Tags { &self.labels }
            fn source_mut(&mut self) -> &mut Option<$crate::snapshot::SourceRef> {
                &mut self.source
            }

            fn set_environment(&mut self, env: String, how: $crate::snapshot::EnvironmentSource) {
                self.environment = Some(env);
                self.environment_source = Some(how);
            }
        }
    };
}

/// A borrowed view of the common fields, used to enrich findings.
#[derive(Debug, Clone, Copy)]
pub struct MetaView<'a> {
    pub type_name: &'static str,
    pub id: &'a str,
    pub native_id: &'a str,
    pub arn: Option<&'a str>,
    pub account_id: Option<&'a str>,
    pub region: Option<&'a str>,
    pub cluster: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub name: Option<&'a str>,
    pub environment: Option<&'a str>,
    pub source: Option<&'a SourceRef>,
}

/// Implemented by every resource struct (through the declaring macros).
pub trait Resource {
    fn meta(&self) -> MetaView<'_>;
    fn tags(&self) -> &Tags;
    fn set_environment(&mut self, env: String, how: EnvironmentSource);
    /// Where the resource was read from, to annotate (Terraform source
    /// locations, inline waivers).
    fn source_mut(&mut self) -> &mut Option<SourceRef>;
}
