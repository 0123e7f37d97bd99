//! Points resources and findings at the Terraform code that declares them:
//! addresses of live resources from a state (`--tf-state`), then the file
//! and line of each address's `resource` block (`--tf-dir`), its inline
//! `archcheck:ignore` directives, and, for a finding about one attribute,
//! that attribute's line.

use super::config::ConfigIndex;
use super::state::StateIndex;
use crate::scan::ScanReport;
use crate::snapshot::{Snapshot, SourceKind, SourceRef};

/// What [`annotate`] did, for `-v`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Annotated {
    /// Live resources given an address from the state.
    pub addressed: usize,
    /// Resources given a `.tf` file and line.
    pub located: usize,
}

/// Sets addresses from `state` on resources that have none (matched by
/// ARN, AWS ID or snapshot ID), then `file`/`line`/`ignore` from `config`
/// on every resource with an address the configuration declares.
pub fn annotate(
    snapshot: &mut Snapshot,
    config: Option<&ConfigIndex>,
    state: Option<&StateIndex>,
) -> Annotated {
    let mut done = Annotated::default();
    snapshot.visit_mut(&mut |_, r| {
        let m = r.meta();
        let from_state = match (state, m.source.and_then(|s| s.address.as_ref())) {
            (Some(st), None) => st
                .address_of(m.arn.into_iter().chain([m.native_id, m.id]))
                .map(String::from),
            _ => None,
        };
        let source = r.source_mut();
        if let Some(address) = from_state {
            let s = source.get_or_insert_with(|| SourceRef {
                kind: SourceKind::Snapshot,
                ..Default::default()
            });
            s.address = Some(address);
            done.addressed += 1;
        }
        let (Some(cfg), Some(s)) = (config, source.as_mut()) else {
            return;
        };
        let Some(block) = s.address.as_deref().and_then(|a| cfg.locate(a)) else {
            return;
        };
        s.file = Some(block.file.clone());
        s.line = Some(block.line);
        for directive in &block.ignore {
            if !s.ignore.contains(directive) {
                s.ignore.push(directive.clone());
            }
        }
        done.located += 1;
    });
    done
}

/// The arguments a control's finding is about, in the order to look for
/// them in the resource's block (the first one written wins); controls not
/// listed point at the block.
pub fn attribute_paths(rule_id: &str) -> &'static [&'static str] {
    match rule_id {
        "DB-001" => &["multi_az"],
        "DB-002" => &["backup_retention_period"],
        "DB-003" => &["publicly_accessible"],
        "DB-004" => &["storage_encrypted"],
        "DB-005" => &["subnet_ids"],
        "DB-006" => &["deletion_protection"],
        "DB-007" => &["engine_version", "engine"],
        "DB-009" => &["performance_insights_enabled"],
        "NET-006" => &["map_public_ip_on_launch"],
        "NET-007" => &["cidr_block"],
        "LB-001" => &["subnets", "subnet_mapping", "internal"],
        "EKS-001" => &[
            "vpc_config.public_access_cidrs",
            "vpc_config.endpoint_public_access",
            "vpc_config",
        ],
        "EKS-002" => &["encryption_config"],
        "EKS-003" => &["enabled_cluster_log_types"],
        "EKS-004" => &["version"],
        "IAM-002" => &["minimum_password_length"],
        "IAM-006" | "IAM-007" => &["assume_role_policy"],
        _ => &[],
    }
}

/// Moves each finding whose resource `config` declares onto the line of
/// the attribute its control is about (the block's line when not written).
pub fn refine_lines(report: &mut ScanReport, config: &ConfigIndex) {
    for f in &mut report.findings {
        let Some(block) = f.resource.address.as_deref().and_then(|a| config.locate(a)) else {
            continue;
        };
        if f.location.file.as_deref() != Some(block.file.as_str()) {
            continue;
        }
        f.location.line = Some(block.line_of(attribute_paths(&f.rule_id)));
    }
}
