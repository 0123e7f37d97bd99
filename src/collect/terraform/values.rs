//! Reading planned attribute values with their unknown-ness.
//!
//! A plan leaves out of `after` every value it does not know yet and marks it
//! `true` in `after_unknown` (a `true` high up covers everything below). A
//! [`Vals`] walks the two side by side, together with the configuration
//! expressions of the same block, so that a mapper can ask "is it known?"
//! and, when not, where the value comes from.

use serde_json::Value;
use std::collections::BTreeMap;

static NULL: Value = Value::Null;
static TRUE: Value = Value::Bool(true);

/// One object of planned values (a resource or a nested block).
#[derive(Debug, Clone, Copy)]
pub struct Vals<'a> {
    pub after: &'a Value,
    pub unknown: &'a Value,
    /// The configuration expressions of this block, when known.
    pub config: Option<&'a Value>,
}

impl<'a> Vals<'a> {
    pub fn new(after: &'a Value, unknown: &'a Value, config: Option<&'a Value>) -> Self {
        Vals {
            after,
            unknown,
            config,
        }
    }

    /// The value of `key`, when known and not null. Inside a block the plan
    /// does not know as a whole (a set with unknown members), the constant
    /// the configuration gives counts as known.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        match self.after.get(key).filter(|v| !v.is_null()) {
            Some(v) => Some(v),
            None if self.unknown == &TRUE => constant(self.expr(key)),
            None => None,
        }
    }

    /// `key` is known only after apply.
    pub fn is_unknown(&self, key: &str) -> bool {
        self.unknown == &TRUE || matches!(self.unknown.get(key), Some(Value::Bool(true)))
    }

    /// The configuration expression of `key`, if the block has configuration.
    pub fn expr(&self, key: &str) -> Option<&'a Value> {
        self.config.and_then(|c| c.get(key))
    }

    /// `key` is written in the configuration (as a constant or an expression).
    pub fn configured(&self, key: &str) -> bool {
        match self.expr(key) {
            Some(Value::Object(o)) => match o.get("constant_value") {
                Some(c) => !c.is_null() && c != "",
                None => o.contains_key("references"),
            },
            Some(Value::Array(a)) => !a.is_empty(),
            _ => false,
        }
    }

    /// A non-empty string value.
    pub fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A boolean (accepting "true"/"false" strings); `None` if absent or unknown.
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// A boolean whose unknown value must not read as the compliant one:
    /// `unknown_as` when unknown, `default` when absent.
    pub fn bool_or(&self, key: &str, default: bool, unknown_as: bool) -> bool {
        if let Some(b) = self.bool(key) {
            return b;
        }
        if self.is_unknown(key) {
            unknown_as
        } else {
            default
        }
    }

    /// An integer (accepting numeric strings, as Terraform 0.12 plans write them).
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The known strings of a list or set (unknown elements left out).
    pub fn strings(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) if !s.is_empty() => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    /// The list is unknown, or some of its elements are.
    pub fn list_has_unknown(&self, key: &str) -> bool {
        if self.is_unknown(key) {
            return true;
        }
        match self.unknown.get(key) {
            Some(Value::Array(a)) => a.iter().any(|v| v == &TRUE),
            _ => false,
        }
    }

    /// A map of strings (`tags`); unknown values are left out.
    pub fn string_map(&self, key: &str) -> BTreeMap<String, String> {
        let unknown = self.unknown.get(key);
        match self.get(key) {
            Some(Value::Object(o)) => o
                .iter()
                .filter(|(k, _)| {
                    !matches!(
                        unknown.and_then(|u| u.get(k.as_str())),
                        Some(Value::Bool(true))
                    )
                })
                .filter_map(|(k, v)| {
                    let s = match v {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((k.clone(), s))
                })
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// The nested blocks of `key` (a list or set of objects). The
    /// configuration of block i is the i-th configured block when the
    /// counts agree (lists keep their order; for sets see
    /// [`Vals::with_config`]).
    pub fn blocks(&self, key: &str) -> Vec<Vals<'a>> {
        let Some(Value::Array(items)) = self.get(key) else {
            return Vec::new();
        };
        let unknown = self.child_unknown(key);
        let configs = match self.expr(key) {
            Some(Value::Array(c)) if c.len() == items.len() => Some(c),
            _ => None,
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| Vals {
                after: item,
                unknown: match unknown {
                    Value::Array(u) => u.get(i).unwrap_or(&NULL),
                    Value::Bool(true) => &TRUE,
                    _ => &NULL,
                },
                config: configs.and_then(|c| c.get(i)),
            })
            .collect()
    }

    /// The nested blocks of `key` as the plan knows them; when it knows
    /// none (the whole set is unknown), the configured blocks, read as
    /// unknown values with their constants.
    pub fn blocks_or_config(&self, key: &str) -> Vec<Vals<'a>> {
        let known = self.blocks(key);
        if !known.is_empty() || !self.is_unknown(key) {
            return known;
        }
        self.config_blocks(key)
            .into_iter()
            .map(|c| Vals {
                after: &NULL,
                unknown: &TRUE,
                config: Some(c),
            })
            .collect()
    }

    /// The first nested block of `key` (`vpc_config`, `metadata`).
    pub fn block(&self, key: &str) -> Option<Vals<'a>> {
        self.blocks(key).into_iter().next()
    }

    /// The configured blocks of `key` (as written, whatever the plan knows).
    pub fn config_blocks(&self, key: &str) -> Vec<&'a Value> {
        match self.expr(key) {
            Some(Value::Array(c)) => c.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The same values read with another block's configuration.
    pub fn with_config(self, config: Option<&'a Value>) -> Vals<'a> {
        Vals { config, ..self }
    }

    fn child_unknown(&self, key: &str) -> &'a Value {
        if self.unknown == &TRUE {
            &TRUE
        } else {
            self.unknown.get(key).unwrap_or(&NULL)
        }
    }
}

/// The constant value of a configuration expression, if it is one.
pub fn constant(expr: Option<&Value>) -> Option<&Value> {
    expr?.get("constant_value").filter(|v| !v.is_null())
}

/// The constant of an expression as text (numbers written as strings too).
pub fn constant_str(expr: Option<&Value>) -> Option<String> {
    match constant(expr)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_values_are_neither_present_nor_defaulted() {
        let after = json!({"publicly_accessible": null, "multi_az": true, "tags": {"Name": "a", "x": null}});
        let unknown = json!({"publicly_accessible": true, "tags": {"x": true}, "vpc_config": [{"subnet_ids": true}]});
        let v = Vals::new(&after, &unknown, None);
        assert!(v.is_unknown("publicly_accessible"));
        assert!(v.bool_or("publicly_accessible", false, true));
        assert!(!v.bool_or("deletion_protection", false, true));
        assert_eq!(v.bool("multi_az"), Some(true));
        assert_eq!(v.string_map("tags").len(), 1);
    }

    #[test]
    fn a_true_above_makes_every_nested_value_unknown() {
        let after = json!({"route": [{"cidr_block": "0.0.0.0/0"}]});
        let unknown = json!({"route": true});
        let v = Vals::new(&after, &unknown, None);
        let r = v.blocks("route");
        assert!(r[0].is_unknown("nat_gateway_id"));
    }
}
