//! The plan as the mappers see it: its instances with their snapshot IDs,
//! accounts, regions and tags, and reference lookups that return snapshot
//! IDs whether the plan knows a value or only its expression.
//!
//! - **ID**: the ARN when the plan knows it, else the `id` attribute, else
//!   the resource address (`module.net.aws_subnet.data[0]`); `native_id` is
//!   the resource's own name where AWS shows one (RDS identifiers, EKS and
//!   load-balancer names), else `id`, else the address.
//! - **Account**: the account of the resource's ARN or `owner_id`; else the
//!   provider's single `allowed_account_ids` entry or the account of its
//!   `assume_role` role ARN; else the one account every known ARN of
//!   resources under the same provider configuration agrees on; else empty.
//! - **Region**: the resource's `region` argument (AWS provider 6), its
//!   ARN's region, `global` for IAM, the provider's `region` (a constant, or
//!   a root variable's value), else empty.
//! - **Tags**: `tags_all` (provider `default_tags` included) when known, else
//!   the provider's constant `default_tags` overlaid with `tags`; tag values
//!   the plan does not know are left out.

use super::instances::{collect, ConfigIndex, Instance, WalkCounts};
use super::plan::{Plan, ProviderConfig};
use super::references::{Resolver, Target};
use super::values::{constant, Vals};
use crate::snapshot::{SourceKind, SourceRef, Tags};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

static NULL: Value = Value::Null;

/// What a reference led to: a snapshot ID and, when the target is in the
/// plan, its instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub id: String,
    pub inst: Option<usize>,
}

/// The common fields of a mapped AWS resource.
#[derive(Debug, Clone)]
pub struct Common {
    pub id: String,
    pub native_id: String,
    pub arn: Option<String>,
    pub account_id: String,
    pub region: String,
    pub name: Option<String>,
    pub tags: Tags,
    pub source: SourceRef,
}

impl Common {
    /// The snapshot's common fields (the plan always knows the source).
    pub fn into_identity(self) -> crate::snapshot::AwsIdentity {
        crate::snapshot::AwsIdentity {
            id: self.id,
            native_id: self.native_id,
            arn: self.arn,
            account_id: self.account_id,
            region: self.region,
            name: self.name,
            tags: self.tags,
            source: Some(self.source),
        }
    }
}

/// Types whose instances are judged by VPC ID lookups (the fallback of [`Model::ref_one`]).
pub const VPC: &[&str] = &["aws_vpc", "aws_default_vpc"];
pub const SUBNET: &[&str] = &["aws_subnet", "aws_default_subnet"];
pub const SG: &[&str] = &["aws_security_group", "aws_default_security_group"];
pub const ROUTE_TABLE: &[&str] = &["aws_route_table", "aws_default_route_table"];

/// Attributes registered as lookup keys, so a known value (an ID, an ARN, a
/// name) finds the instance it names.
const KEY_ATTRS: &[&str] = &[
    "id",
    "arn",
    "name",
    "identifier",
    "cluster_identifier",
    "global_cluster_identifier",
    "node_group_name",
];

pub struct Model<'p> {
    pub plan: &'p Plan,
    /// The plan file as given (`-` for standard input).
    pub file: String,
    pub instances: Vec<Instance<'p>>,
    pub counts: WalkCounts,
    pub resolver: Resolver<'p>,
    ids: Vec<String>,
    accounts: Vec<String>,
    regions: Vec<String>,
    lookup: HashMap<String, Vec<usize>>,
    by_type: HashMap<String, Vec<usize>>,
    /// `address: attribute` of references that could not be resolved.
    pub unresolved: RefCell<BTreeSet<String>>,
    /// Kinds of `kubernetes_manifest` objects no mapper reads.
    pub unmapped_manifest_kinds: RefCell<Vec<String>>,
}

