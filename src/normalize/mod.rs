//! The classifications every policy needs, done once in Rust before any
//! policy runs (controls.md, "Classification the normaliser does"). Each
//! classified field records how it was decided (`*_source`).

mod environment;
mod images;
mod internet;
mod routes;
mod security_groups;
mod tier;

pub use images::parse_image;
pub use internet::is_internet_cidr;

use crate::architecture::Architecture;
use crate::snapshot::Snapshot;

/// Options of one normalisation.
#[derive(Debug, Clone, Default)]
pub struct NormalizeOptions {
    /// `--environment`: the environment of resources nothing else identifies.
    pub environment: Option<String>,
}

/// Classifies every resource of `snapshot` in place.
pub fn normalize(snapshot: &mut Snapshot, arch: &Architecture, opts: &NormalizeOptions) {
    routes::effective_route_tables(snapshot);
    tier::classify_subnets(snapshot);
    routes::nat_gateway_zones(snapshot);
    routes::endpoint_services(snapshot);
    security_groups::classify(snapshot);
    internet::mark_rules(snapshot);
    environment::classify(snapshot, arch, opts.environment.as_deref());
    images::parse_workload_images(snapshot);
}
