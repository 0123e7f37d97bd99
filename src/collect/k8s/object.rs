//! One conversion from a raw Kubernetes API object (the JSON the API server
//! returns, a manifest document, a Terraform `kubernetes_manifest`) to the
//! snapshot's Kubernetes entities. The live collector, the manifest reader
//! and the Terraform plan reader all call [`add_object`], so an object
//! judged live, from a file or from a plan maps alike.
//!
//! Never copied: Secret objects (skipped whole), environment variable
//! values (only names, whether a literal value is set, and the Secret a
//! value comes from) and annotation values whose key looks like a
//! credential or that hold the last applied configuration.

use crate::snapshot::k8s::{
    Container, EnvVar, HorizontalPodAutoscaler, Ingress, LimitRange, Namespace, NetworkPolicy,
    PodDisruptionBudget, PodSpec, ResourceList, ResourceQuota, Resources, RoleBinding,
    SecurityContext, Service, ServiceAccount, ServicePort, Subject, Workload,
};
use crate::snapshot::{Snapshot, SourceRef, Tags};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The annotation whose value is copied into [`SourceRef::ignore`] (an
/// inline waiver: `RULE[,RULE] reason…`).
pub const IGNORE_ANNOTATION: &str = "archcheck.io/ignore";

/// Where an object comes from and how to name it.
#[derive(Debug, Clone)]
pub struct ObjectContext<'a> {
    /// Cluster (context name, `manifests`, the provider's context).
    pub cluster: &'a str,
    /// Namespace for a namespaced object without `metadata.namespace`;
    /// `None` leaves its namespace unknown.
    pub default_namespace: Option<&'a str>,
    /// Name for an object without `metadata.name` (a Terraform address).
    pub fallback_name: Option<&'a str>,
    /// Where the object was read; its `ignore` is filled from the annotation.
    pub source: SourceRef,
}

/// What [`add_object`] did with an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Added to the snapshot.
    Added,
    /// A kind the snapshot holds, left out on purpose: a ReplicaSet, Pod or
    /// Job created by a controller (its owner is judged), or a Secret.
    Skipped,
    /// A kind the snapshot does not hold (ConfigMap, a custom resource, …).
    Unmapped(String),
}

/// The kinds [`add_object`] maps, for the collector's list and for notes.
pub const MAPPED_KINDS: &[&str] = &[
    "Namespace",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Pod",
    "Job",
    "CronJob",
    "Service",
    "Ingress",
    "NetworkPolicy",
    "GlobalNetworkPolicy",
    "CiliumClusterwideNetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "ServiceAccount",
    "ClusterRoleBinding",
    "RoleBinding",
];

/// The identity of an object.
struct Meta {
    id: String,
    cluster: String,
    namespace: Option<String>,
    name: String,
    labels: Tags,
    annotations: Tags,
    source: SourceRef,
}

macro_rules! k8s_entity {
    ($ty:ident, $meta:expr, { $($f:ident : $v:expr),* $(,)? }) => {{
        let c: Meta = $meta;
        #[allow(clippy::needless_update)]
        let r = $ty {
            id: c.id,
            cluster: c.cluster,
            namespace: c.namespace,
            name: c.name,
            labels: c.labels,
            annotations: c.annotations,
            source: Some(c.source),
            $($f: $v,)*
            ..Default::default()
        };
        r
    }};
}

/// An annotation key whose value is never kept.
pub fn secret_like(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("last-applied-configuration")
        || [
            "password",
            "secret",
            "token",
            "credential",
            "apikey",
            "api-key",
            "private-key",
        ]
        .iter()
        .any(|w| k.contains(w))
}

/// Annotations without the values that may hold credentials.
pub fn clean_annotations(mut a: Tags) -> Tags {
    a.retain(|k, _| !secret_like(k));
    a
}

/// A non-empty string, or a number written as a string.
pub fn json_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A string map (labels, `matchLabels`, `hard`).
pub fn json_map(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), json_str(v)?)))
                .collect()
        })
        .unwrap_or_default()
}

fn json_list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn json_i32(v: &Value) -> Option<i32> {
    v.as_i64().map(|n| n as i32)
}

fn json_security_context(v: &Value) -> SecurityContext {
    let strings = |v: &Value| json_list(v).iter().filter_map(json_str).collect();
    SecurityContext {
        run_as_non_root: v["runAsNonRoot"].as_bool(),
        run_as_user: v["runAsUser"].as_i64(),
        privileged: v["privileged"].as_bool(),
        allow_privilege_escalation: v["allowPrivilegeEscalation"].as_bool(),
        capabilities_add: strings(&v["capabilities"]["add"]),
        capabilities_drop: strings(&v["capabilities"]["drop"]),
    }
}

