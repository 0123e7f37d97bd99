//! Evidence: the metadata `archcheck collect` writes into a snapshot, and
//! the `evidence` block of a JSON report (which inputs, with which hashes,
//! judged by which tool and policy library).

use crate::engine::PolicyLibrary;
use crate::snapshot::evidence::{content_sha256, EvidenceInput, CONTENT_HASH_METHOD};
use crate::snapshot::{Evidence, Snapshot};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// sha256 over the library's files sorted by path: each path, a NUL byte,
/// the text, a NUL byte.
pub fn policy_library_sha256(lib: &PolicyLibrary) -> String {
    let mut files: Vec<_> = lib.files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut h = Sha256::new();
    for f in files {
        h.update(f.path.as_bytes());
        h.update([0u8]);
        h.update(f.text.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

/// The hash of the built-in library (what `collect` and `scan` record).
pub fn builtin_library_sha256() -> String {
    policy_library_sha256(&PolicyLibrary::builtin())
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Adds an evidence block to a freshly collected snapshot (the content hash
/// last, over everything else).
pub fn seal(snapshot: &mut Snapshot, started_at: String, inputs: Vec<EvidenceInput>) {
    let mut accounts = BTreeSet::new();
    let mut clusters = BTreeSet::new();
    snapshot.visit(&mut |_, r| {
        let m = r.meta();
        if let Some(a) = m.account_id {
            accounts.insert(a.to_string());
        }
        if let Some(c) = m.cluster.filter(|c| !c.is_empty()) {
            clusters.insert(c.to_string());
        }
    });
    accounts.extend(snapshot.sources.iter().filter_map(|s| s.account_id.clone()));
    clusters.extend(snapshot.sources.iter().filter_map(|s| s.context.clone()));
    snapshot.tool = Some(crate::snapshot::ToolInfo {
        name: "archcheck".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    });
    if snapshot.collected_at.is_empty() {
        snapshot.collected_at = started_at.clone();
    }
    snapshot.evidence = None;
    let mut evidence = Evidence {
        tool_version: env!("CARGO_PKG_VERSION").into(),
        policy_library_sha256: builtin_library_sha256(),
        started_at,
        finished_at: now(),
        accounts: accounts.into_iter().collect(),
        clusters: clusters.into_iter().collect(),
        resources: snapshot.resource_count(),
        inputs,
        content_hash_method: CONTENT_HASH_METHOD.into(),
        content_sha256: String::new(),
    };
    let doc = serde_json::to_value(&*snapshot).expect("a snapshot serialises");
    evidence.content_sha256 = content_sha256(&doc);
    snapshot.evidence = Some(evidence);
}

/// The current time, RFC 3339 (collect's `started_at`).
pub fn started_now() -> String {
    now()
}

/// One input of a scan.
#[derive(Debug, Clone, Serialize)]
pub struct ReportInput {
    pub file: String,
    /// sha256 of the file's bytes.
    pub sha256: String,
    /// The input's own evidence block, when `archcheck collect` wrote it
    /// (its content hash was verified before the scan).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// The JSON report's `evidence` block.
#[derive(Debug, Clone, Serialize)]
pub struct ReportEvidence {
    pub tool_version: String,
    /// sha256 of the policy library that judged the inputs (built-in files
    /// plus `--policies` directories).
    pub policy_library_sha256: String,
    pub scanned_at: String,
    pub inputs: Vec<ReportInput>,
}

impl ReportEvidence {
    pub fn new(library: &PolicyLibrary, inputs: Vec<ReportInput>) -> ReportEvidence {
        ReportEvidence {
            tool_version: env!("CARGO_PKG_VERSION").into(),
            policy_library_sha256: policy_library_sha256(library),
            scanned_at: now(),
            inputs,
        }
    }
}
