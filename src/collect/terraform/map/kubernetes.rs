//! Resources of the Terraform `kubernetes` provider (`kubernetes_namespace`,
//! `kubernetes_deployment`, `kubernetes_network_policy`, their `_v1`
//! forms, and the rest listed in `KNOWN_TYPES`) and `kubernetes_manifest`
//! objects, into the Kubernetes section.
//!
//! The cluster is the provider's constant `config_context`, else
//! `terraform`. Objects without a namespace are in `default`, as the
//! provider creates them. Annotation values that look like credentials are
//! not kept, nor are environment variable values.

use super::super::model::Model;
use super::super::values::Vals;
use crate::collect::k8s::object::{add_object, clean_annotations, ObjectContext, Outcome};
use crate::snapshot::k8s::{
    Container, EnvVar, HorizontalPodAutoscaler, Ingress, LimitRange, Namespace, NetworkPolicy,
    PodDisruptionBudget, PodSpec, ResourceList, ResourceQuota, Resources, RoleBinding,
    SecurityContext, Service, ServiceAccount, ServicePort, Subject, Workload,
};
use crate::snapshot::{Snapshot, SourceRef, Tags};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

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

fn cluster_of(m: &Model<'_>) -> String {
    m.plan
        .configuration
        .as_ref()
        .and_then(|c| c.provider_config.get("kubernetes"))
        .and_then(|p| p.expressions.get("config_context"))
        .and_then(|e| e.get("constant_value"))
        .and_then(Value::as_str)
        .map(String::from)
        .unwrap_or_else(|| "terraform".into())
}

fn meta_of(
    m: &Model<'_>,
    i: usize,
    cluster: &str,
    kind: &str,
    namespaced: bool,
    md: &Vals<'_>,
) -> Meta {
    let name = md
        .str("name")
        .or_else(|| md.str("generate_name"))
        .unwrap_or_else(|| m.instances[i].address.clone());
    let namespace = namespaced.then(|| md.str("namespace").unwrap_or_else(|| "default".into()));
    Meta {
        id: match &namespace {
            Some(ns) => format!("{cluster}/{ns}/{kind}/{name}"),
            None => format!("{cluster}/{kind}/{name}"),
        },
        cluster: cluster.to_string(),
        namespace,
        name,
        labels: md.string_map("labels"),
        annotations: clean_annotations(md.string_map("annotations")),
        source: m.source(i),
    }
}

// ---------------------------------------------------------------- provider blocks

/// A label selector block (`match_labels`, `match_expressions`) as Kubernetes writes it.
fn selector(b: Option<Vals<'_>>) -> Value {
    let Some(b) = b else { return json!({}) };
    let mut o = Map::new();
    let labels = b.string_map("match_labels");
    if !labels.is_empty() {
        o.insert("matchLabels".into(), json!(labels));
    }
    let exprs: Vec<Value> = b
        .blocks("match_expressions")
        .iter()
        .map(|e| json!({"key": e.str("key"), "operator": e.str("operator"), "values": e.strings("values")}))
        .collect();
    if !exprs.is_empty() {
        o.insert("matchExpressions".into(), Value::Array(exprs));
    }
    Value::Object(o)
}

fn peers(rule: &Vals<'_>, key: &str) -> Vec<Value> {
    rule.blocks(key)
        .iter()
        .map(|p| {
            let mut o = Map::new();
            if let Some(s) = p.block("pod_selector") {
                o.insert("podSelector".into(), selector(Some(s)));
            }
            if let Some(s) = p.block("namespace_selector") {
                o.insert("namespaceSelector".into(), selector(Some(s)));
            }
            if let Some(ip) = p.block("ip_block") {
                o.insert(
                    "ipBlock".into(),
                    json!({"cidr": ip.str("cidr"), "except": ip.strings("except")}),
                );
            }
            Value::Object(o)
        })
        .collect()
}

