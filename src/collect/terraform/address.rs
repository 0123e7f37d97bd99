//! Resource addresses (`module.net["a"].aws_subnet.data[0]`) and the
//! traversals of configuration `references` (`aws_vpc.main.id`,
//! `module.net.vpc_id`, `var.vpc_id`, `count.index`).

use std::fmt;

/// An instance key: `[0]` (count) or `["a"]` (for_each).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Int(i64),
    Str(String),
}

impl Key {
    /// The key of an `index` field of plan JSON (a number or a string).
    pub fn from_json(v: &serde_json::Value) -> Option<Key> {
        match v {
            serde_json::Value::Number(n) => n.as_i64().map(Key::Int),
            serde_json::Value::String(s) => Some(Key::Str(s.clone())),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Int(i) => write!(f, "[{i}]"),
            Key::Str(s) => write!(f, "[{}]", serde_json::Value::String(s.clone())),
        }
    }
}

/// One step of a traversal: an attribute name or a literal index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Name(String),
    Index(Key),
}

/// Splits `a.b["k"][0].c` into steps. `None` when it is not a plain
/// traversal (an index that is an expression, unbalanced quotes).
pub fn parse_traversal(s: &str) -> Option<Vec<Step>> {
    let b = s.as_bytes();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'.' => i += 1,
            b'[' => {
                i += 1;
                if b.get(i) == Some(&b'"') {
                    // A JSON string literal up to the closing quote.
                    let start = i;
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        if b[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    let lit: String = serde_json::from_str(s.get(start..=i)?).ok()?;
                    i += 1;
                    if b.get(i) != Some(&b']') {
                        return None;
                    }
                    i += 1;
                    steps.push(Step::Index(Key::Str(lit)));
                } else {
                    let start = i;
                    while i < b.len() && b[i] != b']' {
                        i += 1;
                    }
                    let n: i64 = s.get(start..i)?.trim().parse().ok()?;
                    i += 1;
                    steps.push(Step::Index(Key::Int(n)));
                }
            }
            _ => {
                let start = i;
                while i < b.len() && b[i] != b'.' && b[i] != b'[' {
                    i += 1;
                }
                steps.push(Step::Name(s[start..i].to_string()));
            }
        }
    }
    Some(steps)
}

/// A module instance on a resource's path: `module.net[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModuleStep {
    pub name: String,
    pub key: Option<Key>,
}

/// `module.a[0].module.b` (empty for the root module).
pub fn module_path_string(path: &[ModuleStep]) -> String {
    let mut s = String::new();
    for m in path {
        if !s.is_empty() {
            s.push('.');
        }
        s.push_str("module.");
        s.push_str(&m.name);
        if let Some(k) = &m.key {
            s.push_str(&k.to_string());
        }
    }
    s
}

/// A resource instance address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub module: Vec<ModuleStep>,
    /// `data.` resources (data sources).
    pub data: bool,
    pub rtype: String,
    pub name: String,
    pub key: Option<Key>,
}

impl Address {
    /// Parses `module.a["x"].module.b.aws_subnet.data[0]`.
    pub fn parse(s: &str) -> Option<Address> {
        let steps = parse_traversal(s)?;
        let mut it = steps.into_iter().peekable();
        let mut module = Vec::new();
        let mut data = false;
        loop {
            match it.next()? {
                Step::Name(n) if n == "module" => {
                    let Step::Name(name) = it.next()? else {
                        return None;
                    };
                    let key = match it.peek() {
                        Some(Step::Index(_)) => match it.next() {
                            Some(Step::Index(k)) => Some(k),
                            _ => None,
                        },
                        _ => None,
                    };
                    module.push(ModuleStep { name, key });
                }
                Step::Name(n) if n == "data" && !data => data = true,
                Step::Name(rtype) => {
                    let Step::Name(name) = it.next()? else {
                        return None;
                    };
                    let key = match it.next() {
                        Some(Step::Index(k)) => Some(k),
                        None => None,
                        Some(Step::Name(_)) => return None,
                    };
                    if it.next().is_some() {
                        return None;
                    }
                    return Some(Address {
                        module,
                        data,
                        rtype,
                        name,
                        key,
                    });
                }
                Step::Index(_) => return None,
            }
        }
    }

    /// `type.name` (the resource, without module path or key).
    pub fn resource(&self) -> String {
        format!("{}.{}", self.rtype, self.name)
    }

