//! The manifest reader: every `*.yaml`, `*.yml` and `*.json` below a
//! directory (or standard input), multi-document YAML included, `List`
//! kinds expanded, into the snapshot's Kubernetes section through the same
//! conversion the live collector uses. Each object keeps its file and line.
//!
//! Documents that are not Kubernetes objects (no string `apiVersion` and
//! `kind`) are skipped and noted. An object without `metadata.namespace` is
//! placed in the namespace given (`--namespace`), else its namespace stays
//! unknown: it is never assumed to be `default`. Needs no Kubernetes client.

use super::object::{add_object, list_items, ObjectContext, Outcome};
use crate::snapshot::{Snapshot, Source, SourceKind, SourceRef};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The cluster name manifest objects carry.
pub const MANIFEST_CLUSTER: &str = "manifests";

/// A manifest that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{path}: cannot read: {message}")]
    Io { path: String, message: String },
    #[error("{file}:{line}: not valid YAML: {message} (expected Kubernetes manifests: YAML or JSON objects, `---` between documents)")]
    Yaml {
        file: String,
        line: usize,
        message: String,
    },
}

/// What the reader did, for `-v`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManifestSummary {
    pub files: usize,
    pub objects: usize,
    /// `file:line: why` of each document that is not a Kubernetes object.
    pub skipped_documents: Vec<String>,
    /// Kinds the snapshot does not hold (ConfigMap, custom resources), with counts.
    pub unmapped_kinds: BTreeMap<String, usize>,
    /// Secrets and controller-owned objects left out on purpose.
    pub skipped_objects: usize,
}

impl ManifestSummary {
    /// Lines for `-v`.
    pub fn verbose_lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "manifests: {} object(s) from {} file(s)",
            self.objects, self.files
        )];
        lines.extend(
            self.skipped_documents
                .iter()
                .map(|s| format!("skipped {s}")),
        );
        if !self.unmapped_kinds.is_empty() {
            let kinds: Vec<String> = self
                .unmapped_kinds
                .iter()
                .map(|(k, n)| format!("{k} ({n})"))
                .collect();
            lines.push(format!("manifests: kinds not judged: {}", kinds.join(", ")));
        }
        if self.skipped_objects > 0 {
            lines.push(format!(
                "manifests: {} Secret(s) or controller-owned object(s) left out",
                self.skipped_objects
            ));
        }
        lines
    }
}

/// A snapshot read from manifests, and what was skipped.
#[derive(Debug, Clone, Default)]
pub struct ManifestOutput {
    pub snapshot: Snapshot,
    pub summary: ManifestSummary,
}

/// Reads manifests into one snapshot.
#[derive(Debug, Clone, Default)]
pub struct ManifestReader {
    namespace: Option<String>,
    out: ManifestOutput,
}

fn is_manifest_file(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

impl ManifestReader {
    /// `namespace` is where objects without `metadata.namespace` go.
    pub fn new(namespace: Option<String>) -> Self {
        ManifestReader {
            namespace,
            out: ManifestOutput::default(),
        }
    }

    /// Reads every manifest file below `dir` (or `dir` itself when it is a
    /// file), in path order.
    pub fn read_path(&mut self, dir: &Path) -> Result<(), ManifestError> {
        let io = |path: &Path, e: &dyn std::fmt::Display| ManifestError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut files: Vec<PathBuf> = Vec::new();
        if dir.is_file() {
            files.push(dir.to_path_buf());
        } else {
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.map_err(|e| io(dir, &e))?;
                if entry.file_type().is_file() && is_manifest_file(entry.path()) {
                    files.push(entry.into_path());
                }
            }
        }
        if files.is_empty() && !dir.exists() {
            return Err(io(dir, &"no such file or directory"));
        }
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| io(&f, &e))?;
            self.read_str(&text, Some(&display_path(&f)))?;
        }
        Ok(())
    }

    /// Reads the manifests in `text`; `file` is where they came from (`None`
    /// for standard input).
    pub fn read_str(&mut self, text: &str, file: Option<&str>) -> Result<(), ManifestError> {
        let label = file.unwrap_or("<stdin>");
        self.out.summary.files += 1;
        self.out.snapshot.sources.push(Source {
            kind: SourceKind::Manifest,
            file: file.map(String::from),
            ..Default::default()
        });
        for doc in split_documents(text) {
            let yaml: serde_yaml_ng::Value =
                serde_yaml_ng::from_str(&doc.text).map_err(|e| ManifestError::Yaml {
                    file: label.to_string(),
                    line: doc.first_line + e.location().map_or(0, |l| l.line().saturating_sub(1)),
                    message: e.to_string(),
                })?;
            if yaml.is_null() {
                continue;
            }
            let at = doc.first_line + doc.object_offset();
            let obj: Value = match kubernetes_object(&yaml) {
                Ok(v) => v,
                Err(why) => {
                    self.out
                        .summary
                        .skipped_documents
                        .push(format!("{label}:{at}: {why}"));
                    continue;
                }
            };
            if obj["kind"].as_str().is_some_and(|k| k.ends_with("List")) && obj["items"].is_array()
            {
                let lines = doc.item_offsets();
                let items = list_items(&obj);
                let lines_fit = lines.len() == items.len();
                for (n, item) in items.iter().enumerate() {
                    let line = if lines_fit {
                        doc.first_line + lines[n]
                    } else {
                        at
                    };
                    self.add(item, file, line);
                }
            } else {
                self.add(&obj, file, at);
            }
        }
        Ok(())
    }

    fn add(&mut self, obj: &Value, file: Option<&str>, line: usize) {
        let ctx = ObjectContext {
            cluster: MANIFEST_CLUSTER,
            default_namespace: self.namespace.as_deref(),
            fallback_name: None,
            source: SourceRef {
                kind: SourceKind::Manifest,
                file: file.map(String::from),
                line: Some(line as u32),
                ..Default::default()
            },
        };
        let summary = &mut self.out.summary;
        match add_object(obj, &ctx, &mut self.out.snapshot) {
            Outcome::Added => summary.objects += 1,
            Outcome::Skipped => summary.skipped_objects += 1,
            Outcome::Unmapped(kind) => *summary.unmapped_kinds.entry(kind).or_default() += 1,
        }
    }

    /// The snapshot and summary read so far.
    pub fn finish(self) -> ManifestOutput {
        self.out
    }
}