/// `ingress`/`egress` rules; an empty list reads as absent (the provider
/// cannot tell them apart, and both deny).
fn policy_rules(spec: &Vals<'_>, key: &str, peer_key: &str, peer_name: &str) -> Option<Vec<Value>> {
    let rules: Vec<Value> = spec
        .blocks(key)
        .iter()
        .map(|r| {
            let mut o = Map::new();
            let p = peers(r, peer_key);
            if !p.is_empty() {
                o.insert(peer_name.into(), Value::Array(p));
            }
            let ports: Vec<Value> = r
                .blocks("ports")
                .iter()
                .map(|p| json!({"port": p.get("port").cloned().unwrap_or(Value::Null), "protocol": p.str("protocol")}))
                .collect();
            if !ports.is_empty() {
                o.insert("ports".into(), Value::Array(ports));
            }
            Value::Object(o)
        })
        .collect();
    (!rules.is_empty()).then_some(rules)
}

/// `requests`/`limits` as a map (provider 2) or a block (provider 1).
fn resource_list(r: &Vals<'_>, key: &str) -> ResourceList {
    let map: BTreeMap<String, String> = match r.get(key) {
        Some(Value::Array(_)) => r.block(key).map(|b| {
            let mut m = BTreeMap::new();
            for k in ["cpu", "memory"] {
                if let Some(v) = b.str(k) {
                    m.insert(k.to_string(), v);
                }
            }
            m
        }),
        _ => Some(r.string_map(key)),
    }
    .unwrap_or_default();
    ResourceList {
        cpu: map.get("cpu").cloned(),
        memory: map.get("memory").cloned(),
    }
}

fn security_context(b: Option<Vals<'_>>) -> SecurityContext {
    let Some(b) = b else {
        return SecurityContext::default();
    };
    let caps = b.block("capabilities");
    SecurityContext {
        run_as_non_root: b.bool("run_as_non_root"),
        run_as_user: b.int("run_as_user"),
        privileged: b.bool("privileged"),
        allow_privilege_escalation: b.bool("allow_privilege_escalation"),
        capabilities_add: caps.map(|c| c.strings("add")).unwrap_or_default(),
        capabilities_drop: caps.map(|c| c.strings("drop")).unwrap_or_default(),
    }
}

fn container(c: &Vals<'_>) -> Container {
    let res = c.block("resources");
    Container {
        name: c.str("name").unwrap_or_default(),
        image: c.str("image").unwrap_or_default(),
        resources: Resources {
            requests: res
                .map(|r| resource_list(&r, "requests"))
                .unwrap_or_default(),
            limits: res.map(|r| resource_list(&r, "limits")).unwrap_or_default(),
        },
        liveness_probe: !c.blocks("liveness_probe").is_empty(),
        readiness_probe: !c.blocks("readiness_probe").is_empty(),
        startup_probe: !c.blocks("startup_probe").is_empty(),
        security_context: security_context(c.block("security_context")),
        env: c
            .blocks("env")
            .iter()
            .map(|e| {
                let secret = e
                    .block("value_from")
                    .and_then(|f| f.block("secret_key_ref"));
                EnvVar {
                    name: e.str("name").unwrap_or_default(),
                    inline_value: e.str("value").is_some(),
                    secret_name: secret.and_then(|s| s.str("name")),
                    secret_key: secret.and_then(|s| s.str("key")),
                }
            })
            .collect(),
        env_from_secrets: c
            .blocks("env_from")
            .iter()
            .filter_map(|e| e.block("secret_ref").and_then(|s| s.str("name")))
            .collect(),
        restart_policy: c.str("restart_policy"),
    }
}

fn pod_spec(template: Option<Vals<'_>>) -> PodSpec {
    let Some(t) = template else {
        return PodSpec::default();
    };
    let labels = t
        .block("metadata")
        .map(|md| md.string_map("labels"))
        .unwrap_or_default();
    let Some(spec) = t.block("spec") else {
        return PodSpec {
            labels,
            ..Default::default()
        };
    };
    PodSpec {
        service_account_name: spec.str("service_account_name"),
        security_context: security_context(spec.block("security_context")),
        containers: spec.blocks("container").iter().map(container).collect(),
        init_containers: spec
            .blocks("init_container")
            .iter()
            .map(container)
            .collect(),
        labels,
    }
}

