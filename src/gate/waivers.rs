//! Waivers: accepted exceptions to controls, from a YAML file
//! (`--waivers`, default `.archcheck/waivers.yaml`) or written inline at the
//! resource (`SourceRef.ignore`). A waived finding stays in the report,
//! marked, and does not fail the run; an expired waiver no longer applies
//! and becomes a `WAIVER-EXPIRED` finding of its own.

use super::inline::ResourceFacts;
use crate::findings::{AppliedWaiver, Finding, WaiverKind};
use crate::snapshot::Tags;
use chrono::NaiveDate;
use globset::{GlobBuilder, GlobMatcher};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Where a waiver file is picked up when `--waivers` is not given.
pub const DEFAULT_FILE: &str = ".archcheck/waivers.yaml";

/// The waiver file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiverDoc {
    waivers: Vec<WaiverEntry>,
}

/// One waiver as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverEntry {
    /// Control ID or glob (`NET-003`, `K8S-*`).
    pub rule: String,
    /// Resource ID, native ID, ARN, Terraform address or name; a glob.
    #[serde(default)]
    pub resource: Option<String>,
    /// Tags (or Kubernetes labels) the resource must all carry; values are globs.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    #[serde(default)]
    pub environment: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub account: Option<String>,
    pub reason: String,
    /// Last day the waiver applies (`YYYY-MM-DD`, inclusive), as written;
    /// checked after parsing so that a bad date can be pointed at exactly.
    #[serde(default, rename = "expires")]
    expires_text: Option<String>,
    /// `expires`, parsed.
    #[serde(skip)]
    pub expires: Option<NaiveDate>,
    #[serde(default)]
    pub owner: Option<String>,
}

/// YAML reads an unquoted account ID as a number, dropping leading zeros;
/// accept both, and pad numbers back to AWS's 12 digits.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match serde_yaml_ng::Value::deserialize(d)? {
        serde_yaml_ng::Value::String(s) => Ok(Some(s)),
        serde_yaml_ng::Value::Number(n) => match n.as_u64() {
            Some(n) => Ok(Some(format!("{n:012}"))),
            None => Err(serde::de::Error::custom(
                "expected an AWS account ID (12 digits)",
            )),
        },
        serde_yaml_ng::Value::Null => Ok(None),
        _ => Err(serde::de::Error::custom(
            "expected an AWS account ID (12 digits)",
        )),
    }
}

/// Line and column (1-based) of `key:` between lines `from` and `to` (1-based, `to` exclusive).
fn key_position(text: &str, from: u32, to: u32, key: &str) -> Option<(u32, usize)> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
        .take(to.saturating_sub(from) as usize)
        .find_map(|(i, l)| {
            let col = l.find(&format!("{key}:"))?;
            let before = l[..col].trim();
            (before.is_empty() || before == "-").then_some((i as u32 + 1, col + 1))
        })
}

/// A loaded waiver with its matchers and where it is written.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub entry: WaiverEntry,
    /// `file:line` of the waiver's list item.
    pub origin: String,
    pub file: String,
    pub line: u32,
    rule: GlobMatcher,
    resource: Option<GlobMatcher>,
    tags: Vec<(String, GlobMatcher)>,
}

/// The waivers of one file.
#[derive(Debug, Clone, Default)]
pub struct WaiverSet {
    pub file: String,
    pub waivers: Vec<Waiver>,
}

fn glob(pattern: &str, case_insensitive: bool) -> Result<GlobMatcher, globset::Error> {
    Ok(GlobBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .literal_separator(false)
        .build()?
        .compile_matcher())
}

/// Rule patterns match IDs whatever their case.
pub(super) fn rule_glob(pattern: &str) -> Result<GlobMatcher, globset::Error> {
    glob(pattern.trim(), true)
}

/// 1-based line of each item of the top-level `waivers:` list (block
/// style), found in the text because the YAML parser keeps no positions
/// for values that parsed.
fn item_lines(text: &str) -> Vec<u32> {
    let mut lines = text.lines().enumerate();
    let Some((start, _)) = lines.find(|(_, l)| l.starts_with("waivers:")) else {
        return Vec::new();
    };
    let mut indent = None;
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate().skip(start + 1) {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let here = l.len() - trimmed.len();
        if here == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed == "-" || trimmed.starts_with("- ") {
            match indent {
                None => {
                    indent = Some(here);
                    out.push(i as u32 + 1);
                }
                Some(n) if n == here => out.push(i as u32 + 1),
                _ => {}
            }
        }
    }
    out
}

impl WaiverSet {
    /// Some waiver matches on tags.
    pub fn uses_tags(&self) -> bool {
        self.waivers.iter().any(|w| !w.tags.is_empty())
    }

