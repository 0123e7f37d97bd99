//! Findings: what a control found wrong, with everything a report needs to
//! say where, why and how to fix it; and the per-control results that let
//! JUnit and the summary show passes and controls not evaluated.

mod fingerprint;
mod incomplete;

pub use fingerprint::{fingerprint, identity};
pub use incomplete::withheld_by;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Severity, most severe first when sorted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    /// Parses a severity name (case-insensitive).
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// `self` is at least as severe as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The resource a finding is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceRef {
    /// `aws_subnet`, `aws_security_group`, `k8s_workload`, …
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The snapshot `id`.
    pub id: String,
    /// The ID AWS or Kubernetes shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Terraform address, for plans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// Where the finding's resource was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// `live-aws`, `terraform-plan`, `manifest`, `snapshot`, …
    pub kind: crate::snapshot::SourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The part of the architecture a control enforces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArchitectureRef {
    /// Sections, as `document §section` (`000 §2.1`).
    #[serde(default)]
    pub sections: Vec<String>,
    /// A sentence of the document the control comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// One violation of one control by one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub rule_id: String,
    pub severity: Severity,
    pub title: String,
    /// What is wrong, naming the resource, in words a person can act on.
    pub message: String,
    pub resource: ResourceRef,
    /// Environment of the resource (`unknown` when nothing identified it).
    pub environment: String,
    pub location: Location,
    pub remediation: String,
    pub architecture: ArchitectureRef,
    /// Stable across runs for the same rule and resource (sha256, hex).
    pub fingerprint: String,
    /// Set when a waiver (file or inline) covers this finding: the finding
    /// is still reported, as waived, and does not fail the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<AppliedWaiver>,
    /// With `--baseline`: whether the finding was already in the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineState>,
    /// For plans: what the plan does to the evidence of this finding
    /// (`create`, `update`, `replace`; absent when the plan leaves it alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
}

/// The waiver that covers a finding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AppliedWaiver {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Where the waiver is written: `waivers.yaml:12`, or the resource's
    /// file and line for an inline waiver.
    pub origin: String,
    /// A waiver file entry (`file`) or a directive at the resource (`inline`).
    #[serde(default)]
    pub kind: WaiverKind,
}

/// Where a waiver is written (SARIF: `external` or `inSource` suppressions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WaiverKind {
    /// An entry of the waiver file.
    #[default]
    File,
    /// A `# archcheck:ignore` comment or `archcheck.io/ignore` annotation.
    Inline,
}

/// A finding compared with a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BaselineState {
    /// Not in the baseline.
    New,
    /// Already in the baseline.
    Existing,
}

/// Whether a control could judge its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    /// Evaluated, no findings.
    Passed,
    /// Evaluated, at least one finding.
    Failed,
    /// Evaluated where it could; some scopes could not be judged.
    Partial,
    /// Nothing could be judged (inputs missing through collection errors).
    NotEvaluated,
    /// Disabled by the architecture file or `--skip-rules`.
    Skipped,
}

/// A scope (account/region, cluster, or resource) a control could not judge, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NotEvaluated {
    /// `account/region`, a cluster, or a resource `id`.
    pub scope: String,
    pub reason: String,
}

/// What one control judged in one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ControlResult {
    pub rule_id: String,
    pub title: String,
    pub severity: Severity,
    pub status: ControlStatus,
    /// Resources of the control's kind that were judged.
    pub resources_judged: usize,
    /// Distinct resources with findings.
    pub resources_failed: usize,
    pub findings: usize,
    /// Environments of the judged resources, with the failures in each
    /// (for JUnit's one test case per control and environment).
    pub environments: Vec<EnvironmentTally>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_evaluated: Vec<NotEvaluated>,
}

/// Judged and failed resources of one control in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EnvironmentTally {
    pub environment: String,
    pub judged: usize,
    pub failed: usize,
}
