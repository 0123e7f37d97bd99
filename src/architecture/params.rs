//! Every control parameter, declared once.
//!
//! The `parameters!` macro turns one list into three structs: the values per
//! class as written in a file (`ClassParameters`, every field optional), the
//! overrides of one environment (`EnvironmentParameters`), and the values in
//! force for one environment (`ResolvedParameters`, what policies read as
//! `data.archcheck.params[env]`). To add a parameter, add one line here and
//! its default to `architectures/builtin.yaml`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The two classes of environment.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Class {
    #[serde(rename = "prod")]
    Prod,
    #[serde(rename = "non-prod")]
    NonProd,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Prod => "prod",
            Class::NonProd => "non-prod",
        }
    }
}

/// A value for every class, or one per class (`{prod: 35, non-prod: 7}`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PerClass<T> {
    All(T),
    ByClass(ByClass<T>),
}

/// Read by hand rather than `#[serde(untagged)]` so that a mistake says
/// what was expected (untagged enums only say "did not match any variant").
/// Architecture files are YAML, so the value is buffered as YAML.
impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for PerClass<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        use serde_yaml_ng::Value;
        let value = Value::deserialize(d)?;
        let class_keys = |m: &serde_yaml_ng::Mapping| {
            !m.is_empty()
                && m.keys()
                    .all(|k| matches!(k.as_str(), Some("prod") | Some("non-prod")))
        };
        if let Value::Mapping(m) = &value {
            if class_keys(m) {
                let get = |k: &str| -> Result<Option<T>, D::Error> {
                    m.get(k)
                        .map(|v| {
                            serde_yaml_ng::from_value(v.clone())
                                .map_err(|e| D::Error::custom(format!("`{k}`: {e}")))
                        })
                        .transpose()
                };
                return Ok(PerClass::ByClass(ByClass {
                    prod: get("prod")?,
                    non_prod: get("non-prod")?,
                }));
            }
        }
        serde_yaml_ng::from_value(value.clone()).map(PerClass::All).map_err(|e| match &value {
            Value::Mapping(m) => {
                let keys: Vec<String> = m.keys().filter_map(|k| k.as_str().map(String::from)).collect();
                D::Error::custom(format!(
                    "expected one value for every class, or a mapping with the keys `prod` and/or `non-prod`; found keys {}",
                    keys.join(", ")
                ))
            }
            _ => D::Error::custom(e),
        })
    }
}

/// Values per class; a class left out keeps the value it had before
/// (from the file this one `extends`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct ByClass<T> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prod: Option<T>,
    #[serde(rename = "non-prod", default, skip_serializing_if = "Option::is_none")]
    pub non_prod: Option<T>,
}

impl<T: Clone> PerClass<T> {
    /// The value for one class, if this setting gives one.
    pub fn for_class(&self, class: Class) -> Option<T> {
        match self {
            PerClass::All(v) => Some(v.clone()),
            PerClass::ByClass(b) => match class {
                Class::Prod => b.prod.clone(),
                Class::NonProd => b.non_prod.clone(),
            },
        }
    }

    /// `self` written over `base`: a class `self` leaves out keeps `base`'s value.
    pub fn over(self, base: Option<PerClass<T>>) -> PerClass<T> {
        match (self, base) {
            (PerClass::All(v), _) => PerClass::All(v),
            (PerClass::ByClass(b), None) => PerClass::ByClass(b),
            (PerClass::ByClass(b), Some(base)) => PerClass::ByClass(ByClass {
                prod: b.prod.or_else(|| base.for_class(Class::Prod)),
                non_prod: b.non_prod.or_else(|| base.for_class(Class::NonProd)),
            }),
        }
    }
}

/// A required VPC endpoint (NET-009).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    /// Short service name: `s3`, `ecr.api`, `ecr.dkr`, `logs`, `sts`, …
    pub service: String,
    /// `Gateway` or `Interface`; absent accepts either.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub endpoint_type: Option<String>,
}