// ---------------------------------------------------------------- mapping

const WORKLOADS: &[(&str, &str)] = &[
    ("kubernetes_deployment", "Deployment"),
    ("kubernetes_deployment_v1", "Deployment"),
    ("kubernetes_stateful_set", "StatefulSet"),
    ("kubernetes_stateful_set_v1", "StatefulSet"),
    ("kubernetes_daemonset", "DaemonSet"),
    ("kubernetes_daemon_set_v1", "DaemonSet"),
];

pub(super) fn map(m: &Model<'_>, s: &mut Snapshot) {
    let all: Vec<usize> = m.of_types(&["kubernetes_manifest"]);
    let k8s_types = super::KNOWN_TYPES
        .iter()
        .filter(|t| t.starts_with("kubernetes_"))
        .copied()
        .collect::<Vec<_>>();
    if m.of_types(&k8s_types).is_empty() && all.is_empty() {
        return;
    }
    let cluster = cluster_of(m);
    let c = cluster.as_str();
    let md = |i: usize| m.vals(i).block("metadata").unwrap_or_else(|| m.vals(i));
    let spec = |i: usize| m.vals(i).block("spec");

    for i in m.of_types(&["kubernetes_namespace", "kubernetes_namespace_v1"]) {
        s.k8s.namespaces.push(k8s_entity!(
            Namespace,
            meta_of(m, i, c, "Namespace", false, &md(i)),
            {}
        ));
    }
    for (ty, kind) in WORKLOADS {
        for i in m.of_types(&[ty]) {
            let sp = spec(i);
            s.k8s.workloads.push(k8s_entity!(Workload, meta_of(m, i, c, kind, true, &md(i)), {
                kind: kind.to_string(),
                replicas: sp.and_then(|x| x.int("replicas")).map(|r| r as i32),
                selector: sp.and_then(|x| x.block("selector")).map(|x| x.string_map("match_labels")).unwrap_or_default(),
                pod: pod_spec(sp.and_then(|x| x.block("template"))),
            }));
        }
    }
    for i in m.of_types(&["kubernetes_network_policy", "kubernetes_network_policy_v1"]) {
        let sp = spec(i);
        s.k8s.network_policies.push(
            k8s_entity!(NetworkPolicy, meta_of(m, i, c, "NetworkPolicy", true, &md(i)), {
                kind: "NetworkPolicy".into(),
                pod_selector: selector(sp.and_then(|x| x.block("pod_selector"))),
                policy_types: sp.map(|x| x.strings("policy_types")).filter(|t| !t.is_empty()),
                ingress: sp.and_then(|x| policy_rules(&x, "ingress", "from", "from")),
                egress: sp.and_then(|x| policy_rules(&x, "egress", "to", "to")),
            }),
        );
    }
    for i in m.of_types(&["kubernetes_service", "kubernetes_service_v1"]) {
        let sp = spec(i);
        s.k8s.services.push(
            k8s_entity!(Service, meta_of(m, i, c, "Service", true, &md(i)), {
                service_type: sp.and_then(|x| x.str("type")).unwrap_or_else(|| "ClusterIP".into()),
                ports: sp.map(|x| x.blocks("port").iter().map(|p| ServicePort {
                    port: p.int("port").unwrap_or_default() as i32,
                    node_port: p.int("node_port").filter(|n| *n > 0).map(|n| n as i32),
                    protocol: p.str("protocol"),
                }).collect()).unwrap_or_default(),
            }),
        );
    }
    for i in m.of_types(&["kubernetes_ingress_v1"]) {
        let sp = spec(i);
        s.k8s.ingresses.push(k8s_entity!(Ingress, meta_of(m, i, c, "Ingress", true, &md(i)), {
            ingress_class: sp.and_then(|x| x.str("ingress_class_name")),
            hosts: sp.map(|x| x.blocks("rule").iter().filter_map(|r| r.str("host")).collect()).unwrap_or_default(),
        }));
    }
    for i in m.of_types(&["kubernetes_resource_quota", "kubernetes_resource_quota_v1"]) {
        s.k8s.resource_quotas.push(
            k8s_entity!(ResourceQuota, meta_of(m, i, c, "ResourceQuota", true, &md(i)), {
                hard: spec(i).map(|x| x.string_map("hard")).unwrap_or_default(),
            }),
        );
    }
    for i in m.of_types(&["kubernetes_limit_range", "kubernetes_limit_range_v1"]) {
        let limits = spec(i)
            .and_then(|x| x.get("limit"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        s.k8s.limit_ranges.push(
            k8s_entity!(LimitRange, meta_of(m, i, c, "LimitRange", true, &md(i)), {
                limits: limits,
            }),
        );
    }
    for i in m.of_types(&[
        "kubernetes_service_account",
        "kubernetes_service_account_v1",
    ]) {
        s.k8s.service_accounts.push(k8s_entity!(
            ServiceAccount,
            meta_of(m, i, c, "ServiceAccount", true, &md(i)),
            {}
        ));
    }
    for (types, kind, namespaced) in [
        (
            &[
                "kubernetes_cluster_role_binding",
                "kubernetes_cluster_role_binding_v1",
            ],
            "ClusterRoleBinding",
            false,
        ),
        (
            &["kubernetes_role_binding", "kubernetes_role_binding_v1"],
            "RoleBinding",
            true,
        ),
    ] {
        for i in m.of_types(types) {
            let v = m.vals(i);
            let role = v.block("role_ref");
            let rb = k8s_entity!(RoleBinding, meta_of(m, i, c, kind, namespaced, &md(i)), {
                role_kind: role.and_then(|r| r.str("kind")).unwrap_or_default(),
                role_name: role.and_then(|r| r.str("name")).unwrap_or_default(),
                subjects: v.blocks("subject").iter().map(|x| Subject {
                    kind: x.str("kind").unwrap_or_default(),
                    name: x.str("name").unwrap_or_default(),
                    namespace: x.str("namespace"),
                }).collect(),
            });
            if namespaced {
                s.k8s.role_bindings.push(rb)
            } else {
                s.k8s.cluster_role_bindings.push(rb)
            }
        }
    }
    for i in m.of_types(&["kubernetes_horizontal_pod_autoscaler_v2"]) {
        let sp = spec(i);
        let target = sp.and_then(|x| x.block("scale_target_ref"));
        s.k8s.hpas.push(k8s_entity!(HorizontalPodAutoscaler, meta_of(m, i, c, "HorizontalPodAutoscaler", true, &md(i)), {
            target_kind: target.and_then(|t| t.str("kind")).unwrap_or_default(),
            target_name: target.and_then(|t| t.str("name")).unwrap_or_default(),
            min_replicas: sp.and_then(|x| x.int("min_replicas")).map(|n| n as i32),
            max_replicas: sp.and_then(|x| x.int("max_replicas")).unwrap_or_default() as i32,
        }));
    }
    for i in m.of_types(&["kubernetes_pod_disruption_budget_v1"]) {
        let sp = spec(i);
        s.k8s.pdbs.push(k8s_entity!(PodDisruptionBudget, meta_of(m, i, c, "PodDisruptionBudget", true, &md(i)), {
            selector: sp.and_then(|x| x.block("selector")).map(|x| x.string_map("match_labels")).unwrap_or_default(),
            min_available: sp.and_then(|x| x.get("min_available")).cloned(),
            max_unavailable: sp.and_then(|x| x.get("max_unavailable")).cloned(),
        }));
    }

    for i in all {
        manifest(m, i, c, s);
    }
}

/// A `kubernetes_manifest`: its `manifest` object, through the conversion
/// the live collector and the manifest reader share.
fn manifest(m: &Model<'_>, i: usize, c: &str, s: &mut Snapshot) {
    let ctx = ObjectContext {
        cluster: c,
        default_namespace: Some("default"),
        fallback_name: Some(&m.instances[i].address),
        source: m.source(i),
    };
    if let Outcome::Unmapped(kind) = add_object(m.raw(i, "manifest"), &ctx, s) {
        m.unmapped_manifest_kinds.borrow_mut().push(kind);
    }
}