    /// Reads and checks a waiver file; errors name the file, the line and
    /// what was expected.
    pub fn load(path: &Path) -> Result<WaiverSet, String> {
        let file = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{file}: cannot read: {e}"))?;
        Self::parse(&text, &file)
    }

    /// Parses waiver YAML; `file` names it in errors and origins.
    pub fn parse(text: &str, file: &str) -> Result<WaiverSet, String> {
        let doc: WaiverDoc = serde_yaml_ng::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        let lines = item_lines(text);
        let mut waivers = Vec::new();
        for (i, mut entry) in doc.waivers.into_iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(1);
            let at = format!("{file}:{line}: waivers[{i}]");
            if let Some(text_date) = &entry.expires_text {
                let date = NaiveDate::parse_from_str(text_date.trim(), "%Y-%m-%d");
                entry.expires = Some(date.map_err(|_| {
                    let end = lines.get(i + 1).copied().unwrap_or(u32::MAX);
                    let (l, c) = key_position(text, line, end, "expires").unwrap_or((line, 1));
                    format!(
                        "{file}:{l}:{c}: waivers[{i}].expires: `{text_date}` is not a date: expected YYYY-MM-DD (the last day the waiver applies)"
                    )
                })?);
            }
            if entry.reason.trim().is_empty() {
                return Err(format!(
                    "{at}: `reason` is empty: say why the exception is accepted"
                ));
            }
            if entry.rule.trim().is_empty() {
                return Err(format!(
                    "{at}: `rule` is empty: expected a control ID or glob (NET-003, K8S-*)"
                ));
            }
            if entry.resource.is_none() && entry.tags.is_empty() {
                return Err(format!(
                    "{at}: expected `resource` or `tags` to say what is waived (resource: \"*\" waives {} everywhere)",
                    entry.rule
                ));
            }
            let bad = |what: &str, e: globset::Error| format!("{at}: `{what}`: bad glob: {e}");
            let rule = rule_glob(&entry.rule).map_err(|e| bad("rule", e))?;
            let resource = match &entry.resource {
                Some(r) => Some(glob(r, false).map_err(|e| bad("resource", e))?),
                None => None,
            };
            let tags = entry
                .tags
                .iter()
                .map(|(k, v)| Ok((k.clone(), glob(v, false).map_err(|e| bad("tags", e))?)))
                .collect::<Result<Vec<_>, String>>()?;
            waivers.push(Waiver {
                origin: format!("{file}:{line}"),
                file: file.to_string(),
                line,
                entry,
                rule,
                resource,
                tags,
            });
        }
        Ok(WaiverSet {
            file: file.to_string(),
            waivers,
        })
    }
}

impl Waiver {
    /// The waiver has lapsed on `today` (it applies through its `expires` day).
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.entry.expires.is_some_and(|d| d < today)
    }

    /// The waiver covers `f` (whose resource carries `tags`).
    pub fn matches(&self, f: &Finding, tags: Option<&Tags>) -> bool {
        if !self.rule.is_match(&f.rule_id) {
            return false;
        }
        let e = &self.entry;
        if e.environment
            .as_ref()
            .is_some_and(|env| *env != f.environment)
        {
            return false;
        }
        if e.account
            .as_ref()
            .is_some_and(|a| f.resource.account_id.as_ref() != Some(a))
        {
            return false;
        }
        if let Some(g) = &self.resource {
            let r = &f.resource;
            let names = [
                Some(&r.id),
                r.native_id.as_ref(),
                r.arn.as_ref(),
                r.address.as_ref(),
                r.name.as_ref(),
            ];
            if !names.into_iter().flatten().any(|n| g.is_match(n)) {
                return false;
            }
        }
        self.tags.iter().all(|(k, g)| {
            tags.and_then(|t| t.get(k))
                .is_some_and(|v| g.is_match(v.as_str()))
        })
    }

    fn applied(&self) -> AppliedWaiver {
        AppliedWaiver {
            reason: self.entry.reason.trim().to_string(),
            owner: self.entry.owner.clone(),
            expires: self.entry.expires.map(|d| d.to_string()),
            origin: self.origin.clone(),
            kind: WaiverKind::File,
        }
    }

    /// What the waiver covers: `subnet-1, tag Team=pay* in prod`.
    pub fn target(&self) -> String {
        let e = &self.entry;
        let mut what = Vec::new();
        if let Some(r) = &e.resource {
            what.push(r.clone());
        }
        what.extend(e.tags.iter().map(|(k, v)| format!("tag {k}={v}")));
        let mut s = what.join(", ");
        if let Some(env) = &e.environment {
            s.push_str(&format!(" in {env}"));
        }
        if let Some(a) = &e.account {
            s.push_str(&format!(" in account {a}"));
        }
        s
    }

    /// What the waiver names, for messages: `NET-003 on subnet-1`.
    pub fn describe(&self) -> String {
        format!("{} on {}", self.entry.rule, self.target())
    }
}

