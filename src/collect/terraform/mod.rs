//! The Terraform plan reader: `terraform show -json PLANFILE` output
//! (Terraform 0.12 to 1.x and OpenTofu; `format_version` 0.1, 0.2 and 1.x)
//! into a [`Snapshot`], so that `archcheck scan --plan` judges a change
//! with the policies that judge live accounts.
//!
//! - [`plan`]: the JSON structs; [`instances`]: the instances the plan
//!   keeps or creates (`planned_values` joined with `resource_changes`;
//!   instances it destroys are left out);
//! - [`references`]: IDs a plan does not know yet, resolved from the
//!   configuration's expression references (modules, count, for_each);
//! - [`model`]: snapshot IDs, accounts, regions and tags of instances;
//! - `map/`: one mapper per family of resource types.
//!
//! Every resource keeps its Terraform address and plan action in
//! `source` (`kind: terraform-plan`). Types no mapper reads are counted in
//! [`PlanSummary::unknown_types`], never an error. See docs/terraform.md.

pub mod address;
pub mod changes;
pub mod config;
pub mod instances;
mod map;
pub mod model;
pub mod plan;
pub mod references;
pub mod source_map;
pub mod state;
pub mod values;

pub use map::KNOWN_TYPES;

use crate::snapshot::{Snapshot, Source, SourceKind, ToolInfo};
use model::Model;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A plan file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("{file}: cannot read: {message}")]
    Read { file: String, message: String },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    /// Over `--max-input-size`, or unreadable (the message names the file).
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
}

/// What reading one plan found, for `-v` and tests.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PlanSummary {
    pub file: String,
    pub format_version: String,
    pub terraform_version: Option<String>,
    /// Resource instances the plan keeps or creates.
    pub instances: usize,
    /// Snapshot resources written.
    pub resources: usize,
    /// Instances of types no mapper reads, by type (`kubernetes_manifest/Kind`
    /// for manifests of unmapped kinds).
    pub unknown_types: BTreeMap<String, usize>,
    /// Instances the plan destroys (not in the snapshot).
    pub deleted: usize,
    /// Data sources (not resources).
    pub data_sources: usize,
    /// `address: attribute` of references that stayed unresolved.
    pub unresolved_references: Vec<String>,
}

