//! The Rego engine: loads the policy library into regorus with the
//! architecture as data, discovers the controls by their `metadata`, and
//! evaluates their `deny` (and optional `not_evaluated`) sets in parallel.

mod extensions;
pub mod input;
mod library;
mod metadata;
pub mod testing;

pub use extensions::intersects as cidr_intersects;
pub use library::{PolicyFile, PolicyLibrary};
pub use metadata::RuleMetadata;

use rayon::prelude::*;
use regorus::Value;
use std::collections::BTreeMap;

/// A policy that cannot be loaded or evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{0}")]
    Load(String),
    #[error("{file}: evaluating {rule}: {message}")]
    Eval {
        file: String,
        rule: String,
        message: String,
    },
}

/// One control of the library.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Rego package path without `data.` (`archcheck.rules.network.net_003`).
    pub package: String,
    /// File that declares it.
    pub file: String,
    pub metadata: RuleMetadata,
    /// The package defines the optional `not_evaluated` set.
    pub has_not_evaluated: bool,
}

/// A `deny` member.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinding {
    /// `id` of the resource, as in the snapshot.
    pub resource: String,
    pub message: String,
    /// Resource type, for findings about something that is not in the
    /// snapshot (a missing VPC endpoint, a missing cluster).
    #[serde(default)]
    pub resource_type: Option<String>,
    /// Tells apart several findings of one control on one resource (a
    /// subnet id, a rule's ports), so each keeps its own fingerprint.
    #[serde(default)]
    pub key: Option<String>,
}

/// A `not_evaluated` member: a resource the control could not judge.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNotEvaluated {
    pub resource: String,
    pub reason: String,
}

/// What one control returned.
#[derive(Debug, Clone)]
pub struct RuleOutput {
    pub rule: usize,
    pub deny: Vec<RawFinding>,
    pub not_evaluated: Vec<RawNotEvaluated>,
}

/// The loaded library, ready to evaluate.
#[derive(Clone)]
pub struct PolicyEngine {
    base: regorus::Engine,
    pub rules: Vec<Rule>,
}

/// How long one rule may evaluate before regorus's execution timer stops it
/// (a policy that loops): `ARCHCHECK_POLICY_TIMEOUT` seconds, default 60.
pub fn policy_time_limit() -> std::time::Duration {
    let secs = std::env::var("ARCHCHECK_POLICY_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(60.0);
    std::time::Duration::from_secs_f64(secs)
}

/// Builds a regorus engine with the files, extensions and data loaded.
pub(crate) fn new_regorus(
    library: &PolicyLibrary,
    data: serde_json::Value,
) -> Result<regorus::Engine, EngineError> {
    let mut engine = regorus::Engine::new();
    engine.set_rego_v0(false);
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit: policy_time_limit(),
        check_interval: std::num::NonZeroU32::new(256).expect("not zero"),
    });
    extensions::register(&mut engine).map_err(|e| EngineError::Load(e.to_string()))?;
    for f in &library.files {
        engine
            .add_policy(f.path.clone(), f.text.clone())
            .map_err(|e| EngineError::Load(e.to_string()))?;
    }
    engine
        .add_data(Value::from(serde_json::json!({ "archcheck": data })))
        .map_err(|e| EngineError::Load(e.to_string()))?;
    Ok(engine)
}

/// The package each file declares, by file (regorus has parsed every file
/// already, so the first `package` line is the declaration).
pub(crate) fn packages_by_file(library: &PolicyLibrary) -> Vec<(String, String)> {
    library
        .files
        .iter()
        .filter_map(|f| {
            let package = f
                .text
                .lines()
                .find_map(|l| l.trim().strip_prefix("package "))?;
            Some((f.path.clone(), package.trim().to_string()))
        })
        .collect()
}