    /// The module instance path as text (`module.net[0]`, empty for root).
    pub fn module_string(&self) -> String {
        module_path_string(&self.module)
    }
}

/// What a configuration reference names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// `aws_vpc.main`, `aws_subnet.a[0].id`: a managed resource, an instance
    /// key when the traversal has a literal one, and the attribute read.
    Resource {
        resource: String,
        key: Option<Key>,
        attr: Option<String>,
    },
    /// `var.name`.
    Var(String),
    /// `module.net.vpc_id` (output absent for a bare `module.net`).
    Module {
        name: String,
        key: Option<Key>,
        output: Option<String>,
    },
    /// `count.index`.
    CountIndex,
    /// `each.key`.
    EachKey,
    /// `each.value` (with the attribute read from it, if any).
    EachValue,
    /// `local.name`.
    Local(String),
    /// `data.…`, `path.…`, `self.…`, `terraform.…` and anything else.
    Other,
}

impl Reference {
    pub fn parse(s: &str) -> Reference {
        let Some(steps) = parse_traversal(s) else {
            return Reference::Other;
        };
        let name = |i: usize| match steps.get(i) {
            Some(Step::Name(n)) => Some(n.clone()),
            _ => None,
        };
        let Some(head) = name(0) else {
            return Reference::Other;
        };
        match head.as_str() {
            "var" => name(1).map(Reference::Var).unwrap_or(Reference::Other),
            "local" => name(1).map(Reference::Local).unwrap_or(Reference::Other),
            "count" => Reference::CountIndex,
            "each" => match name(1).as_deref() {
                Some("key") => Reference::EachKey,
                Some("value") => Reference::EachValue,
                _ => Reference::Other,
            },
            "module" => {
                let Some(m) = name(1) else {
                    return Reference::Other;
                };
                let (key, next) = match steps.get(2) {
                    Some(Step::Index(k)) => (Some(k.clone()), 3),
                    _ => (None, 2),
                };
                Reference::Module {
                    name: m,
                    key,
                    output: name(next),
                }
            }
            "data" | "path" | "self" | "terraform" => Reference::Other,
            rtype => {
                let Some(rname) = name(1) else {
                    return Reference::Other;
                };
                let (key, next) = match steps.get(2) {
                    Some(Step::Index(k)) => (Some(k.clone()), 3),
                    _ => (None, 2),
                };
                Reference::Resource {
                    resource: format!("{rtype}.{rname}"),
                    key,
                    attr: name(next),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_with_modules_and_keys_parse() {
        let a =
            Address::parse(r#"module.net["eu.west"].module.sub[2].aws_subnet.data[0]"#).unwrap();
        assert_eq!(a.module_string(), r#"module.net["eu.west"].module.sub[2]"#);
        assert_eq!(a.resource(), "aws_subnet.data");
        assert_eq!(a.key, Some(Key::Int(0)));
        let b = Address::parse(r#"aws_subnet.by_az["us-east-1a"]"#).unwrap();
        assert!(b.module.is_empty());
        assert_eq!(b.key, Some(Key::Str("us-east-1a".into())));
        assert!(Address::parse("data.aws_vpc.main").unwrap().data);
        assert!(Address::parse("module.x").is_none());
    }

    #[test]
    fn references_are_classified() {
        assert_eq!(
            Reference::parse("aws_nat_gateway.a[1].id"),
            Reference::Resource {
                resource: "aws_nat_gateway.a".into(),
                key: Some(Key::Int(1)),
                attr: Some("id".into())
            }
        );
        assert_eq!(
            Reference::parse("aws_vpc.main"),
            Reference::Resource {
                resource: "aws_vpc.main".into(),
                key: None,
                attr: None
            }
        );
        assert_eq!(
            Reference::parse("module.net.private_subnet_ids"),
            Reference::Module {
                name: "net".into(),
                key: None,
                output: Some("private_subnet_ids".into())
            }
        );
        assert_eq!(
            Reference::parse("var.vpc_id"),
            Reference::Var("vpc_id".into())
        );
        assert_eq!(Reference::parse("count.index"), Reference::CountIndex);
        assert_eq!(Reference::parse("each.value.id"), Reference::EachValue);
        assert_eq!(Reference::parse("data.aws_vpc.x.id"), Reference::Other);
        assert_eq!(
            Reference::parse("local.vpc_id"),
            Reference::Local("vpc_id".into())
        );
    }
}
