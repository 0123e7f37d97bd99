//! Links a scanned Kubernetes cluster to the EKS cluster the AWS collector
//! found, so one report shows a cluster's AWS side and its workloads
//! together and the architecture file can name either.

use crate::snapshot::Snapshot;

/// Sets `eks_cluster_id` of each Kubernetes cluster to the `id` of its EKS
/// cluster in `aws.eks_clusters`: the one whose ARN (or id) the kubeconfig
/// names, else the one whose API endpoint is the context's server (any
/// kubeconfig, whatever its names), else the only one whose name the
/// credentials ask a token for.
pub fn link_eks_clusters(s: &mut Snapshot) {
    let eks = &s.aws.eks_clusters;
    for c in &mut s.k8s.clusters {
        let by_arn = c.eks_cluster_id.as_deref().and_then(|arn| {
            eks.iter()
                .find(|e| e.id == arn || e.arn.as_deref() == Some(arn))
        });
        let by_endpoint = || {
            let server = c.server.as_deref().map(same_server)?;
            eks.iter()
                .find(|e| e.endpoint.as_deref().map(same_server) == Some(server.clone()))
        };
        let by_name = || {
            let name = c.eks_cluster_name.as_deref()?;
            let mut named = eks.iter().filter(|e| e.name.as_deref() == Some(name));
            let first = named.next()?;
            named.next().is_none().then_some(first)
        };
        if let Some(e) = by_arn.or_else(by_endpoint).or_else(by_name) {
            c.eks_cluster_id = Some(e.id.clone());
        }
    }
}

/// A server URL compared without case, trailing slash or default port
/// (`https://ABC.gr7.eu-west-1.eks.amazonaws.com:443/` is the EKS endpoint).
fn same_server(url: &str) -> String {
    url.trim_end_matches('/')
        .to_ascii_lowercase()
        .trim_end_matches(":443")
        .to_string()
}
