//! Which drawn resources have findings: the worst severity of each resource
//! (its outline colour) and the text a hover shows.

use crate::findings::{Finding, Severity};
use std::collections::HashMap;
use std::fmt::Write;

/// Findings by the snapshot `id` of their resource.
pub struct Marks<'a> {
    by_resource: HashMap<&'a str, Vec<&'a Finding>>,
}

impl<'a> Marks<'a> {
    pub fn new(findings: &'a [Finding]) -> Self {
        let mut by_resource: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for f in findings {
            by_resource
                .entry(f.resource.id.as_str())
                .or_default()
                .push(f);
        }
        Marks { by_resource }
    }

    /// The findings of one resource.
    pub fn of(&self, id: &str) -> &[&'a Finding] {
        self.by_resource.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The most severe finding's severity (waived findings count: the
    /// picture shows what is wrong, the table says what is accepted).
    pub fn worst(&self, id: &str) -> Option<Severity> {
        self.of(id).iter().map(|f| f.severity).min()
    }

    /// `class` of a drawn resource: `res` and, with findings, `sev-<worst>`
    /// (and `waived` when waivers cover all of them: drawn dashed).
    pub fn class(&self, id: &str) -> String {
        match self.worst(id) {
            Some(s) if self.of(id).iter().all(|f| f.waiver.is_some()) => {
                format!("res sev-{s} waived")
            }
            Some(s) => format!("res sev-{s}"),
            None => "res".to_string(),
        }
    }

    /// Hover text: one line per finding (not escaped).
    pub fn tooltip(&self, id: &str, label: &str) -> String {
        let mut t = label.to_string();
        for f in self.of(id) {
            let _ = write!(t, "\n{} {}: {}", f.severity, f.rule_id, f.message);
        }
        t
    }
}