fn arn_parts(arn: &str) -> Option<(String, String)> {
    let p: Vec<&str> = arn.splitn(6, ':').collect();
    (p.len() == 6 && p[0] == "arn").then(|| (p[3].to_string(), p[4].to_string()))
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

impl<'p> Model<'p> {
    pub fn new(plan: &'p Plan, file: &str) -> Self {
        let configs = ConfigIndex::new(plan);
        let (instances, counts) = collect(plan, &configs);
        let resolver = Resolver::new(plan, &instances);
        let mut m = Model {
            plan,
            file: file.to_string(),
            resolver,
            ids: Vec::with_capacity(instances.len()),
            accounts: Vec::new(),
            regions: Vec::new(),
            lookup: HashMap::new(),
            by_type: HashMap::new(),
            unresolved: RefCell::new(BTreeSet::new()),
            unmapped_manifest_kinds: RefCell::new(Vec::new()),
            instances,
            counts,
        };
        m.index();
        m
    }

    fn index(&mut self) {
        let providers: Vec<String> = (0..self.instances.len())
            .map(|i| self.provider_key(i))
            .collect();
        // Own accounts and regions, then per-provider agreement.
        let mut own_accounts = Vec::new();
        let mut own_regions = Vec::new();
        for inst in &self.instances {
            let v = Vals::new(inst.after, inst.unknown, None);
            let arn = v.str("arn").and_then(|a| arn_parts(&a));
            let account = arn
                .as_ref()
                .map(|a| a.1.clone())
                .filter(|a| is_account(a))
                .or_else(|| v.str("owner_id").filter(|a| is_account(a)));
            let region = v
                .str("region")
                .or_else(|| arn.map(|a| a.0).filter(|r| !r.is_empty()));
            own_accounts.push(account);
            own_regions.push(region);
        }
        let agreed = |own: &[Option<String>]| {
            let mut by: HashMap<&str, BTreeSet<&str>> = HashMap::new();
            for (p, a) in providers.iter().zip(own) {
                if let Some(a) = a {
                    by.entry(p.as_str()).or_default().insert(a.as_str());
                }
            }
            by.into_iter()
                .filter(|(_, s)| s.len() == 1)
                .map(|(p, s)| {
                    (
                        p.to_string(),
                        s.into_iter().next().unwrap_or_default().to_string(),
                    )
                })
                .collect::<HashMap<String, String>>()
        };
        let agreed_accounts = agreed(&own_accounts);
        let agreed_regions = agreed(&own_regions);
        for (i, inst) in self.instances.iter().enumerate() {
            let provider = self.provider(&providers[i]);
            let account = own_accounts[i]
                .clone()
                .or_else(|| provider.and_then(provider_account))
                .or_else(|| agreed_accounts.get(&providers[i]).cloned())
                .unwrap_or_default();
            let region = if inst.rtype.starts_with("aws_iam_") {
                "global".to_string()
            } else {
                own_regions[i]
                    .clone()
                    .or_else(|| provider.and_then(|p| self.provider_region(p)))
                    .or_else(|| agreed_regions.get(&providers[i]).cloned())
                    .unwrap_or_default()
            };
            self.accounts.push(account);
            self.regions.push(region);

            let v = Vals::new(inst.after, inst.unknown, None);
            let id = v
                .str("arn")
                .filter(|a| a.starts_with("arn:"))
                .or_else(|| v.str("id"))
                .unwrap_or_else(|| inst.address.clone());
            for k in KEY_ATTRS {
                if let Some(val) = v.str(k) {
                    self.lookup.entry(val).or_default().push(i);
                }
            }
            self.lookup.entry(id.clone()).or_default().push(i);
            self.ids.push(id);
            self.by_type.entry(inst.rtype.clone()).or_default().push(i);
        }
        for list in self.lookup.values_mut() {
            list.dedup();
        }
    }

    /// The key of the provider configuration an instance uses (`aws`, `aws.dr`), or "".
    fn provider_key(&self, i: usize) -> String {
        let Some(cfg) = self.plan.configuration.as_ref() else {
            return String::new();
        };
        let inst = &self.instances[i];
        let key = inst
            .config
            .and_then(|c| c.provider_config_key.clone())
            .unwrap_or_default();
        if cfg.provider_config.contains_key(&key) {
            return key;
        }
        // `net:aws` / `module.net:aws`: a module using the provider it inherits.
        let short = key.rsplit(':').next().unwrap_or_default().to_string();
        if cfg.provider_config.contains_key(&short) {
            return short;
        }
        let provider = inst.rtype.split('_').next().unwrap_or_default().to_string();
        if cfg.provider_config.contains_key(&provider) {
            return provider;
        }
        String::new()
    }

    fn provider(&self, key: &str) -> Option<&'p ProviderConfig> {
        self.plan.configuration.as_ref()?.provider_config.get(key)
    }

    fn provider_region(&self, p: &ProviderConfig) -> Option<String> {
        let expr = p.expressions.get("region")?;
        if let Some(Value::String(s)) = constant(Some(expr)) {
            return Some(s.clone());
        }
        if p.module_address.is_some() {
            return None;
        }
        // `region = var.region` in the root module: the plan's variable value.
        let refs = expr.get("references")?.as_array()?;
        let var = refs
            .iter()
            .filter_map(Value::as_str)
            .find_map(|r| r.strip_prefix("var."))?;
        match &self.plan.variables.get(var)?.value {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        }
    }

    /// The provider's constant `default_tags`.
    fn default_tags(&self, i: usize) -> Tags {
        let key = self.provider_key(i);
        let Some(p) = self.provider(&key) else {
            return Tags::new();
        };
        let tags = p
            .expressions
            .get("default_tags")
            .and_then(|b| b.get(0))
            .and_then(|b| constant(b.get("tags")));
        match tags {
            Some(Value::Object(o)) => o
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect(),
            _ => Tags::new(),
        }
    }

    /// The values of an instance, with its configuration expressions.
    pub fn vals(&self, i: usize) -> Vals<'p> {
        let inst = &self.instances[i];
        Vals::new(
            inst.after,
            inst.unknown,
            inst.config.map(|c| &c.expressions),
        )
    }

    /// Indices of the instances of the given types, in plan order.
    pub fn of_types(&self, types: &[&str]) -> Vec<usize> {
        let mut v: Vec<usize> = types
            .iter()
            .flat_map(|t| self.by_type.get(*t).cloned().unwrap_or_default())
            .collect();
        v.sort_unstable();
        v
    }

    pub fn id(&self, i: usize) -> &str {
        &self.ids[i]
    }

    pub fn account(&self, i: usize) -> &str {
        &self.accounts[i]
    }

    pub fn region(&self, i: usize) -> &str {
        &self.regions[i]
    }

    /// Known tags of an instance (see the module documentation).
    pub fn tags(&self, i: usize) -> Tags {
        let v = self.vals(i);
        if matches!(v.get("tags_all"), Some(Value::Object(_))) && !v.is_unknown("tags_all") {
            return v.string_map("tags_all");
        }
        let mut tags = self.default_tags(i);
        tags.extend(v.string_map("tags"));
        tags
    }

    /// Marks the resource `source` belongs to as `update`d when instance
    /// `i`, which the mapper folds into it (a route into its table, a rule
    /// into its security group), is created, updated or replaced while the
    /// resource itself is left alone: the resource as AWS shows it changes.
    pub fn touch(&self, i: usize, source: &mut Option<SourceRef>) {
        let changes = matches!(
            self.instances[i].action.as_deref(),
            Some("create" | "update" | "replace")
        );
        if let (true, Some(s)) = (changes, source.as_mut()) {
            if matches!(s.plan_action.as_deref(), None | Some("no-op")) {
                s.plan_action = Some("update".to_string());
            }
        }
    }

    pub fn source(&self, i: usize) -> SourceRef {
        let inst = &self.instances[i];
        SourceRef {
            kind: SourceKind::TerraformPlan,
            file: Some(self.file.clone()),
            line: None,
            address: Some(inst.address.clone()),
            plan_action: inst.action.clone(),
            ignore: Vec::new(),
        }
    }

    /// The common fields. `own_name` is the resource's own name (used when it
    /// has no `Name` tag); with `native_is_name` it is also its `native_id`.
    pub fn common(&self, i: usize, own_name: Option<String>, native_is_name: bool) -> Common {
        let v = self.vals(i);
        let tags = self.tags(i);
        let native_id = own_name
            .clone()
            .filter(|_| native_is_name)
            .or_else(|| v.str("id"))
            .unwrap_or_else(|| self.instances[i].address.clone());
        Common {
            id: self.ids[i].clone(),
            native_id,
            arn: v.str("arn").filter(|a| a.starts_with("arn:")),
            account_id: self.accounts[i].clone(),
            region: self.regions[i].clone(),
            name: tags
                .get("Name")
                .cloned()
                .filter(|n| !n.is_empty())
                .or(own_name),
            tags,
            source: self.source(i),
        }
    }

    /// The instance a known value (ID, ARN or name) names among `expect` types.
    fn translate(&self, value: &str, expect: &[&str]) -> Found {
        if let Some(list) = self.lookup.get(value) {
            let hits: Vec<usize> = list
                .iter()
                .copied()
                .filter(|j| expect.contains(&self.instances[*j].rtype.as_str()))
                .collect();
            if hits.len() == 1 {
                return Found {
                    id: self.ids[hits[0]].clone(),
                    inst: Some(hits[0]),
                };
            }
        }
        Found {
            id: value.to_string(),
            inst: None,
        }
    }

    fn known(&self, v: &Value, expect: &[&str], out: &mut Vec<Found>) {
        match v {
            Value::String(s) if !s.is_empty() => out.push(self.translate(s, expect)),
            Value::Array(a) => a.iter().for_each(|x| self.known(x, expect, out)),
            _ => {}
        }
    }

    /// What `key` of a block of instance `i` names among `expect` types: one
    /// group per thing its expression references (see `references.rs`).
    fn find(
        &self,
        i: usize,
        v: &Vals<'p>,
        key: &str,
        expect: &[&str],
        depth: usize,
    ) -> Vec<Vec<Found>> {
        let mut groups = Vec::new();
        let mut known = Vec::new();
        if let Some(val) = v.get(key) {
            self.known(val, expect, &mut known);
        }
        let partly_unknown = unknownish(v, key);
        if !known.is_empty() && !partly_unknown {
            return known.into_iter().map(|f| vec![f]).collect();
        }
        groups.extend(known.into_iter().map(|f| vec![f]));
        if !partly_unknown {
            return groups;
        }
        let Some(expr) = v.expr(key) else {
            return groups;
        };
        let scope = self.resolver.scope_of(&self.instances[i]);
        let res = self.resolver.resolve(expr, &scope);
        for g in res.groups {
            let mut out = Vec::new();
            for t in g {
                match t {
                    Target::Known(val) => self.known(&val, expect, &mut out),
                    Target::Instance { idx, attr } => {
                        if expect.contains(&self.instances[idx].rtype.as_str()) {
                            out.push(Found {
                                id: self.ids[idx].clone(),
                                inst: Some(idx),
                            });
                        } else if let Some(a) =
                            attr.filter(|a| a != "id" && a != "arn" && depth < 6)
                        {
                            // `vpc_id = aws_subnet.a.vpc_id`: follow the other resource's attribute.
                            let tv = self.vals(idx);
                            out.extend(
                                self.find(idx, &tv, &a, expect, depth + 1)
                                    .into_iter()
                                    .flatten(),
                            );
                        }
                    }
                }
            }
            if !out.is_empty() {
                groups.push(out);
            }
        }
        groups
    }

    fn note_unresolved(&self, i: usize, key: &str) {
        self.unresolved
            .borrow_mut()
            .insert(format!("{}: {key}", self.instances[i].address));
    }

    /// A single reference (`vpc_id`, `security_group_id`), as a snapshot ID.
    /// `None` when absent, or unknown and not resolvable to exactly one
    /// target. Fallback for a VPC reached through a `local.` value (as in
    /// the terraform-aws-modules/vpc module): the one VPC of the same module
    /// instance, when there is exactly one.
    pub fn ref_one(&self, i: usize, v: &Vals<'p>, key: &str, expect: &[&str]) -> Option<String> {
        self.ref_one_found(i, v, key, expect).map(|f| f.id)
    }

    /// [`Model::ref_one`], with the target instance when it is in the plan.
    pub fn ref_one_found(
        &self,
        i: usize,
        v: &Vals<'p>,
        key: &str,
        expect: &[&str],
    ) -> Option<Found> {
        let groups = self.find(i, v, key, expect, 0);
        let mut distinct: Vec<Found> = Vec::new();
        for f in groups.iter().flatten() {
            if !distinct.iter().any(|d| d.id == f.id) {
                distinct.push(f.clone());
            }
        }
        if distinct.len() == 1 {
            return distinct.pop();
        }
        if distinct.is_empty() && unknownish(v, key) && expect == VPC {
            let via_local = v
                .expr(key)
                .and_then(|e| e.get("references"))
                .and_then(Value::as_array)
                .is_some_and(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .any(|s| s.starts_with("local."))
                });
            if via_local {
                let module = &self.instances[i].module;
                let vpcs: Vec<usize> = self
                    .of_types(VPC)
                    .into_iter()
                    .filter(|j| &self.instances[*j].module == module)
                    .collect();
                if let [only] = vpcs[..] {
                    return Some(Found {
                        id: self.ids[only].clone(),
                        inst: Some(only),
                    });
                }
            }
        }
        if unknownish(v, key) && v.configured(key) {
            self.note_unresolved(i, key);
        }
        None
    }

    /// A list of references (`subnet_ids`), as snapshot IDs, without duplicates.
    pub fn ref_many(&self, i: usize, v: &Vals<'p>, key: &str, expect: &[&str]) -> Vec<String> {
        self.ref_many_found(i, v, key, expect)
            .into_iter()
            .map(|f| f.id)
            .collect()
    }

    pub fn ref_many_found(&self, i: usize, v: &Vals<'p>, key: &str, expect: &[&str]) -> Vec<Found> {
        let groups = self.find(i, v, key, expect, 0);
        let mut out: Vec<Found> = Vec::new();
        for f in groups.into_iter().flatten() {
            if !out.iter().any(|d| d.id == f.id) {
                out.push(f);
            }
        }
        if out.is_empty() && unknownish(v, key) && v.configured(key) {
            self.note_unresolved(i, key);
        }
        out
    }

    /// The instance's raw `after` value of `key` (null when absent).
    pub fn raw(&self, i: usize, key: &str) -> &'p Value {
        self.instances[i].after.get(key).unwrap_or(&NULL)
    }
}