/// `path` relative to the working directory when it is below it.
fn display_path(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    rel.unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// The document as JSON when it is a Kubernetes object, else why not.
fn kubernetes_object(yaml: &serde_yaml_ng::Value) -> Result<Value, String> {
    let Some(map) = yaml.as_mapping() else {
        return Err("not a mapping, so not a Kubernetes object".into());
    };
    let has = |k: &str| map.get(k).and_then(|v| v.as_str()).is_some();
    if !has("apiVersion") || !has("kind") {
        return Err("no apiVersion and kind, so not a Kubernetes object".into());
    }
    serde_json::to_value(yaml).map_err(|e| format!("cannot be read as a Kubernetes object: {e}"))
}

/// One YAML document of a file and where it starts.
struct Document {
    /// 1-based line of the document's first line in the file.
    first_line: usize,
    text: String,
}

impl Document {
    fn lines(&self) -> impl Iterator<Item = &str> {
        self.text.lines()
    }

    /// Lines from `first_line` to the first line that is not blank or a comment.
    fn object_offset(&self) -> usize {
        self.lines()
            .position(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .unwrap_or(0)
    }

    /// Offsets of the entries of a top-level `items:` sequence (YAML block
    /// style); empty when the list is written otherwise.
    fn item_offsets(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut in_items = false;
        let mut indent = None;
        for (n, l) in self.lines().enumerate() {
            if !in_items {
                in_items = l.trim_end() == "items:";
                continue;
            }
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let this = l.len() - t.len();
            if this == 0 && !t.starts_with('-') {
                break;
            }
            if t == "-" || t.starts_with("- ") {
                match indent {
                    None => {
                        indent = Some(this);
                        out.push(n);
                    }
                    Some(i) if i == this => out.push(n),
                    _ => {}
                }
            }
        }
        out
    }
}

/// Splits a YAML stream at `---` lines (and `...` ends), keeping where each
/// document starts so errors and objects point at the file's own lines.
fn split_documents(text: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut current = Document {
        first_line: 1,
        text: String::new(),
    };
    for (n, line) in text.lines().enumerate() {
        let is_start =
            line.starts_with("---") && line[3..].chars().next().is_none_or(char::is_whitespace);
        let is_end = line.trim_end() == "...";
        if is_start || is_end {
            docs.push(std::mem::replace(
                &mut current,
                Document {
                    first_line: n + 2,
                    text: String::new(),
                },
            ));
            if is_start && !line[3..].trim().is_empty() {
                // `--- {…}`: content on the marker line is part of the document.
                current.first_line = n + 1;
                current.text.push_str(&line[3..]);
                current.text.push('\n');
            }
            continue;
        }
        current.text.push_str(line);
        current.text.push('\n');
    }
    docs.push(current);
    docs.retain(|d| !d.text.trim().is_empty());
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_keep_their_first_line() {
        let docs = split_documents("a: 1\n---\n# c\nb: 2\n--- \n...\nc: 3\n");
        let at: Vec<(usize, usize)> = docs
            .iter()
            .map(|d| (d.first_line, d.object_offset()))
            .collect();
        assert_eq!(at, vec![(1, 0), (3, 1), (7, 0)]);
    }

    #[test]
    fn list_items_are_found_by_their_dash() {
        let d = Document {
            first_line: 1,
            text: "kind: List\nitems:\n- kind: A\n  x:\n  - 1\n- kind: B\nmetadata: {}\n".into(),
        };
        assert_eq!(d.item_offsets(), vec![2, 5]);
    }
}
