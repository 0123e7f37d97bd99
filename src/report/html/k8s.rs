//! The Kubernetes view: per cluster, one card per namespace with the
//! guardrails it has (default-deny, quota, limit range, Pod Security level)
//! and its workloads that have findings.

use super::escape::esc;
use super::marks::Marks;
use crate::snapshot::k8s::{K8sState, NetworkPolicy};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Whether `p` denies everything in `direction` for every pod of its namespace.
fn denies(p: &NetworkPolicy, direction: &str) -> bool {
    let selects_all = match &p.pod_selector {
        serde_json::Value::Null => true,
        serde_json::Value::Object(m) => m.values().all(|v| match v {
            serde_json::Value::Object(o) => o.is_empty(),
            serde_json::Value::Array(a) => a.is_empty(),
            _ => false,
        }),
        _ => false,
    };
    let types = p
        .policy_types
        .clone()
        .unwrap_or_else(|| vec!["Ingress".to_string()]);
    let rules = if direction == "Ingress" {
        &p.ingress
    } else {
        &p.egress
    };
    selects_all
        && types.iter().any(|t| t == direction)
        && rules.as_ref().is_none_or(|r| r.is_empty())
}

fn guard(ok: bool, text: &str) -> String {
    format!(
        r#"<li class="{}">{}</li>"#,
        if ok { "g-ok" } else { "g-missing" },
        esc(text)
    )
}

/// The Kubernetes section, or nothing when the snapshot has no Kubernetes objects.
pub fn section(k8s: &K8sState, marks: &Marks) -> String {
    let mut clusters: BTreeSet<&str> = k8s.clusters.iter().map(|c| c.name.as_str()).collect();
    clusters.extend(k8s.namespaces.iter().map(|n| n.cluster.as_str()));
    clusters.extend(k8s.workloads.iter().map(|w| w.cluster.as_str()));
    if clusters.is_empty() {
        return String::new();
    }
    let mut out = String::from(r#"<section id="kubernetes"><h2>Kubernetes</h2>"#);
    for cluster in clusters {
        let info = k8s.clusters.iter().find(|c| c.name == cluster);
        let version = info.and_then(|c| c.version.as_deref()).unwrap_or("");
        let _ = write!(
            out,
            r#"<h3>Cluster {} <small>{}</small></h3><div class="ns-grid">"#,
            esc(cluster),
            esc(version)
        );
        let clusterwide_deny = k8s
            .network_policies
            .iter()
            .any(|p| p.cluster == cluster && p.kind != "NetworkPolicy");
        let mut names: BTreeSet<&str> = k8s
            .namespaces
            .iter()
            .filter(|n| n.cluster == cluster)
            .map(|n| n.name.as_str())
            .collect();
        names.extend(
            k8s.workloads
                .iter()
                .filter(|w| w.cluster == cluster)
                .filter_map(|w| w.namespace.as_deref()),
        );
        for ns in names {
            let ns_obj = k8s
                .namespaces
                .iter()
                .find(|n| n.cluster == cluster && n.name == ns);
            let in_ns = |c: &str, n: &Option<String>| c == cluster && n.as_deref() == Some(ns);
            let policies: Vec<_> = k8s
                .network_policies
                .iter()
                .filter(|p| in_ns(&p.cluster, &p.namespace))
                .collect();
            let deny_in = policies.iter().any(|p| denies(p, "Ingress"));
            let deny_out = policies.iter().any(|p| denies(p, "Egress"));
            let deny = match (deny_in, deny_out, clusterwide_deny) {
                (true, true, _) => "default-deny ingress + egress".to_string(),
                (true, false, _) => "default-deny ingress only".to_string(),
                (false, true, _) => "default-deny egress only".to_string(),
                (false, false, true) => "cluster-wide policy only".to_string(),
                (false, false, false) => "no default-deny".to_string(),
            };
            let quota = k8s
                .resource_quotas
                .iter()
                .any(|q| in_ns(&q.cluster, &q.namespace));
            let limits = k8s
                .limit_ranges
                .iter()
                .any(|l| in_ns(&l.cluster, &l.namespace));
            let psa = ns_obj.and_then(|n| n.labels.get("pod-security.kubernetes.io/enforce"));
            let workloads: Vec<_> = k8s
                .workloads
                .iter()
                .filter(|w| in_ns(&w.cluster, &w.namespace))
                .collect();
            let ns_id = ns_obj.map(|n| n.id.as_str()).unwrap_or("");
            let worst = std::iter::once(ns_id)
                .chain(workloads.iter().map(|w| w.id.as_str()))
                .filter_map(|id| marks.worst(id))
                .min();
            let _ = write!(
                out,
                r#"<div class="ns-card res{}" data-res="{}"><h4>{}</h4><ul class="guards">{}{}{}{}</ul>"#,
                worst.map(|s| format!(" sev-{s}")).unwrap_or_default(),
                esc(ns_id),
                esc(ns),
                guard(deny_in && deny_out, &deny),
                guard(
                    quota,
                    if quota {
                        "resource quota"
                    } else {
                        "no resource quota"
                    }
                ),
                guard(
                    limits,
                    if limits {
                        "limit range"
                    } else {
                        "no limit range"
                    }
                ),
                guard(
                    psa.is_some_and(|l| l == "restricted" || l == "baseline"),
                    &format!("PSA {}", psa.map(String::as_str).unwrap_or("not set"))
                ),
            );
            let _ = write!(
                out,
                r#"<p class="muted">{} workload(s)</p>"#,
                workloads.len()
            );
            let flagged: Vec<_> = std::iter::once((ns_id, format!("namespace {ns}")))
                .chain(
                    workloads
                        .iter()
                        .map(|w| (w.id.as_str(), format!("{} {}", w.kind, w.name))),
                )
                .filter(|(id, _)| !marks.of(id).is_empty())
                .collect();
            if !flagged.is_empty() {
                out.push_str(r#"<ul class="wl">"#);
                for (id, label) in flagged {
                    for f in marks.of(id) {
                        let _ = write!(
                            out,
                            r#"<li class="res sev-{}" data-res="{}"><b>{}</b> {} — {}</li>"#,
                            f.severity,
                            esc(id),
                            esc(&f.rule_id),
                            esc(&label),
                            esc(&f.title)
                        );
                    }
                }
                out.push_str("</ul>");
            }
            out.push_str("</div>");
        }
        out.push_str("</div>");
    }
    out.push_str("</section>");
    out
}
