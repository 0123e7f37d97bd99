//! The resource instances a plan leaves in place: `planned_values` (every
//! module, recursively) joined with `resource_changes` (actions and
//! `after_unknown`) by address. Instances the plan only destroys, deposed
//! objects and data sources are left out.

use super::address::{Address, Key};
use super::plan::{ConfigResource, Plan, StateModule};
use serde_json::Value;
use std::collections::HashMap;

/// One managed resource instance as it will be after the plan.
#[derive(Debug)]
pub struct Instance<'p> {
    /// Full address (`module.net.aws_subnet.data[0]`).
    pub address: String,
    pub addr: Address,
    /// `module.net` (empty for the root module).
    pub module: String,
    pub rtype: String,
    pub after: &'p Value,
    pub unknown: &'p Value,
    /// `create`, `update`, `replace`, `no-op`, … (see `SourceRef::plan_action`).
    pub action: Option<String>,
    /// The `resource` block this instance comes from.
    pub config: Option<&'p ConfigResource>,
}

impl Instance<'_> {
    pub fn key(&self) -> Option<&Key> {
        self.addr.key.as_ref()
    }
}

/// `["delete", "create"]` -> `replace`, `["create"]` -> `create`, …
pub fn action_name(actions: &[String]) -> String {
    let has = |a: &str| actions.iter().any(|x| x == a);
    if has("delete") && has("create") {
        "replace".into()
    } else if actions.len() == 1 {
        actions[0].clone()
    } else {
        actions.join("-")
    }
}

/// What the walk found besides the instances.
#[derive(Debug, Default)]
pub struct WalkCounts {
    /// Instances the plan destroys (left out).
    pub deleted: usize,
    /// Data sources (not resources; left out).
    pub data_sources: usize,
}

fn walk_planned<'p>(m: &'p StateModule, out: &mut Vec<&'p super::plan::StateResource>) {
    out.extend(m.resources.iter());
    for c in &m.child_modules {
        walk_planned(c, out);
    }
}

/// Every managed instance the plan keeps or creates, in plan order.
pub fn collect<'p>(plan: &'p Plan, configs: &ConfigIndex<'p>) -> (Vec<Instance<'p>>, WalkCounts) {
    static NULL: Value = Value::Null;
    let mut counts = WalkCounts::default();
    let mut planned = Vec::new();
    if let Some(root) = plan
        .planned_values
        .as_ref()
        .and_then(|v| v.root_module.as_ref())
    {
        walk_planned(root, &mut planned);
    }
    let changes: HashMap<&str, &super::plan::ResourceChange> = plan
        .resource_changes
        .iter()
        .flatten()
        .filter(|c| c.deposed.is_none())
        .map(|c| (c.address.as_str(), c))
        .collect();

    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |address: &'p str,
                    mode: &str,
                    rtype: &str,
                    after: &'p Value,
                    out: &mut Vec<Instance<'p>>| {
        if !seen.insert(address) {
            return;
        }
        if mode == "data" {
            counts.data_sources += 1;
            return;
        }
        let change = changes.get(address);
        if let Some(c) = change {
            if c.change.actions.iter().all(|a| a == "delete") && !c.change.actions.is_empty() {
                counts.deleted += 1;
                return;
            }
        }
        if !after.is_object() {
            return;
        }
        let Some(addr) = Address::parse(address) else {
            return;
        };
        if addr.data {
            counts.data_sources += 1;
            return;
        }
        let module = addr.module_string();
        let config = configs.get(&addr);
        out.push(Instance {
            address: address.to_string(),
            module,
            rtype: if rtype.is_empty() {
                addr.rtype.clone()
            } else {
                rtype.to_string()
            },
            addr,
            after,
            unknown: change.map(|c| &c.change.after_unknown).unwrap_or(&NULL),
            action: change.map(|c| action_name(&c.change.actions)),
            config,
        });
    };
    for r in planned {
        // planned_values and resource_changes.after hold the same values;
        // prefer the change's `after` so the two sides of `after_unknown` agree.
        let after = match changes.get(r.address.as_str()) {
            Some(c) if c.change.after.is_object() => &c.change.after,
            _ => &r.values,
        };
        push(&r.address, &r.mode, &r.rtype, after, &mut out);
    }
    // Instances some Terraform versions list only under resource_changes,
    // and the ones the plan destroys (counted).
    for c in plan.resource_changes.iter().flatten() {
        if c.deposed.is_none() {
            push(&c.address, &c.mode, &c.rtype, &c.change.after, &mut out);
        }
    }
    (out, counts)
}

/// The configuration `resource` blocks, by module path (names only, no
/// keys) and `type.name`.
#[derive(Debug, Default)]
pub struct ConfigIndex<'p> {
    by_path: HashMap<(String, String), &'p ConfigResource>,
}

impl<'p> ConfigIndex<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        let mut idx = ConfigIndex::default();
        if let Some(root) = plan
            .configuration
            .as_ref()
            .and_then(|c| c.root_module.as_ref())
        {
            idx.add(root, String::new());
        }
        idx
    }

    fn add(&mut self, m: &'p super::plan::ConfigModule, path: String) {
        for r in &m.resources {
            if r.mode == "data" {
                continue;
            }
            // Some versions write module resources' addresses in full; keep type.name.
            let key = format!("{}.{}", r.rtype, r.name);
            self.by_path.insert((path.clone(), key), r);
        }
        for (name, call) in &m.module_calls {
            if let Some(child) = &call.module {
                let p = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                self.add(child, p);
            }
        }
    }

    pub fn get(&self, addr: &Address) -> Option<&'p ConfigResource> {
        let path = addr
            .module
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        self.by_path.get(&(path, addr.resource())).copied()
    }
}
