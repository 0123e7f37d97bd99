//! Evidence metadata: what `archcheck collect` records so that an auditor
//! can keep a snapshot and later show what it is and that it is unchanged.
//!
//! The content hash is sha256 over the *canonical JSON* of the snapshot
//! document without its `evidence` member: object keys sorted by their
//! UTF-8 bytes at every level, no whitespace, strings and numbers as
//! serde_json writes them. It is computed on the document as parsed (not on
//! archcheck's types), so a newer archcheck that adds fields still verifies
//! an old file, and re-indenting the file does not change it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Name of the hash algorithm and of what it covers, as written in the file.
pub const CONTENT_HASH_METHOD: &str =
    "sha256 of the canonical JSON (sorted keys, no whitespace) of the document without `evidence`";

/// The evidence block of a collected snapshot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// archcheck version that collected the snapshot.
    pub tool_version: String,
    /// sha256 over the built-in policy files (path and text, by path), so a
    /// report can say which library judged it.
    pub policy_library_sha256: String,
    /// RFC 3339 times the collection started and finished.
    pub started_at: String,
    pub finished_at: String,
    /// AWS accounts with resources or sources in the snapshot, sorted.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Kubernetes clusters with objects in the snapshot, sorted.
    #[serde(default)]
    pub clusters: Vec<String>,
    /// Resources in the snapshot.
    pub resources: usize,
    /// Files the snapshot was built from (snapshots, plans), with their sha256.
    #[serde(default)]
    pub inputs: Vec<EvidenceInput>,
    /// How `content_sha256` is computed.
    pub content_hash_method: String,
    /// Hex sha256 of the document; see [`content_sha256`].
    pub content_sha256: String,
}

/// A file a snapshot was built from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceInput {
    pub file: String,
    /// Hex sha256 of the file's bytes.
    pub sha256: String,
}

/// Feeds what is written into a sha256.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes `v` as canonical JSON (keys sorted at every level, no
/// whitespace), leaving out the top-level `skip` key, without copying it.
fn write_canonical(
    v: &Value,
    skip: Option<&str>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().filter(|k| Some(k.as_str()) != skip).collect();
            keys.sort();
            w.write_all(b"{")?;
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                serde_json::to_writer(&mut *w, k)?;
                w.write_all(b":")?;
                write_canonical(&m[k], None, w)?;
            }
            w.write_all(b"}")
        }
        Value::Array(a) => {
            w.write_all(b"[")?;
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                write_canonical(x, None, w)?;
            }
            w.write_all(b"]")
        }
        other => Ok(serde_json::to_writer(&mut *w, other)?),
    }
}

/// The content hash of a snapshot document (see the module doc).
pub fn content_sha256(document: &Value) -> String {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, HashWriter(Sha256::new()));
    write_canonical(document, Some("evidence"), &mut w).expect("hashing does not fail");
    let hasher = w
        .into_inner()
        .map_err(|_| ())
        .expect("hashing does not fail");
    hex::encode(hasher.0.finalize())
}

/// Hex sha256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Checks a snapshot file's text against its own evidence block, if it has
/// one. `Err` names the file and both hashes.
pub fn verify(text: &str, file: &str, evidence: &Evidence) -> Result<(), String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    let actual = content_sha256(&doc);
    if actual != evidence.content_sha256 {
        return Err(format!(
            "{file}: at `evidence.content_sha256`: the content hashes to {actual}, the evidence block says {}: \
             the snapshot was changed after `archcheck collect` wrote it",
            evidence.content_sha256
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_whitespace_and_the_evidence_block_do_not_change_the_hash() {
        let a = json!({"b": 1, "a": {"y": [1, 2], "x": "s"}});
        let b: Value = serde_json::from_str(
            "{ \"a\": {\"x\": \"s\", \"y\": [1,2]},\n \"b\": 1, \"evidence\": {\"k\": 1} }",
        )
        .unwrap();
        assert_eq!(content_sha256(&a), content_sha256(&b));
        assert_ne!(
            content_sha256(&a),
            content_sha256(&json!({"b": 2, "a": {}}))
        );
        // sha256 of `{"a":{"x":"s","y":[1,2]},"b":1}`.
        assert_eq!(
            content_sha256(&a),
            sha256_hex(br#"{"a":{"x":"s","y":[1,2]},"b":1}"#)
        );
    }
}