/// An environment variable: its name and where its value comes from, never the value.
fn json_env(e: &Value) -> EnvVar {
    EnvVar {
        name: json_str(&e["name"]).unwrap_or_default(),
        inline_value: e.get("value").is_some_and(|v| !v.is_null()),
        secret_name: json_str(&e["valueFrom"]["secretKeyRef"]["name"]),
        secret_key: json_str(&e["valueFrom"]["secretKeyRef"]["key"]),
    }
}

fn json_container(c: &Value) -> Container {
    let list = |v: &Value| ResourceList {
        cpu: json_str(&v["cpu"]),
        memory: json_str(&v["memory"]),
    };
    Container {
        name: json_str(&c["name"]).unwrap_or_default(),
        image: json_str(&c["image"]).unwrap_or_default(),
        resources: Resources {
            requests: list(&c["resources"]["requests"]),
            limits: list(&c["resources"]["limits"]),
        },
        liveness_probe: c["livenessProbe"].is_object(),
        readiness_probe: c["readinessProbe"].is_object(),
        startup_probe: c["startupProbe"].is_object(),
        security_context: json_security_context(&c["securityContext"]),
        env: json_list(&c["env"]).iter().map(json_env).collect(),
        env_from_secrets: json_list(&c["envFrom"])
            .iter()
            .filter_map(|e| json_str(&e["secretRef"]["name"]))
            .collect(),
        restart_policy: json_str(&c["restartPolicy"]),
    }
}

/// A pod template (`spec.template`) or, for a Pod, the object itself.
fn json_pod_spec(template: &Value) -> PodSpec {
    let spec = &template["spec"];
    let containers = |key: &str| json_list(&spec[key]).iter().map(json_container).collect();
    PodSpec {
        service_account_name: json_str(&spec["serviceAccountName"])
            .or_else(|| json_str(&spec["serviceAccount"])),
        security_context: json_security_context(&spec["securityContext"]),
        containers: containers("containers"),
        init_containers: containers("initContainers"),
        labels: json_map(&template["metadata"]["labels"]),
    }
}

fn meta(obj: &Value, kind: &str, namespaced: bool, ctx: &ObjectContext<'_>) -> Meta {
    let md = &obj["metadata"];
    let name = json_str(&md["name"])
        .or_else(|| json_str(&md["generateName"]))
        .or_else(|| ctx.fallback_name.map(String::from))
        .unwrap_or_default();
    let namespace = if namespaced {
        json_str(&md["namespace"]).or_else(|| ctx.default_namespace.map(String::from))
    } else {
        None
    };
    let cluster = ctx.cluster;
    let annotations = json_map(&md["annotations"]);
    let mut source = ctx.source.clone();
    if let Some(waiver) = annotations.get(IGNORE_ANNOTATION) {
        source.ignore.push(waiver.clone());
    }
    Meta {
        id: match &namespace {
            Some(ns) => format!("{cluster}/{ns}/{kind}/{name}"),
            None if namespaced => format!("{cluster}/namespace-unknown/{kind}/{name}"),
            None => format!("{cluster}/{kind}/{name}"),
        },
        cluster: cluster.to_string(),
        namespace,
        name,
        labels: json_map(&md["labels"]),
        annotations: clean_annotations(annotations),
        source,
    }
}

/// The object was created by a controller (`metadata.ownerReferences`).
fn owned(obj: &Value) -> bool {
    obj["metadata"]["ownerReferences"]
        .as_array()
        .is_some_and(|a| !a.is_empty())
}

fn workload(obj: &Value, kind: &str, ctx: &ObjectContext<'_>) -> Workload {
    let spec = &obj["spec"];
    let (replicas, template) = match kind {
        "Pod" => (None, obj),
        "CronJob" => (None, &spec["jobTemplate"]["spec"]["template"]),
        "Job" => (None, &spec["template"]),
        _ => (json_i32(&spec["replicas"]), &spec["template"]),
    };
    let selector = match kind {
        "Pod" => BTreeMap::new(),
        "CronJob" => json_map(&spec["jobTemplate"]["spec"]["selector"]["matchLabels"]),
        _ => json_map(&spec["selector"]["matchLabels"]),
    };
    k8s_entity!(Workload, meta(obj, kind, true, ctx), {
        kind: kind.to_string(),
        replicas: replicas,
        selector: selector,
        pod: json_pod_spec(template),
    })
}

/// The items of a list (`kind: List`, or `DeploymentList` as the API server
/// answers a list call), each with its `kind` and `apiVersion`: the API
/// server leaves them out of the items of a typed list.
pub fn list_items(list: &Value) -> Vec<Value> {
    let kind = list["kind"].as_str().unwrap_or_default();
    let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
    let mut items = json_list(&list["items"]);
    for item in &mut items {
        let Some(o) = item.as_object_mut() else {
            continue;
        };
        if let Some(k) = item_kind {
            o.entry("kind").or_insert_with(|| json!(k));
            if let Some(v) = list.get("apiVersion") {
                o.entry("apiVersion").or_insert_with(|| v.clone());
            }
        }
    }
    items
}

