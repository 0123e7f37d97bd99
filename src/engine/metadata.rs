//! The `metadata` value every control declares, and its validation.

use crate::findings::{ArchitectureRef, Severity};
use serde::{Deserialize, Serialize};

/// A control's metadata, as declared in its Rego file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleMetadata {
    /// Control ID (`NET-003`).
    pub id: String,
    pub title: String,
    pub severity: Severity,
    /// What it checks and why, in full.
    pub description: String,
    /// How to fix a finding.
    pub remediation: String,
    /// The architecture sections it enforces.
    #[serde(default)]
    pub architecture: ArchitectureRef,
    /// Names of the architecture parameters it reads.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// Collections it reads (`aws.subnets`); a collection error on any of
    /// them makes the control "not evaluated" in that account and region.
    pub inputs: Vec<String>,
    /// The collection whose resources it judges (for pass counts).
    pub judges: String,
    /// Sources it applies to; empty means all (`live-aws`, `terraform-plan`, …).
    #[serde(default)]
    pub applies_to: Vec<crate::snapshot::SourceKind>,
}

impl RuleMetadata {
    /// Checks what the engine can check on its own; `file` names the policy.
    pub fn validate(&self, file: &str) -> Result<(), String> {
        let bad = |m: String| Err(format!("{file}: metadata of {}: {m}", self.id));
        if self.id.trim().is_empty() {
            return Err(format!("{file}: metadata has an empty `id`"));
        }
        for field in [
            ("title", &self.title),
            ("description", &self.description),
            ("remediation", &self.remediation),
        ] {
            if field.1.trim().is_empty() {
                return bad(format!("`{}` is empty", field.0));
            }
        }
        for p in &self.parameters {
            if !crate::architecture::PARAMETER_NAMES.contains(&p.as_str()) {
                return bad(format!("reads unknown parameter `{p}`"));
            }
        }
        let collections = crate::snapshot::Snapshot::collection_names();
        for c in self.inputs.iter().chain(std::iter::once(&self.judges)) {
            if !collections.contains(&c.as_str()) {
                return bad(format!(
                    "names unknown collection `{c}` (known: aws.subnets, k8s.workloads, …)"
                ));
            }
        }
        Ok(())
    }
}
