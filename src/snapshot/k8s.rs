//! The Kubernetes section of the snapshot.
//!
//! Objects are reduced to what the controls read. Secret data and the values
//! of environment variables are never stored: only names, and whether a value
//! is set inline or comes from a Secret.

use crate::k8s_resource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every Kubernetes collection; in the Rego input each is an object keyed by `id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct K8sState {
    pub clusters: Vec<Cluster>,
    pub namespaces: Vec<Namespace>,
    pub workloads: Vec<Workload>,
    pub services: Vec<Service>,
    pub ingresses: Vec<Ingress>,
    pub network_policies: Vec<NetworkPolicy>,
    pub resource_quotas: Vec<ResourceQuota>,
    pub limit_ranges: Vec<LimitRange>,
    pub hpas: Vec<HorizontalPodAutoscaler>,
    pub pdbs: Vec<PodDisruptionBudget>,
    pub service_accounts: Vec<ServiceAccount>,
    pub cluster_role_bindings: Vec<RoleBinding>,
    pub role_bindings: Vec<RoleBinding>,
    /// Set by the normaliser: every distinct container image of the
    /// workloads, parsed (K8S-009 reads it rather than parsing each image
    /// reference in Rego). Keyed by the image as written.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub image_refs: BTreeMap<String, ImageRef>,
}

/// A container image reference split into its parts, as K8S-009's Rego
/// `parse` splits it (docs/classification.md, "Image references").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageRef {
    /// Lower-cased registry host (and port); `docker.io` when the reference
    /// names none (`nginx`, `bitnami/redis`) or names a Docker Hub alias.
    pub registry: String,
    /// Repository path after the registry, without tag or digest.
    pub path: String,
    /// Tag after the last path component's `:`; empty when there is none.
    pub tag: String,
    /// Digest after `@` (`sha256:…`); empty when there is none.
    pub digest: String,
    /// The tag pulls a moving "latest": empty, `latest`, or ending in
    /// `-latest`, `_latest` or `.latest` (any letter case).
    pub latest_tag: bool,
    /// The tag pins a version: a semver version (optional leading `v`) or a
    /// 7-40 character hexadecimal commit SHA.
    pub pinned_tag: bool,
}

k8s_resource! {
    /// A cluster that was scanned (`id` and `name` are the context name).
    pub struct Cluster : "k8s_cluster" {
        /// API server URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub server: Option<String>,
        /// `id` of the matching EKS cluster when the AWS side was scanned too.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub eks_cluster_id: Option<String>,
        /// EKS cluster name the kubeconfig's credentials ask a token for
        /// (`aws eks get-token --cluster-name`), to find `eks_cluster_id`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub eks_cluster_name: Option<String>,
        /// Server version (`v1.34.1`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
    }
}

k8s_resource! {
    /// A namespace.
    pub struct Namespace : "k8s_namespace" {}
}

/// CPU and memory quantities as written (`500m`, `256Mi`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceList {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
}

/// Requests and limits of a container.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    #[serde(default)]
    pub requests: ResourceList,
    #[serde(default)]
    pub limits: ResourceList,
}

/// The security-relevant parts of a (pod or container) securityContext.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_as_non_root: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_as_user: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_privilege_escalation: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities_add: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities_drop: Vec<String>,
}

/// An environment variable: its name and where its value comes from, never the value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvVar {
    pub name: String,
    /// A literal `value` is set in the spec (its content is not stored).
    #[serde(default)]
    pub inline_value: bool,
    /// `valueFrom.secretKeyRef`: the Secret's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
    /// `valueFrom.secretKeyRef`: the key in the Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
}

/// A container of a pod spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Container {
    pub name: String,
    #[serde(default)]
    pub image: String,
    #[serde(default)]
    pub resources: Resources,
    #[serde(default)]
    pub liveness_probe: bool,
    #[serde(default)]
    pub readiness_probe: bool,
    #[serde(default)]
    pub startup_probe: bool,
    #[serde(default)]
    pub security_context: SecurityContext,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// Secrets whose every key is loaded as environment (`envFrom.secretRef`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env_from_secrets: Vec<String>,
    /// For init containers: `Always` makes it a restartable sidecar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
}

/// The parts of a pod template the controls read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PodSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    #[serde(default)]
    pub security_context: SecurityContext,
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    /// Labels of the pod template.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

k8s_resource! {
    /// A workload: Deployment, StatefulSet, DaemonSet, Job, CronJob, or a
    /// ReplicaSet / Pod without an owner.
    pub struct Workload : "k8s_workload" {
        /// `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `CronJob`, `ReplicaSet`, `Pod`.
        pub kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub replicas: Option<i32>,
        /// Label selector (`matchLabels`).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        pub selector: BTreeMap<String, String>,
        #[serde(default)]
        pub pod: PodSpec,
    }
}

