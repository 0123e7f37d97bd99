//! Inline waivers: directives written at the resource (`source.ignore`:
//! a Terraform `# archcheck:ignore RULE[,RULE] reason` comment, a
//! Kubernetes `archcheck.io/ignore` annotation), and the other facts of the
//! snapshot that waivers match on (tags).

use super::waivers::rule_glob;
use crate::snapshot::{Snapshot, Tags};
use globset::GlobMatcher;
use std::collections::HashMap;

/// An inline directive: `RULE[,RULE] reason…` at one resource.
#[derive(Debug, Clone)]
pub struct InlineWaiver {
    pub resource_id: String,
    pub rules: Vec<GlobMatcher>,
    pub rule_text: String,
    pub reason: String,
    /// The resource's `file:line`, or its ID when it has no file.
    pub origin: String,
}

/// Parses one directive; the error says what is missing.
pub fn parse_directive(directive: &str) -> Result<(Vec<String>, String), String> {
    let directive = directive.trim();
    let (rules, reason) = directive
        .split_once(char::is_whitespace)
        .unwrap_or((directive, ""));
    let rules: Vec<String> = rules
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(String::from)
        .collect();
    if rules.is_empty() {
        return Err("expected `RULE[,RULE] reason`, found nothing".into());
    }
    if reason.trim().is_empty() {
        return Err(format!(
            "`{directive}` has no reason: expected `{} <why the exception is accepted>`",
            rules.join(",")
        ));
    }
    Ok((rules, reason.trim().to_string()))
}

/// What the snapshot says about each resource that waivers need: its tags
/// and its inline directives.
#[derive(Debug, Default)]
pub struct ResourceFacts {
    pub tags: HashMap<String, Tags>,
    pub inline: Vec<InlineWaiver>,
}

impl ResourceFacts {
    /// Reads inline directives, and tags when `with_tags` (only waivers
    /// that match on tags need them); a directive without a reason is an
    /// error naming the resource and where it is written.
    pub fn of(snapshot: &Snapshot, with_tags: bool) -> Result<ResourceFacts, String> {
        let mut facts = ResourceFacts::default();
        let mut error = None;
        snapshot.visit(&mut |_, r| {
            let m = r.meta();
            if with_tags && !r.tags().is_empty() {
                facts.tags.insert(m.id.to_string(), r.tags().clone());
            }
            let Some(src) = m.source else { return };
            let origin = match (&src.file, src.line) {
                (Some(f), Some(l)) => format!("{f}:{l}"),
                (Some(f), None) => f.clone(),
                _ => m.id.to_string(),
            };
            for d in &src.ignore {
                let parsed = parse_directive(d).and_then(|(rules, reason)| {
                    let globs = rules
                        .iter()
                        .map(|r| rule_glob(r).map_err(|e| format!("`{r}`: bad glob: {e}")))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok((rules, globs, reason))
                });
                match parsed {
                    Ok((rules, globs, reason)) => facts.inline.push(InlineWaiver {
                        resource_id: m.id.to_string(),
                        rules: globs,
                        rule_text: rules.join(","),
                        reason,
                        origin: origin.clone(),
                    }),
                    Err(e) if error.is_none() => {
                        error = Some(format!(
                            "{origin}: inline waiver on {}: {e}",
                            src.address.as_deref().unwrap_or(m.id)
                        ))
                    }
                    Err(_) => {}
                }
            }
        });
        match error {
            Some(e) => Err(e),
            None => Ok(facts),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_needs_rules_and_a_reason() {
        assert_eq!(
            parse_directive("NET-003,SG-001  accepted by the CISO ").unwrap(),
            (
                vec!["NET-003".to_string(), "SG-001".to_string()],
                "accepted by the CISO".to_string()
            )
        );
        let e = parse_directive("NET-003").unwrap_err();
        assert!(e.contains("has no reason"), "{e}");
        assert!(parse_directive("  ").is_err());
    }
}
