//! Findings that an incomplete collection makes unreliable.
//!
//! A control that judges one collection often reads others to decide: K8S-001
//! fails a namespace because no NetworkPolicy selects it. When the list of
//! NetworkPolicies was Forbidden in that cluster, "none found" proves
//! nothing, and reporting the namespace as failing would be as wrong as
//! reporting it as passing. Such findings are withheld; the control is listed
//! as not evaluated for that scope instead (the error says why).
//!
//! An error on the judged collection itself does not withhold anything: the
//! resources that were read are judged on their own facts.

use crate::snapshot::{CollectionError, MetaView};

/// Whether `err` leaves a finding on `resource` unreliable for a control that
/// judges `judges` and reads `inputs`.
pub fn withheld_by(
    err: &CollectionError,
    judges: &str,
    inputs: &[String],
    resource: &MetaView,
) -> bool {
    let affects_other_input = err
        .affected_collections()
        .iter()
        .any(|c| *c != judges && inputs.iter().any(|i| i == c));
    affects_other_input && in_scope(err, resource)
}

/// The error's scope (cluster, or account and region) covers the resource.
/// Account-wide errors (no region, e.g. IAM) cover every region of the account.
fn in_scope(err: &CollectionError, resource: &MetaView) -> bool {
    if let Some(cluster) = &err.cluster {
        return resource.cluster == Some(cluster.as_str());
    }
    let same = |scope: &Option<String>, value: Option<&str>| match scope {
        Some(s) => value == Some(s.as_str()),
        None => true,
    };
    same(&err.account_id, resource.account_id) && same(&err.region, resource.region)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::SourceKind;

    fn error(collections: &[&str], cluster: Option<&str>) -> CollectionError {
        CollectionError {
            source: SourceKind::LiveK8s,
            service: "k8s".into(),
            collections: collections.iter().map(|c| c.to_string()).collect(),
            account_id: None,
            region: None,
            cluster: cluster.map(String::from),
            operation: "list networkpolicies".into(),
            message: "forbidden".into(),
        }
    }

    fn namespace(cluster: &str) -> MetaView<'_> {
        MetaView {
            type_name: "k8s_namespace",
            id: "ns",
            native_id: "ns",
            arn: None,
            account_id: None,
            region: None,
            cluster: Some(cluster),
            namespace: None,
            name: None,
            environment: None,
            source: None,
        }
    }

    #[test]
    fn a_failed_input_in_the_same_cluster_withholds_the_finding() {
        let inputs = vec!["k8s.namespaces".into(), "k8s.network_policies".into()];
        let err = error(&["k8s.network_policies"], Some("prod"));
        assert!(withheld_by(
            &err,
            "k8s.namespaces",
            &inputs,
            &namespace("prod")
        ));
        assert!(!withheld_by(
            &err,
            "k8s.namespaces",
            &inputs,
            &namespace("dev")
        ));
    }

    #[test]
    fn an_error_on_the_judged_collection_or_an_unread_one_withholds_nothing() {
        let inputs = vec!["k8s.namespaces".into(), "k8s.network_policies".into()];
        let judged = error(&["k8s.namespaces"], Some("prod"));
        assert!(!withheld_by(
            &judged,
            "k8s.namespaces",
            &inputs,
            &namespace("prod")
        ));
        let unread = error(&["k8s.services"], Some("prod"));
        assert!(!withheld_by(
            &unread,
            "k8s.namespaces",
            &inputs,
            &namespace("prod")
        ));
    }
}
