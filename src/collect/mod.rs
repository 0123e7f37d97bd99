//! Collectors: one folder per source, each turning what it reads into the
//! [`Snapshot`](crate::snapshot::Snapshot) schema so that one policy judges
//! every source alike.
//!
//! - [`terraform`]: `terraform show -json` plans (Terraform 0.12 to 1.x, OpenTofu).
//! - [`k8s`]: Kubernetes manifests and live clusters.
//!
//! Live AWS (`aws/`, a file per service), live Kubernetes (`k8s/`) and
//! manifest files (`manifests/`) follow the same layout: a collector records
//! what it could not read under `errors` and goes on.

#[cfg(feature = "aws")]
pub mod aws;
pub mod k8s;
pub mod terraform;