/// A port of a Service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServicePort {
    pub port: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

k8s_resource! {
    /// A Service.
    pub struct Service : "k8s_service" {
        /// `ClusterIP`, `NodePort`, `LoadBalancer`, `ExternalName`.
        #[serde(default)]
        pub service_type: String,
        #[serde(default)]
        pub ports: Vec<ServicePort>,
    }
}

k8s_resource! {
    /// An Ingress.
    pub struct Ingress : "k8s_ingress" {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub ingress_class: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub hosts: Vec<String>,
    }
}

k8s_resource! {
    /// A NetworkPolicy (or a cluster-wide Calico/Cilium policy, with `kind` set).
    pub struct NetworkPolicy : "k8s_network_policy" {
        /// `NetworkPolicy`, `GlobalNetworkPolicy`, `CiliumClusterwideNetworkPolicy`.
        #[serde(default = "network_policy_kind")]
        pub kind: String,
        /// `spec.podSelector` as written (empty object selects every pod).
        #[serde(default)]
        pub pod_selector: serde_json::Value,
        /// `spec.policyTypes`; absent means Ingress only.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub policy_types: Option<Vec<String>>,
        /// `spec.ingress`; absent is different from `[]` and from `[{}]`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub ingress: Option<Vec<serde_json::Value>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub egress: Option<Vec<serde_json::Value>>,
    }
}

fn network_policy_kind() -> String {
    "NetworkPolicy".to_string()
}

k8s_resource! {
    /// A ResourceQuota.
    pub struct ResourceQuota : "k8s_resource_quota" {
        #[serde(default)]
        pub hard: BTreeMap<String, String>,
    }
}

k8s_resource! {
    /// A LimitRange.
    pub struct LimitRange : "k8s_limit_range" {
        #[serde(default)]
        pub limits: Vec<serde_json::Value>,
    }
}

k8s_resource! {
    /// A HorizontalPodAutoscaler (autoscaling/v2).
    pub struct HorizontalPodAutoscaler : "k8s_hpa" {
        #[serde(default)]
        pub target_kind: String,
        #[serde(default)]
        pub target_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub min_replicas: Option<i32>,
        #[serde(default)]
        pub max_replicas: i32,
    }
}

k8s_resource! {
    /// A PodDisruptionBudget.
    pub struct PodDisruptionBudget : "k8s_pdb" {
        #[serde(default)]
        pub selector: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub min_available: Option<serde_json::Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub max_unavailable: Option<serde_json::Value>,
    }
}

k8s_resource! {
    /// A ServiceAccount.
    pub struct ServiceAccount : "k8s_service_account" {}
}

/// A subject of a (Cluster)RoleBinding.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// `User`, `Group` or `ServiceAccount`.
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

k8s_resource! {
    /// A ClusterRoleBinding or RoleBinding.
    pub struct RoleBinding : "k8s_role_binding" {
        /// `ClusterRole` or `Role`.
        #[serde(default)]
        pub role_kind: String,
        #[serde(default)]
        pub role_name: String,
        #[serde(default)]
        pub subjects: Vec<Subject>,
    }
}