/// Adds `obj` to the snapshot's Kubernetes section by its `kind`.
pub fn add_object(obj: &Value, ctx: &ObjectContext<'_>, s: &mut Snapshot) -> Outcome {
    let kind = obj["kind"].as_str().unwrap_or_default();
    let spec = &obj["spec"];
    let k = &mut s.k8s;
    let meta = |namespaced| meta(obj, kind, namespaced, ctx);
    match kind {
        "Secret" => return Outcome::Skipped,
        "ReplicaSet" | "Pod" | "Job" if owned(obj) => return Outcome::Skipped,
        "Namespace" => k.namespaces.push(k8s_entity!(Namespace, meta(false), {})),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Pod" | "Job" | "CronJob" => {
            k.workloads.push(workload(obj, kind, ctx))
        }
        "NetworkPolicy" | "GlobalNetworkPolicy" | "CiliumClusterwideNetworkPolicy" => {
            k.network_policies.push(k8s_entity!(NetworkPolicy, meta(kind == "NetworkPolicy"), {
                kind: kind.to_string(),
                pod_selector: spec.get("podSelector").cloned().unwrap_or_else(|| json!({})),
                policy_types: spec["policyTypes"].as_array().map(|a| a.iter().filter_map(json_str).collect()),
                ingress: spec["ingress"].as_array().cloned(),
                egress: spec["egress"].as_array().cloned(),
            }))
        }
        "Service" => k.services.push(k8s_entity!(Service, meta(true), {
            service_type: json_str(&spec["type"]).unwrap_or_else(|| "ClusterIP".into()),
            ports: json_list(&spec["ports"]).iter().map(|p| ServicePort {
                port: json_i32(&p["port"]).unwrap_or_default(),
                node_port: json_i32(&p["nodePort"]),
                protocol: json_str(&p["protocol"]),
            }).collect(),
        })),
        "Ingress" => k.ingresses.push(k8s_entity!(Ingress, meta(true), {
            ingress_class: json_str(&spec["ingressClassName"])
                .or_else(|| json_str(&obj["metadata"]["annotations"]["kubernetes.io/ingress.class"])),
            hosts: json_list(&spec["rules"]).iter().filter_map(|r| json_str(&r["host"])).collect(),
        })),
        "ResourceQuota" => k.resource_quotas.push(k8s_entity!(ResourceQuota, meta(true), {
            hard: json_map(&spec["hard"]),
        })),
        "LimitRange" => k.limit_ranges.push(k8s_entity!(LimitRange, meta(true), {
            limits: json_list(&spec["limits"]),
        })),
        "HorizontalPodAutoscaler" => k.hpas.push(k8s_entity!(HorizontalPodAutoscaler, meta(true), {
            target_kind: json_str(&spec["scaleTargetRef"]["kind"]).unwrap_or_default(),
            target_name: json_str(&spec["scaleTargetRef"]["name"]).unwrap_or_default(),
            min_replicas: json_i32(&spec["minReplicas"]),
            max_replicas: json_i32(&spec["maxReplicas"]).unwrap_or_default(),
        })),
        "PodDisruptionBudget" => k.pdbs.push(k8s_entity!(PodDisruptionBudget, meta(true), {
            selector: json_map(&spec["selector"]["matchLabels"]),
            min_available: spec.get("minAvailable").cloned(),
            max_unavailable: spec.get("maxUnavailable").cloned(),
        })),
        "ServiceAccount" => k.service_accounts.push(k8s_entity!(ServiceAccount, meta(true), {})),
        "ClusterRoleBinding" | "RoleBinding" => {
            let namespaced = kind == "RoleBinding";
            let rb = k8s_entity!(RoleBinding, meta(namespaced), {
                role_kind: json_str(&obj["roleRef"]["kind"]).unwrap_or_default(),
                role_name: json_str(&obj["roleRef"]["name"]).unwrap_or_default(),
                subjects: json_list(&obj["subjects"]).iter().map(|x| Subject {
                    kind: json_str(&x["kind"]).unwrap_or_default(),
                    name: json_str(&x["name"]).unwrap_or_default(),
                    namespace: json_str(&x["namespace"]),
                }).collect(),
            });
            if namespaced {
                k.role_bindings.push(rb)
            } else {
                k.cluster_role_bindings.push(rb)
            }
        }
        "" => return Outcome::Unmapped("unknown".into()),
        other => return Outcome::Unmapped(other.to_string()),
    }
    Outcome::Added
}
