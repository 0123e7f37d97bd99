//! Resolving what an attribute refers to when the plan does not know its
//! value yet, from the `references` of configuration expressions.
//!
//! A resource created in the same plan has no ID until apply, so `vpc_id` of
//! a new subnet is unknown. Its configuration expression says
//! `aws_vpc.main.id`, and the resolver turns that into the instance
//! `aws_vpc.main` of the same module instance. It follows:
//!
//! - **count and for_each**: a literal key (`aws_nat_gateway.a[1]`) picks
//!   that instance; otherwise a resource with one instance is that one; an
//!   expression that also uses `count.index` (`aws_nat_gateway.a[count.index]`,
//!   `element(aws_nat_gateway.a[*].id, count.index)`) picks the instance
//!   whose index is the referring instance's own, and one that uses
//!   `each.key` the instance with the same key; `each.value` reads the
//!   instance of the `for_each` resource under the referring key. Anything
//!   else yields every instance (fine for a list such as `subnet_ids`;
//!   ambiguous for a single ID, which then stays unresolved).
//! - **into modules**: `var.x` inside a module instance is the module call's
//!   `x` argument, resolved in the calling module (with the module
//!   instance's own count index or for_each key); `var.x` in the root module
//!   is the plan's variable value.
//! - **out of modules**: `module.net.vpc_id` is the `vpc_id` output of
//!   each instance of `module.net`, resolved inside that instance.
//! - **conditionals** name several resources; those with no instance in
//!   the plan (the branch whose `count` is 0) drop out.
//!
//! Locals are not in the plan JSON: a reference through `local.x` cannot be
//! followed (see `Model::ref_one` for the one fallback).

use super::address::{module_path_string, Key, ModuleStep, Reference};
use super::instances::Instance;
use super::plan::{ConfigModule, Plan};
use serde_json::Value;
use std::collections::HashMap;

/// What a reference led to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A resource instance (index into the instance list) and the attribute read from it.
    Instance { idx: usize, attr: Option<String> },
    /// A value the configuration or the plan's variables give.
    Known(Value),
}

/// The targets of one expression, one group per thing it references: a
/// group with several targets could not be narrowed to one instance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    pub groups: Vec<Vec<Target>>,
    /// The expression goes through a `local.` value (not in the plan).
    pub saw_local: bool,
}

impl Resolution {
    /// Every target, in order.
    pub fn all(&self) -> impl Iterator<Item = &Target> {
        self.groups.iter().flatten()
    }

    fn extend(&mut self, other: Resolution) {
        self.groups.extend(other.groups);
        self.saw_local |= other.saw_local;
    }
}

/// Where an expression is evaluated.
#[derive(Debug, Clone)]
pub struct Scope<'p> {
    pub module: Vec<ModuleStep>,
    pub config: Option<&'p ConfigModule>,
    /// `count.index` / `each.key` of the block the expression belongs to.
    pub index: Option<Key>,
    /// The `for_each` expression of that block (for `each.value`).
    pub for_each: Option<&'p Value>,
}

/// Instances (or module instances) with their keys: (key, index).
type Keyed = Vec<(Option<Key>, usize)>;

/// The reference resolver of one plan.
pub struct Resolver<'p> {
    root: Option<&'p ConfigModule>,
    variables: HashMap<&'p str, &'p Value>,
    /// (module instance, `type.name`) -> instances (key, index into the instance list).
    resources: HashMap<(String, String), Keyed>,
    /// (module instance, call name) -> keys of the called module's instances.
    modules: HashMap<(String, String), Vec<Option<Key>>>,
}

const MAX_DEPTH: usize = 24;