impl PolicyEngine {
    /// Loads `library` (test files are left out) with `data` as `data.archcheck`.
    pub fn new(
        library: &PolicyLibrary,
        data: serde_json::Value,
    ) -> Result<PolicyEngine, EngineError> {
        let library = library.without_tests();
        let mut engine = new_regorus(&library, data)?;
        let mut rules = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (file, package) in packages_by_file(&library) {
            let text = &library
                .files
                .iter()
                .find(|f| f.path == file)
                .expect("listed file")
                .text;
            if !text
                .lines()
                .any(|l| l.starts_with("metadata :=") || l.starts_with("metadata ="))
            {
                continue; // a helper package, not a control
            }
            let value = engine
                .eval_rule(format!("data.{package}.metadata"))
                .map_err(|e| EngineError::Load(format!("{file}: evaluating metadata: {e}")))?;
            if value == Value::Undefined {
                continue; // a helper package, not a control
            }
            let json: serde_json::Value =
                serde_json::from_str(&value.to_json_str().unwrap_or_default())
                    .map_err(|e| EngineError::Load(format!("{file}: metadata: {e}")))?;
            let metadata: RuleMetadata = serde_path_to_error::deserialize(json).map_err(|e| {
                EngineError::Load(format!("{file}: metadata at `{}`: {}", e.path(), e.inner()))
            })?;
            metadata.validate(&file).map_err(EngineError::Load)?;
            if let Some(other) = seen.insert(metadata.id.clone(), file.clone()) {
                return Err(EngineError::Load(format!(
                    "{file}: control ID {} is already declared in {other}",
                    metadata.id
                )));
            }
            let has_not_evaluated = text.lines().any(|l| l.starts_with("not_evaluated "));
            rules.push(Rule {
                package,
                file,
                metadata,
                has_not_evaluated,
            });
        }
        rules.sort_by(|a, b| a.metadata.id.cmp(&b.metadata.id));
        Ok(PolicyEngine {
            base: engine,
            rules,
        })
    }

    /// The control with this ID.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.metadata.id.eq_ignore_ascii_case(id))
    }

    /// Evaluates the selected rules (indices into `self.rules`) against `input`.
    /// With `parallel`, rules are spread over rayon's threads, one engine
    /// clone per worker.
    pub fn evaluate(
        &self,
        input: Value,
        selected: &[usize],
        parallel: bool,
    ) -> Result<Vec<RuleOutput>, EngineError> {
        let mut base = self.base.clone();
        base.set_input(input);
        let run = |engine: &mut regorus::Engine, i: usize| self.evaluate_one(engine, i);
        let outputs: Vec<Result<RuleOutput, EngineError>> = if parallel {
            selected
                .par_iter()
                .with_max_len(1)
                .map_init(|| base.clone(), |engine, &i| run(engine, i))
                .collect()
        } else {
            selected.iter().map(|&i| run(&mut base, i)).collect()
        };
        outputs.into_iter().collect()
    }

    fn evaluate_one(
        &self,
        engine: &mut regorus::Engine,
        i: usize,
    ) -> Result<RuleOutput, EngineError> {
        let rule = &self.rules[i];
        let eval = |engine: &mut regorus::Engine, name: &str| -> Result<Value, EngineError> {
            engine
                .eval_rule(format!("data.{}.{name}", rule.package))
                .map_err(|e| EngineError::Eval {
                    file: rule.file.clone(),
                    rule: format!("{} ({name})", rule.metadata.id),
                    message: match e.to_string() {
                        m if m.contains("exceeded time limit") => format!(
                            "stopped after {:?}, the policy time limit (ARCHCHECK_POLICY_TIMEOUT): does it loop? ({m})",
                            policy_time_limit()
                        ),
                        m => m,
                    },
                })
        };
        let deny = members(&eval(engine, "deny")?, &rule.file, "deny")?;
        let not_evaluated = if rule.has_not_evaluated {
            members(&eval(engine, "not_evaluated")?, &rule.file, "not_evaluated")?
        } else {
            Vec::new()
        };
        Ok(RuleOutput {
            rule: i,
            deny,
            not_evaluated,
        })
    }
}

/// The members of a set rule, each deserialised as `T`.
fn members<T: serde::de::DeserializeOwned>(
    value: &Value,
    file: &str,
    rule: &str,
) -> Result<Vec<T>, EngineError> {
    let items: Vec<&Value> = match value {
        Value::Undefined | Value::Null => return Ok(Vec::new()),
        Value::Set(s) => s.iter().collect(),
        Value::Array(a) => a.iter().collect(),
        other => {
            return Err(EngineError::Load(format!(
                "{file}: `{rule}` must be a set of objects, found {}",
                other.to_json_str().unwrap_or_default()
            )))
        }
    };
    items
        .into_iter()
        .map(|v| {
            let text = v.to_json_str().unwrap_or_default();
            serde_json::from_str(&text).map_err(|e| {
                EngineError::Load(format!(
                    "{file}: a member of `{rule}` is malformed ({e}): {text}"
                ))
            })
        })
        .collect()
}