macro_rules! parameters {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty, )*) => {
        /// Parameter values per class, as written in an architecture file.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct ClassParameters {
            $( $(#[$doc])* #[serde(default, skip_serializing_if = "Option::is_none")]
               pub $name: Option<PerClass<$ty>>, )*
        }

        /// Parameter overrides of one environment.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct EnvironmentParameters {
            $( $(#[$doc])* #[serde(default, skip_serializing_if = "Option::is_none")]
               pub $name: Option<$ty>, )*
        }

        /// The parameter values in force for one environment.
        #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
        pub struct ResolvedParameters {
            $( $(#[$doc])* pub $name: $ty, )*
        }

        impl ClassParameters {
            /// `self` written over `base`, parameter by parameter.
            pub fn over(self, base: ClassParameters) -> ClassParameters {
                ClassParameters {
                    $( $name: match self.$name {
                        Some(v) => Some(v.over(base.$name)),
                        None => base.$name,
                    }, )*
                }
            }

            /// The values in force for an environment of `class` with `overrides`.
            /// Errors name the first parameter that has no value for the class.
            pub fn resolve(
                &self,
                class: Class,
                overrides: &EnvironmentParameters,
            ) -> Result<ResolvedParameters, String> {
                Ok(ResolvedParameters {
                    $( $name: match &overrides.$name {
                        Some(v) => v.clone(),
                        None => self.$name.as_ref().and_then(|p| p.for_class(class)).ok_or_else(|| {
                            format!("parameter `{}` has no value for class `{}`", stringify!($name), class.as_str())
                        })?,
                    }, )*
                })
            }
        }

        /// Names of every parameter, for validating policy metadata.
        pub const PARAMETER_NAMES: &[&str] = &[$( stringify!($name), )*];
    };
}

parameters! {
    /// NET-001: AZs (by AZ ID) that must hold a subnet of each tier.
    az_count: u32,
    /// NET-001, DB-005: VPCs have a data tier of their own; `false` (002):
    /// databases share the private app subnets, and no data tier is required.
    data_tier: bool,
    /// NET-004: every app subnet routes through a NAT gateway in its own AZ.
    nat_per_az: bool,
    /// NET-007: the CIDRs planned for the environment's VPCs (empty: overlap check only).
    vpc_cidrs: Vec<String>,
    /// NET-008: minimum flow-log retention in CloudWatch Logs, in days.
    flow_log_retention_days: u32,
    /// NET-009: VPC endpoints every VPC must have.
    vpc_endpoints: Vec<EndpointSpec>,
    /// LB-003: internet-facing ALBs must have a WAF web ACL.
    waf_required: bool,
    /// SG-001: ports an `alb` group may open to the internet.
    alb_ports: Vec<u16>,
    /// SG-002: the port the application listens on behind the ALB.
    app_port: u16,
    /// SG-002: `ip` or `instance` (instance also opens the NodePort range to the ALB).
    alb_target_type: String,
    /// SG-003: the database port when the attached database does not say.
    db_port: u16,
    /// DB-001: databases must be Multi-AZ.
    multi_az: bool,
    /// DB-002: minimum automated backup retention, in days.
    backup_retention_days: u32,
    /// DB-006: deletion protection must be on.
    deletion_protection: bool,
    /// DB-007: allowed database engines.
    db_engines: Vec<String>,
    /// DB-007: minimum major engine version.
    db_min_major_version: u32,
    /// DB-008: a cross-region copy must exist.
    cross_region_dr: bool,
    /// DB-008: maximum age of the newest cross-region snapshot, in hours.
    dr_snapshot_max_age_hours: u32,
    /// DB-009: Performance Insights must be on.
    performance_insights: bool,
    /// EKS-001: CIDRs allowed on the public endpoint; `[any]` allows any but 0.0.0.0/0.
    eks_public_access_cidrs: Vec<String>,
    /// EKS-003: control-plane log types that must be on.
    eks_log_types: Vec<String>,
    /// EKS-004: minimum Kubernetes version (`1.33`).
    eks_min_version: String,
    /// IAM-002: minimum password length.
    password_min_length: u32,
    /// IAM-004: maximum age of an active access key, in days.
    access_key_max_age_days: u32,
    /// IAM-004: IAM user access keys are forbidden altogether.
    forbid_user_access_keys: bool,
    /// IAM-005: roles allowed `*` on `*`.
    break_glass_roles: Vec<String>,
    /// ACC-004: tags every resource must carry.
    required_tags: Vec<String>,
    /// K8S: namespaces that are not application namespaces (besides kube-*).
    system_namespaces: Vec<String>,
    /// K8S-007: minimum Pod Security Admission level (`baseline`, `restricted`).
    pod_security: String,
    /// K8S-008: minimum HPA minReplicas for API-tier Deployments.
    hpa_min_replicas: u32,
    /// K8S-009: allowed image registries (`*` matches one DNS label).
    image_registries: Vec<String>,
    /// K8S-012: subjects allowed `cluster-admin` besides system groups.
    cluster_admins: Vec<String>,
}
