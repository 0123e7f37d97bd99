//! The parts of `terraform show -json` plan output the reader uses.
//!
//! Structs are tolerant: unknown fields are ignored (the format promises only
//! additions within a major version), and every field that some Terraform
//! version leaves out is optional. Attribute values, `after_unknown` and
//! configuration expressions stay [`serde_json::Value`]s: their shape
//! depends on the provider schema.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A plan as `terraform show -json PLANFILE` prints it.
#[derive(Debug, Default, Deserialize)]
pub struct Plan {
    /// `0.1` (Terraform 0.12-0.13), `0.2` (0.14-1.0), `1.x` (1.1 and later, OpenTofu).
    #[serde(default)]
    pub format_version: Option<String>,
    #[serde(default)]
    pub terraform_version: Option<String>,
    /// Root module input variables: name to `{ "value": … }`.
    #[serde(default)]
    pub variables: BTreeMap<String, PlanVariable>,
    /// The state after the plan is applied (unknown values left out).
    #[serde(default)]
    pub planned_values: Option<Values>,
    /// One change per resource instance (and per deposed object).
    #[serde(default)]
    pub resource_changes: Option<Vec<ResourceChange>>,
    /// The configuration: expressions with their references.
    #[serde(default)]
    pub configuration: Option<Configuration>,
    /// RFC 3339 time the plan was made (Terraform 1.5 and later).
    #[serde(default)]
    pub timestamp: Option<String>,
    /// Present in the JSON of a *state*, not of a plan (used to say so).
    #[serde(default)]
    pub values: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PlanVariable {
    #[serde(default)]
    pub value: Value,
}

/// `planned_values`.
#[derive(Debug, Default, Deserialize)]
pub struct Values {
    #[serde(default)]
    pub root_module: Option<StateModule>,
}

/// A module of `planned_values`, with its child modules.
#[derive(Debug, Default, Deserialize)]
pub struct StateModule {
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub resources: Vec<StateResource>,
    #[serde(default)]
    pub child_modules: Vec<StateModule>,
}

/// A resource instance of `planned_values`.
#[derive(Debug, Default, Deserialize)]
pub struct StateResource {
    pub address: String,
    #[serde(default)]
    pub mode: String,
    #[serde(rename = "type", default)]
    pub rtype: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub provider_name: Option<String>,
    #[serde(default)]
    pub values: Value,
}

/// One entry of `resource_changes`.
#[derive(Debug, Default, Deserialize)]
pub struct ResourceChange {
    pub address: String,
    #[serde(default)]
    pub mode: String,
    #[serde(rename = "type", default)]
    pub rtype: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub provider_name: Option<String>,
    /// Set for a deposed object (create_before_destroy); those are being destroyed.
    #[serde(default)]
    pub deposed: Option<String>,
    #[serde(default)]
    pub change: Change,
}

/// The change of one resource instance.
#[derive(Debug, Default, Deserialize)]
pub struct Change {
    /// `["no-op"]`, `["create"]`, `["read"]`, `["update"]`,
    /// `["delete", "create"]`, `["create", "delete"]`, `["delete"]`, `["forget"]`.
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub after: Value,
    /// Mirrors `after`: `true` where the value is known only after apply.
    #[serde(default)]
    pub after_unknown: Value,
}

/// `configuration`.
#[derive(Debug, Default, Deserialize)]
pub struct Configuration {
    /// Keyed by provider configuration key (`aws`, `aws.dr`, `net:aws`).
    #[serde(default)]
    pub provider_config: BTreeMap<String, ProviderConfig>,
    #[serde(default)]
    pub root_module: Option<ConfigModule>,
}

/// A provider block.
#[derive(Debug, Default, Deserialize)]
pub struct ProviderConfig {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub alias: Option<String>,
    #[serde(default)]
    pub module_address: Option<String>,
    /// Argument name to expression (`region`, `allowed_account_ids`,
    /// `assume_role` blocks, `default_tags` blocks).
    #[serde(default)]
    pub expressions: Value,
}

/// A module of the configuration (the root module or a module call's).
#[derive(Debug, Default, Deserialize)]
pub struct ConfigModule {
    #[serde(default)]
    pub resources: Vec<ConfigResource>,
    #[serde(default)]
    pub module_calls: BTreeMap<String, ModuleCall>,
    #[serde(default)]
    pub outputs: BTreeMap<String, ConfigOutput>,
}

/// A `module` block.
#[derive(Debug, Default, Deserialize)]
pub struct ModuleCall {
    #[serde(default)]
    pub source: Option<String>,
    /// Input variable name to expression.
    #[serde(default)]
    pub expressions: Value,
    #[serde(default)]
    pub count_expression: Option<Value>,
    #[serde(default)]
    pub for_each_expression: Option<Value>,
    #[serde(default)]
    pub module: Option<ConfigModule>,
}

/// An `output` block.
#[derive(Debug, Default, Deserialize)]
pub struct ConfigOutput {
    #[serde(default)]
    pub expression: Option<Value>,
}

/// A `resource` (or `data`) block of the configuration.
#[derive(Debug, Default, Deserialize)]
pub struct ConfigResource {
    /// Relative to its module (`aws_subnet.private`).
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub mode: String,
    #[serde(rename = "type", default)]
    pub rtype: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub provider_config_key: Option<String>,
    /// Argument name to expression; nested blocks are arrays of such maps.
    #[serde(default)]
    pub expressions: Value,
    #[serde(default)]
    pub count_expression: Option<Value>,
    #[serde(default)]
    pub for_each_expression: Option<Value>,
}
