//! `--tf-state`: the JSON of `terraform show -json` on a state, read as a
//! map from the IDs and ARNs of live resources to the Terraform addresses
//! that declare them, so live findings can point at the `.tf` line.

use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// A state file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct StateError {
    pub file: String,
    pub message: String,
}

#[derive(Deserialize)]
struct StateJson {
    format_version: Option<String>,
    values: Option<Values>,
    planned_values: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Values {
    root_module: Option<Module>,
}

#[derive(Deserialize, Default)]
struct Module {
    #[serde(default)]
    resources: Vec<StateResource>,
    #[serde(default)]
    child_modules: Vec<Module>,
}

#[derive(Deserialize)]
struct StateResource {
    address: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    values: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Live identifiers (`id`, `arn`) → Terraform address.
#[derive(Debug, Clone, Default)]
pub struct StateIndex {
    by_id: HashMap<String, String>,
}

const EXPECTED: &str = "expected the output of `terraform show -json` on a state";

impl StateIndex {
    pub fn load(path: &Path) -> Result<StateIndex, StateError> {
        let file = path.display().to_string();
        let err = |message: String| StateError {
            file: file.clone(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        let state: StateJson = serde_json::from_str(&text).map_err(|e| {
            err(format!(
                "line {}, column {}: {e} ({EXPECTED})",
                e.line(),
                e.column()
            ))
        })?;
        if state.planned_values.is_some() {
            return Err(err(format!(
                "this is a plan, not a state: give it to --plan ({EXPECTED})"
            )));
        }
        if state.format_version.is_none() {
            return Err(err(format!("no `format_version` ({EXPECTED})")));
        }
        let mut index = StateIndex::default();
        let root = state.values.and_then(|v| v.root_module).unwrap_or_default();
        let mut pending = vec![&root];
        while let Some(module) = pending.pop() {
            for r in module.resources.iter().filter(|r| r.mode == "managed") {
                let Some(values) = &r.values else { continue };
                for key in ["arn", "id"] {
                    if let Some(id) = values.get(key).and_then(|v| v.as_str()) {
                        if !id.is_empty() {
                            index
                                .by_id
                                .entry(id.to_string())
                                .or_insert_with(|| r.address.clone());
                        }
                    }
                }
            }
            pending.extend(module.child_modules.iter());
        }
        Ok(index)
    }

    /// The address of the resource known by any of `ids` (its ARN, AWS ID).
    pub fn address_of<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Option<&str> {
        ids.into_iter()
            .find_map(|id| self.by_id.get(id))
            .map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}