/// A waiver that matched nothing or lapsed, as listed in the JSON report.
#[derive(Debug, Clone, Serialize)]
pub struct WaiverNote {
    /// `file:line`, or the resource's location for an inline waiver.
    pub origin: String,
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub reason: String,
}

impl WaiverNote {
    fn of(w: &Waiver) -> WaiverNote {
        WaiverNote {
            origin: w.origin.clone(),
            rule: w.entry.rule.clone(),
            resource: Some(w.target()),
            expires: w.entry.expires.map(|d| d.to_string()),
            owner: w.entry.owner.clone(),
            reason: w.entry.reason.trim().to_string(),
        }
    }
}

/// What applying waivers did (the JSON report's `waivers` block).
#[derive(Debug, Clone, Default, Serialize)]
pub struct WaiverReport {
    /// The waiver file, when one was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Findings covered by a waiver file entry, and by an inline directive.
    pub applied_file: usize,
    pub applied_inline: usize,
    /// Waivers that covered no finding (a warning: stale or mistyped).
    pub unmatched: Vec<WaiverNote>,
    /// Waivers past their `expires` date (each also a `WAIVER-EXPIRED` finding).
    pub expired: Vec<WaiverNote>,
}

/// Marks the findings `set` and the inline directives cover. Expired
/// waivers are not applied; they are returned in the report's `expired`.
pub fn apply(
    findings: &mut [Finding],
    set: Option<&WaiverSet>,
    facts: &ResourceFacts,
    today: NaiveDate,
) -> WaiverReport {
    let mut report = WaiverReport {
        file: set.map(|s| s.file.clone()),
        ..Default::default()
    };
    let mut inline_used = vec![false; facts.inline.len()];
    let mut inline_by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in facts.inline.iter().enumerate() {
        inline_by_id.entry(&w.resource_id).or_default().push(i);
    }
    let waivers: &[Waiver] = set.map_or(&[], |s| &s.waivers);
    let mut used = vec![false; waivers.len()];
    // The live waivers whose rule pattern matches each rule ID, worked out
    // once per rule rather than once per finding.
    let mut by_rule: HashMap<String, Vec<usize>> = HashMap::new();
    for f in findings.iter_mut() {
        if f.waiver.is_some() {
            continue;
        }
        let inline = inline_by_id
            .get(f.resource.id.as_str())
            .into_iter()
            .flatten()
            .copied()
            .find(|&i| facts.inline[i].rules.iter().any(|g| g.is_match(&f.rule_id)));
        if let Some(i) = inline {
            let w = &facts.inline[i];
            inline_used[i] = true;
            report.applied_inline += 1;
            f.waiver = Some(AppliedWaiver {
                reason: w.reason.clone(),
                owner: None,
                expires: None,
                origin: w.origin.clone(),
                kind: WaiverKind::Inline,
            });
            continue;
        }
        let tags = facts.tags.get(&f.resource.id);
        let candidates = by_rule.entry(f.rule_id.clone()).or_insert_with(|| {
            (0..waivers.len())
                .filter(|&i| !waivers[i].is_expired(today) && waivers[i].rule.is_match(&f.rule_id))
                .collect()
        });
        let found = candidates
            .iter()
            .map(|&i| (i, &waivers[i]))
            .find(|(_, w)| w.matches(f, tags));
        if let Some((i, w)) = found {
            used[i] = true;
            report.applied_file += 1;
            f.waiver = Some(w.applied());
        }
    }
    for (w, used) in waivers.iter().zip(used) {
        if w.is_expired(today) {
            report.expired.push(WaiverNote::of(w));
        } else if !used {
            report.unmatched.push(WaiverNote::of(w));
        }
    }
    for (w, used) in facts.inline.iter().zip(inline_used) {
        if !used {
            report.unmatched.push(WaiverNote {
                origin: w.origin.clone(),
                rule: w.rule_text.clone(),
                resource: Some(w.resource_id.clone()),
                expires: None,
                owner: None,
                reason: w.reason.clone(),
            });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_lines_finds_each_list_item() {
        let text = "# waivers\nwaivers:\n  - rule: A\n    reason: x\n\n  - rule: B\n    tags:\n      - no\n    reason: y\n";
        assert_eq!(item_lines(text), vec![3, 6]);
        let text = "waivers:\n- rule: A\n  reason: x\n- rule: B\n";
        assert_eq!(item_lines(text), vec![2, 4]);
    }

    #[test]
    fn an_unquoted_account_keeps_its_leading_zeros() {
        let set = WaiverSet::parse(
            "waivers:\n  - rule: A\n    resource: x\n    account: 012345678901\n    reason: r\n",
            "w.yaml",
        )
        .unwrap();
        assert_eq!(
            set.waivers[0].entry.account.as_deref(),
            Some("012345678901")
        );
    }
}
