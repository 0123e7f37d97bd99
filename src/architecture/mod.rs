//! The architecture file: what "the documented architecture" means for one
//! organisation — its environments, the accounts, tags and clusters that
//! identify them, and every control's parameters per class of environment.
//!
//! Loading is three steps: parse the YAML strictly (unknown keys are errors
//! with a line number), lay the file over the one it `extends`, and resolve
//! the parameters in force for every environment.

mod params;

pub use params::{
    ByClass, Class, ClassParameters, EndpointSpec, EnvironmentParameters, PerClass,
    ResolvedParameters, PARAMETER_NAMES,
};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in architecture file (document 000).
pub const BUILTIN_YAML: &str = include_str!("../../architectures/builtin.yaml");

/// The name of the environment given to resources nothing identifies.
pub const UNKNOWN_ENVIRONMENT: &str = "unknown";

/// An architecture file as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArchitectureFile {
    /// `builtin`, or a path (relative to this file) of another architecture file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// A name for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The architecture document this file encodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Environment whose parameters judge resources of unknown environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_environment: Option<String>,
    /// The AWS Organizations management account (ACC-001).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_account: Option<String>,
    /// Environments by name. When given, replaces the extended file's list whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environments: Option<BTreeMap<String, Environment>>,
    /// Parameter values per class; merged parameter by parameter over the extended file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<ClassParameters>,
    /// Per-control `enabled` and `severity`; merged control by control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controls: Option<BTreeMap<String, ControlOverride>>,
}

/// One environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub class: Class,
    /// AWS account IDs that hold this environment (an account may hold several).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
    /// Extra values of an `Environment` tag that mean this environment
    /// (the name itself and the usual spellings are always recognised).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_values: Vec<String>,
    /// Kubernetes clusters of this environment: context names, API server
    /// URLs or EKS cluster ARNs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clusters: Vec<String>,
    /// Parameter overrides for this environment only.
    #[serde(default)]
    pub parameters: EnvironmentParameters,
}

/// Per-control switches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<crate::findings::Severity>,
}

/// An architecture file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ArchitectureError {
    #[error("{file}: cannot read: {message}")]
    Read { file: String, message: String },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// The architecture in force: the merged file with parameters resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Architecture {
    /// The file it was loaded from (`builtin` for the built-in one).
    pub origin: String,
    pub name: String,
    pub document: Option<String>,
    pub default_environment: String,
    pub management_account: Option<String>,
    pub environments: BTreeMap<String, Environment>,
    pub controls: BTreeMap<String, ControlOverride>,
    /// Parameters in force per environment, `unknown` included.
    pub params: BTreeMap<String, ResolvedParameters>,
    /// The merged file (what `architecture show` prints).
    #[serde(skip)]
    pub file: ArchitectureFile,
}

impl ArchitectureFile {
    /// Parses one file strictly; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<ArchitectureFile, ArchitectureError> {
        serde_yaml_ng::from_str(text).map_err(|e| ArchitectureError::Invalid {
            file: origin.to_string(),
            message: e.to_string(),
        })
    }

    /// `self` laid over `base`.
    fn over(self, base: ArchitectureFile) -> ArchitectureFile {
        let mut controls = base.controls.unwrap_or_default();
        for (id, o) in self.controls.unwrap_or_default() {
            let merged = match controls.remove(&id) {
                Some(b) => ControlOverride {
                    enabled: o.enabled.or(b.enabled),
                    severity: o.severity.or(b.severity),
                },
                None => o,
            };
            controls.insert(id, merged);
        }
        ArchitectureFile {
            extends: None,
            name: self.name.or(base.name),
            document: self.document.or(base.document),
            default_environment: self.default_environment.or(base.default_environment),
            management_account: self.management_account.or(base.management_account),
            environments: self.environments.or(base.environments),
            parameters: Some(
                self.parameters
                    .unwrap_or_default()
                    .over(base.parameters.unwrap_or_default()),
            ),
            controls: Some(controls),
        }
    }
}

impl Architecture {
    /// The built-in architecture (document 000).
    pub fn builtin() -> Architecture {
        Self::from_text(BUILTIN_YAML, "builtin", None)
            .expect("the built-in architecture file is valid")
    }