impl<'p> Resolver<'p> {
    pub fn new(plan: &'p Plan, instances: &[Instance<'p>]) -> Self {
        let mut resources: HashMap<(String, String), Keyed> = HashMap::new();
        let mut modules: HashMap<(String, String), Vec<Option<Key>>> = HashMap::new();
        for (i, inst) in instances.iter().enumerate() {
            resources
                .entry((inst.module.clone(), inst.addr.resource()))
                .or_default()
                .push((inst.addr.key.clone(), i));
            for depth in 0..inst.addr.module.len() {
                let parent = module_path_string(&inst.addr.module[..depth]);
                let step = &inst.addr.module[depth];
                let keys = modules.entry((parent, step.name.clone())).or_default();
                if !keys.contains(&step.key) {
                    keys.push(step.key.clone());
                }
            }
        }
        Resolver {
            root: plan
                .configuration
                .as_ref()
                .and_then(|c| c.root_module.as_ref()),
            variables: plan
                .variables
                .iter()
                .map(|(k, v)| (k.as_str(), &v.value))
                .collect(),
            resources,
            modules,
        }
    }

    /// The configuration of a module path (keys ignored).
    pub fn config_module(&self, path: &[ModuleStep]) -> Option<&'p ConfigModule> {
        let mut m = self.root?;
        for step in path {
            m = m.module_calls.get(&step.name)?.module.as_ref()?;
        }
        Some(m)
    }

    /// The scope of a resource instance's own expressions.
    pub fn scope_of(&self, inst: &Instance<'p>) -> Scope<'p> {
        Scope {
            module: inst.addr.module.clone(),
            config: self.config_module(&inst.addr.module),
            index: inst.addr.key.clone(),
            for_each: inst.config.and_then(|c| c.for_each_expression.as_ref()),
        }
    }

    /// Instances of `type.name` in a module instance.
    pub fn instances_of(&self, module: &str, resource: &str) -> &[(Option<Key>, usize)] {
        self.resources
            .get(&(module.to_string(), resource.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// What `expr` (a configuration expression) refers to, evaluated in `scope`.
    pub fn resolve(&self, expr: &Value, scope: &Scope<'p>) -> Resolution {
        self.resolve_at(expr, scope, 0, false)
    }

    fn resolve_at(
        &self,
        expr: &Value,
        scope: &Scope<'p>,
        depth: usize,
        by_each: bool,
    ) -> Resolution {
        let mut res = Resolution::default();
        if depth > MAX_DEPTH {
            return res;
        }
        if let Some(c) = expr.get("constant_value").filter(|c| !c.is_null()) {
            res.groups.push(vec![Target::Known(c.clone())]);
            return res;
        }
        let refs: Vec<Reference> = match expr.get("references") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(Reference::parse)
                .collect(),
            _ => return res,
        };
        let has_count = refs.contains(&Reference::CountIndex);
        let has_each = by_each
            || refs
                .iter()
                .any(|r| matches!(r, Reference::EachKey | Reference::EachValue));

        // Resources: one entry per (resource, literal key); a bare
        // `aws_subnet.a` is dropped when `aws_subnet.a[0]` is also named.
        let mut bases: Vec<(String, Option<Key>, Option<String>)> = Vec::new();
        let mut mods: Vec<(String, Option<Key>, Option<String>)> = Vec::new();
        let mut vars: Vec<String> = Vec::new();
        let mut each_value = false;
        for r in refs {
            match r {
                Reference::Resource {
                    resource,
                    key,
                    attr,
                } => merge_entry(&mut bases, resource, key, attr),
                Reference::Module { name, key, output } => {
                    merge_entry(&mut mods, name, key, output)
                }
                Reference::Var(v) if !vars.contains(&v) => vars.push(v),
                Reference::Local(_) => res.saw_local = true,
                Reference::EachValue => each_value = true,
                _ => {}
            }
        }
        prune_bare(&mut bases);
        prune_bare(&mut mods);

        let module_str = module_path_string(&scope.module);
        for (resource, key, attr) in &bases {
            let cands = self.instances_of(&module_str, resource);
            let chosen = select(
                cands,
                key.as_ref(),
                has_count,
                has_each,
                scope.index.as_ref(),
            );
            if !chosen.is_empty() {
                res.groups.push(
                    chosen
                        .into_iter()
                        .map(|idx| Target::Instance {
                            idx,
                            attr: attr.clone(),
                        })
                        .collect(),
                );
            }
        }

        for v in &vars {
            match scope.module.split_last() {
                None => {
                    if let Some(val) = self.variables.get(v.as_str()).filter(|v| !v.is_null()) {
                        res.groups.push(vec![Target::Known((*val).clone())]);
                    }
                }
                Some((last, parent)) => {
                    let Some(parent_cfg) = self.config_module(parent) else {
                        continue;
                    };
                    let Some(call) = parent_cfg.module_calls.get(&last.name) else {
                        continue;
                    };
                    let Some(arg) = call.expressions.get(v) else {
                        continue;
                    };
                    let outer = Scope {
                        module: parent.to_vec(),
                        config: Some(parent_cfg),
                        index: last.key.clone(),
                        for_each: call.for_each_expression.as_ref(),
                    };
                    res.extend(self.resolve_at(arg, &outer, depth + 1, false));
                }
            }
        }

        for (name, key, output) in &mods {
            let Some(output) = output else { continue };
            let Some(call) = scope.config.and_then(|c| c.module_calls.get(name)) else {
                continue;
            };
            let Some(child_cfg) = call.module.as_ref() else {
                continue;
            };
            let Some(expr) = child_cfg
                .outputs
                .get(output)
                .and_then(|o| o.expression.as_ref())
            else {
                continue;
            };
            let keys: Vec<(Option<Key>, usize)> = self
                .modules
                .get(&(module_str.clone(), name.clone()))
                .map(|ks| {
                    ks.iter()
                        .cloned()
                        .enumerate()
                        .map(|(i, k)| (k, i))
                        .collect()
                })
                .unwrap_or_default();
            let chosen = select(
                &keys,
                key.as_ref(),
                has_count,
                has_each,
                scope.index.as_ref(),
            );
            let mut merged = Resolution::default();
            for i in &chosen {
                let mut path = scope.module.clone();
                path.push(ModuleStep {
                    name: name.clone(),
                    key: keys[*i].0.clone(),
                });
                let inner = Scope {
                    module: path,
                    config: Some(child_cfg),
                    index: None,
                    for_each: None,
                };
                merged.extend(self.resolve_at(expr, &inner, depth + 1, false));
            }
            if chosen.len() > 1 {
                // Several module instances: one ambiguous group.
                res.saw_local |= merged.saw_local;
                let all: Vec<Target> = merged.groups.into_iter().flatten().collect();
                if !all.is_empty() {
                    res.groups.push(all);
                }
            } else {
                res.extend(merged);
            }
        }

        if each_value && !by_each {
            if let (Some(fe), Some(Key::Str(_))) = (scope.for_each, scope.index.as_ref()) {
                res.extend(self.resolve_at(fe, scope, depth + 1, true));
            }
        }
        res
    }
}

/// Adds a reference to the entries, merging it with an entry of the same
/// name and key that reads the same attribute (or output), or none.
fn merge_entry(
    list: &mut Vec<(String, Option<Key>, Option<String>)>,
    name: String,
    key: Option<Key>,
    attr: Option<String>,
) {
    let same = |e: &(String, Option<Key>, Option<String>)| {
        e.0 == name && e.1 == key && (e.2 == attr || e.2.is_none() || attr.is_none())
    };
    if let Some(e) = list.iter_mut().find(|e| same(e)) {
        if e.2.is_none() {
            e.2 = attr;
        }
    } else {
        list.push((name, key, attr));
    }
}

/// Drops `name` without a key when `name[k]` is there too (Terraform lists
/// every prefix of a traversal), keeping the attribute it read.
fn prune_bare(list: &mut Vec<(String, Option<Key>, Option<String>)>) {
    let keyed: Vec<(String, Option<String>)> = list
        .iter()
        .filter(|e| e.1.is_some())
        .map(|e| (e.0.clone(), e.2.clone()))
        .collect();
    list.retain(|e| e.1.is_some() || !keyed.iter().any(|k| k.0 == e.0));
    for e in list.iter_mut() {
        if e.2.is_none() {
            e.2 = keyed.iter().find(|k| k.0 == e.0).and_then(|k| k.1.clone());
        }
    }
}

/// The candidates an expression can mean (see the module documentation).
fn select(
    cands: &[(Option<Key>, usize)],
    key: Option<&Key>,
    has_count: bool,
    has_each: bool,
    index: Option<&Key>,
) -> Vec<usize> {
    if let Some(k) = key {
        return cands
            .iter()
            .filter(|c| c.0.as_ref() == Some(k))
            .map(|c| c.1)
            .collect();
    }
    if cands.len() == 1 {
        return vec![cands[0].1];
    }
    match index {
        Some(i @ Key::Int(_)) if has_count => {
            if let Some(c) = cands.iter().find(|c| c.0.as_ref() == Some(i)) {
                return vec![c.1];
            }
        }
        Some(k @ Key::Str(_)) if has_each => {
            if let Some(c) = cands.iter().find(|c| c.0.as_ref() == Some(k)) {
                return vec![c.1];
            }
        }
        _ => {}
    }
    cands.iter().map(|c| c.1).collect()
}

#[cfg(test)]
mod tests {
    use super::super::instances::{collect, ConfigIndex};
    use super::*;
    use serde_json::json;

    /// A plan with the given planned resources (address, values) and configuration.
    fn plan(addresses: &[&str], configuration: Value, variables: Value) -> Plan {
        let resources: Vec<Value> = addresses
            .iter()
            .map(|a| json!({"address": a, "mode": "managed", "values": {}}))
            .collect();
        serde_json::from_value(json!({
            "format_version": "1.2",
            "variables": variables,
            "planned_values": {"root_module": {"resources": resources}},
            "configuration": configuration,
        }))
        .unwrap()
    }

    fn resolve_attr(plan: &Plan, address: &str, attr: &str) -> Vec<Vec<String>> {
        let configs = ConfigIndex::new(plan);
        let (instances, _) = collect(plan, &configs);
        let r = Resolver::new(plan, &instances);
        let inst = instances.iter().find(|i| i.address == address).unwrap();
        let expr = &inst.config.unwrap().expressions[attr];
        r.resolve(expr, &r.scope_of(inst))
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| match t {
                        Target::Instance { idx, .. } => instances[*idx].address.clone(),
                        Target::Known(v) => format!("known:{v}"),
                    })
                    .collect()
            })
            .collect()
    }

    fn res(address: &str, expressions: Value) -> Value {
        let (t, n) = address.split_once('.').unwrap();
        json!({"address": address, "mode": "managed", "type": t, "name": n, "expressions": expressions})
    }

    #[test]
    fn a_reference_in_the_same_module_names_the_resource() {
        let p = plan(
            &["aws_vpc.main", "aws_subnet.a"],
            json!({"root_module": {"resources": [
                res("aws_vpc.main", json!({})),
                res("aws_subnet.a", json!({"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}})),
            ]}}),
            json!({}),
        );
        assert_eq!(
            resolve_attr(&p, "aws_subnet.a", "vpc_id"),
            vec![vec!["aws_vpc.main".to_string()]]
        );
    }

    #[test]
    fn count_index_matches_instance_to_instance_and_literal_keys_pick_one() {
        let p = plan(
            &[
                "aws_nat_gateway.a[0]",
                "aws_nat_gateway.a[1]",
                "aws_route.r[0]",
                "aws_route.r[1]",
                "aws_route.s",
                "aws_route.all",
            ],
            json!({"root_module": {"resources": [
                res("aws_nat_gateway.a", json!({})),
                res("aws_route.r", json!({"nat_gateway_id": {"references": ["aws_nat_gateway.a", "count.index"]}})),
                res("aws_route.s", json!({"nat_gateway_id": {"references": ["aws_nat_gateway.a[1].id", "aws_nat_gateway.a[1]", "aws_nat_gateway.a"]}})),
                res("aws_route.all", json!({"nat_gateway_id": {"references": ["aws_nat_gateway.a"]}})),
            ]}}),
            json!({}),
        );
        assert_eq!(
            resolve_attr(&p, "aws_route.r[1]", "nat_gateway_id"),
            vec![vec!["aws_nat_gateway.a[1]".to_string()]]
        );
        assert_eq!(
            resolve_attr(&p, "aws_route.r[0]", "nat_gateway_id"),
            vec![vec!["aws_nat_gateway.a[0]".to_string()]]
        );
        assert_eq!(
            resolve_attr(&p, "aws_route.s", "nat_gateway_id"),
            vec![vec!["aws_nat_gateway.a[1]".to_string()]]
        );
        // Without count.index nothing narrows it: every instance, one group.
        assert_eq!(
            resolve_attr(&p, "aws_route.all", "nat_gateway_id"),
            vec![vec![
                "aws_nat_gateway.a[0]".to_string(),
                "aws_nat_gateway.a[1]".to_string()
            ]]
        );
    }

    #[test]
    fn for_each_keys_match_through_each_key_and_each_value() {
        let p = plan(
            &[
                r#"aws_subnet.s["a"]"#,
                r#"aws_subnet.s["b"]"#,
                r#"aws_route_table_association.k["b"]"#,
                r#"aws_route_table_association.v["a"]"#,
            ],
            json!({"root_module": {"resources": [
                res("aws_subnet.s", json!({})),
                res("aws_route_table_association.k", json!({"subnet_id": {"references": ["aws_subnet.s", "each.key"]}})),
                {
                    "address": "aws_route_table_association.v", "mode": "managed",
                    "type": "aws_route_table_association", "name": "v",
                    "expressions": {"subnet_id": {"references": ["each.value.id", "each.value"]}},
                    "for_each_expression": {"references": ["aws_subnet.s"]}
                },
            ]}}),
            json!({}),
        );
        assert_eq!(
            resolve_attr(&p, r#"aws_route_table_association.k["b"]"#, "subnet_id"),
            vec![vec![r#"aws_subnet.s["b"]"#.to_string()]]
        );
        assert_eq!(
            resolve_attr(&p, r#"aws_route_table_association.v["a"]"#, "subnet_id"),
            vec![vec![r#"aws_subnet.s["a"]"#.to_string()]]
        );
    }

    #[test]
    fn references_cross_module_boundaries_through_var_and_outputs() {
        // Root: module.net makes the VPC; module.db gets its ID through a
        // variable from module.net's output.
        let p = plan(
            &["module.net.aws_vpc.this", "module.db.aws_security_group.db"],
            json!({"root_module": {"module_calls": {
                "net": {"module": {
                    "resources": [res("aws_vpc.this", json!({}))],
                    "outputs": {"vpc_id": {"expression": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}}}
                }},
                "db": {
                    "expressions": {"vpc_id": {"references": ["module.net.vpc_id", "module.net"]}},
                    "module": {"resources": [res("aws_security_group.db", json!({"vpc_id": {"references": ["var.vpc_id"]}}))]}
                }
            }}}),
            json!({}),
        );
        assert_eq!(
            resolve_attr(&p, "module.db.aws_security_group.db", "vpc_id"),
            vec![vec!["module.net.aws_vpc.this".to_string()]]
        );
    }

    #[test]
    fn a_counted_module_passes_its_own_index_to_the_call_arguments() {
        let p = plan(
            &[
                "aws_subnet.s[0]",
                "aws_subnet.s[1]",
                "module.node[0].aws_instance.n",
                "module.node[1].aws_instance.n",
            ],
            json!({"root_module": {
                "resources": [res("aws_subnet.s", json!({}))],
                "module_calls": {"node": {
                    "expressions": {"subnet_id": {"references": ["aws_subnet.s", "count.index"]}},
                    "count_expression": {"constant_value": 2},
                    "module": {"resources": [res("aws_instance.n", json!({"subnet_id": {"references": ["var.subnet_id"]}}))]}
                }}
            }}),
            json!({}),
        );
        assert_eq!(
            resolve_attr(&p, "module.node[1].aws_instance.n", "subnet_id"),
            vec![vec!["aws_subnet.s[1]".to_string()]]
        );
    }

    #[test]
    fn root_variables_and_conditionals() {
        let p = plan(
            &[
                "aws_route_table.private[0]",
                "aws_route_table_association.a[0]",
                "aws_subnet.x",
            ],
            json!({"root_module": {"resources": [
                res("aws_route_table.private", json!({})),
                res("aws_route_table_association.a", json!({
                    "route_table_id": {"references": ["aws_route_table.database", "aws_route_table.private", "var.single", "count.index"]}
                })),
                res("aws_subnet.x", json!({"vpc_id": {"references": ["var.vpc_id"]}, "cidr_block": {"references": ["local.cidr"]}})),
            ]}}),
            json!({"vpc_id": {"value": "vpc-0abc"}}),
        );
        // The database branch has no instance: only the private table remains.
        assert_eq!(
            resolve_attr(&p, "aws_route_table_association.a[0]", "route_table_id"),
            vec![vec!["aws_route_table.private[0]".to_string()]]
        );
        assert_eq!(
            resolve_attr(&p, "aws_subnet.x", "vpc_id"),
            vec![vec![r#"known:"vpc-0abc""#.to_string()]]
        );
        assert!(resolve_attr(&p, "aws_subnet.x", "cidr_block").is_empty());
    }
}
