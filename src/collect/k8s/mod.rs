//! Kubernetes: the one conversion from an API object to snapshot entities
//! ([`object`]), the manifest reader ([`manifests`], no Kubernetes client
//! needed) and the live collector (`live`, behind the `k8s` feature).

pub mod eks;
#[cfg(feature = "k8s")]
pub mod live;
pub mod manifests;
pub mod object;