    /// Loads a user's architecture file, following `extends`.
    pub fn load(path: &Path) -> Result<Architecture, ArchitectureError> {
        let text = std::fs::read_to_string(path).map_err(|e| ArchitectureError::Read {
            file: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::from_text(&text, &path.display().to_string(), path.parent())
    }

    /// Parses `text`, follows `extends` (paths relative to `dir`) and resolves.
    pub fn from_text(
        text: &str,
        origin: &str,
        dir: Option<&Path>,
    ) -> Result<Architecture, ArchitectureError> {
        let merged = Self::merged(text, origin, dir, 0)?;
        Self::resolve(merged, origin)
    }

    fn merged(
        text: &str,
        origin: &str,
        dir: Option<&Path>,
        depth: usize,
    ) -> Result<ArchitectureFile, ArchitectureError> {
        if depth > 8 {
            return Err(ArchitectureError::Invalid {
                file: origin.into(),
                message: "`extends` chain is longer than 8 files (a loop?)".into(),
            });
        }
        let file = ArchitectureFile::parse(text, origin)?;
        match file.extends.as_deref() {
            None => Ok(file),
            Some("builtin") => {
                let base = ArchitectureFile::parse(BUILTIN_YAML, "builtin")?;
                Ok(file.over(base))
            }
            Some(other) => {
                let path = dir.map(|d| d.join(other)).unwrap_or_else(|| other.into());
                let base_text =
                    std::fs::read_to_string(&path).map_err(|e| ArchitectureError::Invalid {
                        file: origin.into(),
                        message: format!("extends: cannot read {}: {e}", path.display()),
                    })?;
                let base = Self::merged(
                    &base_text,
                    &path.display().to_string(),
                    path.parent(),
                    depth + 1,
                )?;
                Ok(file.over(base))
            }
        }
    }

    fn resolve(file: ArchitectureFile, origin: &str) -> Result<Architecture, ArchitectureError> {
        let invalid = |message: String| ArchitectureError::Invalid {
            file: origin.to_string(),
            message,
        };
        let environments = file.environments.clone().unwrap_or_default();
        if environments.is_empty() {
            return Err(invalid(
                "`environments` is empty: name at least one environment".into(),
            ));
        }
        if environments.contains_key(UNKNOWN_ENVIRONMENT) {
            return Err(invalid(format!(
                "`{UNKNOWN_ENVIRONMENT}` is reserved and cannot name an environment"
            )));
        }
        let default_environment = file
            .default_environment
            .clone()
            .unwrap_or_else(|| "prod".to_string());
        if !environments.contains_key(&default_environment) {
            return Err(invalid(format!(
                "default_environment `{default_environment}` is not one of the environments ({})",
                environments.keys().cloned().collect::<Vec<_>>().join(", ")
            )));
        }
        let class_params = file.parameters.clone().unwrap_or_default();
        let mut params = BTreeMap::new();
        for (name, env) in &environments {
            let resolved = class_params
                .resolve(env.class, &env.parameters)
                .map_err(|m| invalid(format!("environment `{name}`: {m}")))?;
            if resolved.alb_target_type != "ip" && resolved.alb_target_type != "instance" {
                return Err(invalid(format!(
                    "environment `{name}`: alb_target_type must be `ip` or `instance`, not `{}`",
                    resolved.alb_target_type
                )));
            }
            params.insert(name.clone(), resolved);
        }
        params.insert(
            UNKNOWN_ENVIRONMENT.to_string(),
            params[&default_environment].clone(),
        );
        Ok(Architecture {
            origin: origin.to_string(),
            name: file.name.clone().unwrap_or_else(|| origin.to_string()),
            document: file.document.clone(),
            default_environment,
            management_account: file.management_account.clone(),
            environments,
            controls: file.controls.clone().unwrap_or_default(),
            params,
            file,
        })
    }

    /// Environments an account is mapped to.
    pub fn environments_of_account(&self, account_id: &str) -> Vec<&str> {
        self.environments
            .iter()
            .filter(|(_, e)| e.accounts.iter().any(|a| a == account_id))
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The environment a tag value means, if any (`production` and `prd` mean `prod`, …).
    pub fn environment_of_tag_value(&self, value: &str) -> Option<&str> {
        let v = value.trim().to_ascii_lowercase();
        let canonical = match v.as_str() {
            "production" | "prd" => "prod",
            "stage" | "stg" => "staging",
            "development" | "develop" => "dev",
            other => other,
        };
        self.environments
            .iter()
            .find(|(name, e)| {
                name.as_str() == canonical
                    || e.tag_values.iter().any(|t| t.eq_ignore_ascii_case(&v))
            })
            .map(|(n, _)| n.as_str())
    }

    /// The environment of a Kubernetes cluster (by context, server URL or EKS ARN).
    pub fn environment_of_cluster(&self, keys: &[&str]) -> Option<&str> {
        self.environments
            .iter()
            .find(|(_, e)| e.clusters.iter().any(|c| keys.contains(&c.as_str())))
            .map(|(n, _)| n.as_str())
    }

    /// What policies see as `data.archcheck`.
    pub fn to_rego_data(&self) -> serde_json::Value {
        let environments: serde_json::Map<String, serde_json::Value> = self
            .environments
            .iter()
            .map(|(name, e)| {
                (
                    name.clone(),
                    serde_json::json!({"class": e.class, "accounts": e.accounts, "clusters": e.clusters, "tag_values": e.tag_values}),
                )
            })
            .collect();
        serde_json::json!({
            "architecture": {
                "name": self.name,
                "document": self.document,
                "default_environment": self.default_environment,
                "management_account": self.management_account,
                "environments": environments,
            },
            "params": self.params,
        })
    }

    /// The architecture file's JSON Schema.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(ArchitectureFile)).expect("schema serialises")
    }
}