impl PlanSummary {
    /// What `-v` prints about the plan: one line, and one more for
    /// unresolved references.
    pub fn verbose_lines(&self) -> Vec<String> {
        let unknown = if self.unknown_types.is_empty() {
            "none".to_string()
        } else {
            self.unknown_types
                .iter()
                .map(|(t, n)| format!("{t} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut lines = vec![format!(
            "{}: {} resources from {} instances ({} destroyed, left out); types not mapped: {unknown}",
            self.file, self.resources, self.instances, self.deleted
        )];
        if !self.unresolved_references.is_empty() {
            lines.push(format!(
                "{}: references not resolved: {}",
                self.file,
                self.unresolved_references.join(", ")
            ));
        }
        lines
    }
}

/// A plan read into a snapshot.
#[derive(Debug, Clone)]
pub struct PlanOutput {
    pub snapshot: Snapshot,
    pub summary: PlanSummary,
}

const EXPECTED: &str = "expected the output of `terraform show -json PLANFILE`";

fn invalid(file: &str, message: impl Into<String>) -> PlanError {
    PlanError::Invalid {
        file: file.to_string(),
        message: message.into(),
    }
}

/// Checks that `plan` is a plan of a format this reader knows.
fn validate(plan: &plan::Plan, file: &str) -> Result<(), PlanError> {
    let Some(version) = plan.format_version.as_deref() else {
        return Err(invalid(
            file,
            format!("not a Terraform plan: no `format_version` ({EXPECTED})"),
        ));
    };
    let major = version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    if !matches!(major, Some(0) | Some(1)) {
        return Err(invalid(
            file,
            format!("unsupported plan format_version `{version}`: this archcheck reads 0.1, 0.2 and 1.x"),
        ));
    }
    if plan.planned_values.is_none() && plan.resource_changes.is_none() {
        let what = if plan.values.is_some() {
            "a Terraform state, not a plan"
        } else {
            "not a Terraform plan: neither `planned_values` nor `resource_changes`"
        };
        return Err(invalid(file, format!("{what} ({EXPECTED})")));
    }
    Ok(())
}

/// Reads plan JSON text. `file` is how the plan is named in errors and in
/// each resource's `source.file` (`-` for standard input).
pub fn read_plan(text: &str, file: &str) -> Result<PlanOutput, PlanError> {
    let plan: plan::Plan = serde_json::from_str(text).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Syntax | Category::Eof => {
                invalid(file, format!("not valid JSON ({e}); {EXPECTED}"))
            }
            _ => invalid(file, format!("not a Terraform plan ({e}); {EXPECTED}")),
        }
    })?;
    validate(&plan, file)?;
    let model = Model::new(&plan, file);
    let mut snapshot = Snapshot::empty();
    map::map_all(&model, &mut snapshot);

    let mut unknown_types: BTreeMap<String, usize> = BTreeMap::new();
    for inst in &model.instances {
        if !KNOWN_TYPES.contains(&inst.rtype.as_str()) {
            *unknown_types.entry(inst.rtype.clone()).or_default() += 1;
        }
    }
    for kind in model.unmapped_manifest_kinds.borrow().iter() {
        *unknown_types
            .entry(format!("kubernetes_manifest/{kind}"))
            .or_default() += 1;
    }

    let accounts: BTreeSet<&str> = (0..model.instances.len())
        .map(|i| model.account(i))
        .filter(|a| !a.is_empty())
        .collect();
    let regions: BTreeSet<String> = (0..model.instances.len())
        .map(|i| model.region(i).to_string())
        .filter(|r| !r.is_empty() && r != "global")
        .collect();
    snapshot.collected_at = plan
        .timestamp
        .clone()
        .unwrap_or_else(|| chrono::Utc::now().to_rfc3339());
    snapshot.tool = Some(ToolInfo {
        name: "archcheck".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    });
    snapshot.sources.push(Source {
        kind: SourceKind::TerraformPlan,
        account_id: (accounts.len() == 1)
            .then(|| accounts.iter().next().unwrap_or(&"").to_string()),
        context: None,
        file: Some(file.to_string()),
        regions: regions.into_iter().collect(),
    });
    let summary = PlanSummary {
        file: file.to_string(),
        format_version: plan.format_version.clone().unwrap_or_default(),
        terraform_version: plan.terraform_version.clone(),
        instances: model.instances.len(),
        resources: snapshot.resource_count(),
        unknown_types,
        deleted: model.counts.deleted,
        data_sources: model.counts.data_sources,
        unresolved_references: model.unresolved.borrow().iter().cloned().collect(),
    };
    Ok(PlanOutput { snapshot, summary })
}

/// Reads a plan file, or standard input for `-`, of at most 1 GB.
pub fn load(path: &Path) -> Result<PlanOutput, PlanError> {
    load_with_limit(path, crate::input::DEFAULT_MAX_INPUT_SIZE)
}

/// Reads a plan file, or standard input for `-`, of at most `max` bytes
/// (`--max-input-size`).
pub fn load_with_limit(path: &Path, max: u64) -> Result<PlanOutput, PlanError> {
    let file = path.display().to_string();
    let text = crate::input::read_input(path, max)?;
    read_plan(&text, &file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_plan_is_an_error_naming_the_file() {
        let e = read_plan("{", "p.json").unwrap_err().to_string();
        assert!(e.starts_with("p.json: not valid JSON"), "{e}");
        let e = read_plan("[1]", "p.json").unwrap_err().to_string();
        assert!(e.contains("not a Terraform plan"), "{e}");
        let e = read_plan(r#"{"format_version": "1.0", "values": {}}"#, "s.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a Terraform state, not a plan"), "{e}");
        let e = read_plan(
            r#"{"format_version": "2.0", "planned_values": {}}"#,
            "p.json",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unsupported plan format_version `2.0`"), "{e}");
        let e = read_plan(r#"{"terraform_version": "1.5.0"}"#, "p.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `format_version`"), "{e}");
    }

    #[test]
    fn an_empty_plan_is_an_empty_snapshot() {
        let out = read_plan(
            r#"{"format_version": "1.2", "planned_values": {"root_module": {}}}"#,
            "p.json",
        )
        .unwrap();
        assert_eq!(out.snapshot.resource_count(), 0);
        assert_eq!(out.snapshot.sources[0].kind, SourceKind::TerraformPlan);
    }
}
