//! Baselines: the findings of an accepted run, by fingerprint, so later
//! runs report (and fail on) only what is new, and list what was fixed.

use crate::findings::{BaselineState, Finding, Severity};
use crate::scan::{BaselineSummary, ResolvedFinding};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// Version of the baseline file layout.
pub const BASELINE_VERSION: u32 = 1;

/// A baseline file (`--write-baseline` writes it, `--baseline` reads it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    pub baseline_version: u32,
    /// RFC 3339 time the baseline was written.
    pub created_at: String,
    /// archcheck version that wrote it.
    pub tool_version: String,
    pub findings: Vec<BaselineEntry>,
}

/// One recorded finding.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule_id: String,
    pub resource_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub severity: Severity,
}

impl BaselineFile {
    /// The baseline of `findings`, sorted by fingerprint so that the file
    /// changes only when findings do.
    pub fn of(findings: &[Finding]) -> BaselineFile {
        let mut entries: Vec<BaselineEntry> = findings
            .iter()
            .map(|f| BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                resource_id: f.resource.id.clone(),
                address: f.resource.address.clone(),
                severity: f.severity,
            })
            .collect();
        entries.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
        entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        BaselineFile {
            baseline_version: BASELINE_VERSION,
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            findings: entries,
        }
    }

    /// Reads a baseline; errors name the file, the JSON path and what was expected.
    pub fn load(path: &Path) -> Result<BaselineFile, String> {
        let file = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{file}: cannot read: {e}"))?;
        let de = &mut serde_json::Deserializer::from_str(&text);
        let b: BaselineFile = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let at = if path.is_empty() || path == "." {
                String::new()
            } else {
                format!("at `{path}`: ")
            };
            format!(
                "{file}: {at}{} (expected a baseline written by `archcheck scan --write-baseline`)",
                e.inner()
            )
        })?;
        if b.baseline_version != BASELINE_VERSION {
            return Err(format!(
                "{file}: at `baseline_version`: this archcheck reads version {BASELINE_VERSION}, the file has {}",
                b.baseline_version
            ));
        }
        Ok(b)
    }

    /// Writes the baseline as pretty JSON.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
    }
}

/// Marks each finding new or existing against `baseline` and summarises,
/// listing the baseline findings no longer found as resolved.
pub fn compare(findings: &mut [Finding], baseline: &BaselineFile, file: &str) -> BaselineSummary {
    let known: HashSet<&str> = baseline
        .findings
        .iter()
        .map(|e| e.fingerprint.as_str())
        .collect();
    let mut summary = BaselineSummary {
        file: file.to_string(),
        ..Default::default()
    };
    for f in findings.iter_mut() {
        let state = if known.contains(f.fingerprint.as_str()) {
            summary.existing += 1;
            BaselineState::Existing
        } else {
            summary.new += 1;
            BaselineState::New
        };
        f.baseline = Some(state);
    }
    let current: HashSet<&str> = findings.iter().map(|f| f.fingerprint.as_str()).collect();
    summary.resolved = baseline
        .findings
        .iter()
        .filter(|e| !current.contains(e.fingerprint.as_str()))
        .map(|e| ResolvedFinding {
            fingerprint: e.fingerprint.clone(),
            rule_id: e.rule_id.clone(),
            resource_id: e.resource_id.clone(),
        })
        .collect();
    summary
}