/// The value of `key` is not (entirely) known: marked unknown, or missing
/// from an instance the plan gives no `after_unknown` for.
fn unknownish(v: &Vals<'_>, key: &str) -> bool {
    v.list_has_unknown(key) || (v.unknown.is_null() && v.after.get(key).is_none())
}

/// The account a provider block pins: a single `allowed_account_ids`, or
/// the account of its constant `assume_role` role ARN.
fn provider_account(p: &ProviderConfig) -> Option<String> {
    if let Some(Value::Array(ids)) = constant(p.expressions.get("allowed_account_ids")) {
        if let [Value::String(a)] = &ids[..] {
            if is_account(a) {
                return Some(a.clone());
            }
        }
    }
    let role = p
        .expressions
        .get("assume_role")
        .and_then(|b| b.get(0))
        .and_then(|b| b.get("role_arn"));
    match constant(role) {
        Some(Value::String(arn)) => arn_parts(arn).map(|a| a.1).filter(|a| is_account(a)),
        _ => None,
    }
}

/// Fills an AWS snapshot struct: its common fields from the model, the rest
/// as given, anything not named at its default.
#[macro_export]
#[doc(hidden)]
macro_rules! plan_entity {
    ($ty:ident, $m:expr, $i:expr, $own:expr, $native_is_name:expr, { $($f:ident : $v:expr),* $(,)? }) => {{
        let c = $m.common($i, $own, $native_is_name);
        #[allow(clippy::needless_update)]
        let r = $ty {
            $($f: $v,)*
            ..$ty::with_identity(c.into_identity())
        };
        r
    }};
}
