//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (docs/sarif.md).
//!
//! The log is built from `serde-sarif`'s types (`serde_sarif::sarif`), which
//! are generated from the SARIF 2.1.0 schema field for field: the compiler
//! checks property names and required fields, and serialisation leaves out
//! what is unset. Their builders take each optional field only through a
//! setter that cannot be skipped conditionally, so optional fields that
//! depend on the data are assigned on the built value instead.
//!
//! GitHub adds rules of its own on top of the schema (one bad result rejects
//! the whole upload); this emitter keeps all of them:
//!
//! - **Runs.** One run per source kind of the findings' locations
//!   (`live-aws`, `terraform-plan`, `manifest`, `snapshot`, …), and one per
//!   kind of the report's sources even without findings, so that a clean
//!   scan of a source still uploads an (empty) analysis for its category and
//!   GitHub closes the alerts that were fixed. Each run has its own category:
//!   `automationDetails.id` = `{ctx.category}/{kind}/` (GitHub takes the part
//!   before the last `/`). A report with neither findings nor sources gives
//!   one empty `{ctx.category}/snapshot/` run.
//! - **Rules.** `tool.driver.rules` lists the controls the run's results
//!   reference (what GitHub recommends), sorted by ID, with the severity in
//!   force for the run (the architecture file's override, as carried by the
//!   report's control results and findings): `security-severity` as a string
//!   (critical 9.5, high 8.0, medium 5.5, low 3.0, info 1.0) and
//!   `defaultConfiguration.level` (error for critical and high, warning for
//!   medium, note for low and info). Descriptions are cut to 1,024
//!   characters and tags to 20.
//! - **Results.** At most 25,000 per run, the most severe first; the rest are
//!   counted in `run.properties.omittedResults` and in a warning of
//!   `invocations[0].toolExecutionNotifications`. Every result points at a
//!   file relative to the working directory (the repository root in a
//!   workflow) with `startLine` ≥ 1: the finding's file, else
//!   `ctx.fallback_file` (the `--architecture` file, for live resources);
//!   with neither, emitting fails (exit 2). `partialFingerprints.
//!   primaryLocationLineHash` is the finding's fingerprint (rule and
//!   resource, stable across runs); a second finding of the same rule on the
//!   same resource gets `:2` appended, and so on, so that it stays an alert
//!   of its own.
//! - **Controls not evaluated** (wholly or for some scopes) are warnings in
//!   `invocations[0].toolExecutionNotifications` of every run, never passes.

use super::{EmitContext, Emitter};
use crate::cli::UsageError;
use crate::engine::Rule;
use crate::findings::{ArchitectureRef, ControlStatus, Finding, Severity};
use crate::scan::ScanReport;
use crate::snapshot::SourceKind;
use serde_json::{json, Value};
use serde_sarif::sarif as s;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

pub struct SarifEmitter;

/// `$schema` of the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub rejects a run with more results.
pub const MAX_RESULTS_PER_RUN: usize = 25_000;
/// GitHub's limit on `shortDescription.text` and `fullDescription.text`.
const MAX_DESCRIPTION_CHARS: usize = 1024;
/// GitHub's limit on `properties.tags` of a rule.
const MAX_TAGS: usize = 20;
/// Scopes named in one not-evaluated notification before "and N more".
const MAX_SCOPES_LISTED: usize = 20;

impl Emitter for SarifEmitter {
    fn emit(
        &self,
        report: &ScanReport,
        ctx: &EmitContext,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let cwd = std::env::current_dir().ok();
        let log = build(report, ctx, cwd.as_deref())?;
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)?;
        Ok(())
    }
}

/// `security-severity` (GitHub: ≥ 9 critical, 7–8.9 high, 4–6.9 medium, < 4 low).
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// SARIF `level` of a severity.
pub fn level(severity: Severity) -> s::ResultLevel {
    match severity {
        Severity::Critical | Severity::High => s::ResultLevel::Error,
        Severity::Medium => s::ResultLevel::Warning,
        Severity::Low | Severity::Info => s::ResultLevel::Note,
    }
}

/// The kebab-case name of a source kind (`live-aws`), as in the snapshot.
fn kind_name(kind: SourceKind) -> String {
    match serde_json::to_value(kind) {
        Ok(Value::String(s)) => s,
        _ => format!("{kind:?}").to_ascii_lowercase(),
    }
}

/// Builds the SARIF log of a report; `cwd` is what absolute paths are made
/// relative to.
pub fn build(
    report: &ScanReport,
    ctx: &EmitContext,
    cwd: Option<&Path>,
) -> anyhow::Result<s::Sarif> {
    // Every finding needs a file to point at: check them all before anything else.
    let mut missing = report.findings.iter().filter(|f| f.location.file.is_none());
    if ctx.fallback_file.is_none() {
        if let Some(first) = missing.next() {
            let n = 1 + missing.count();
            return Err(UsageError::new(format!(
                "--format sarif: {n} finding(s) have no file to point at (the first: {} on {}), and code scanning \
                 needs a file and line for every result: pass --architecture FILE (findings of live resources are \
                 shown on that file) or a Terraform state mapping (--tf-state/--tf-dir) that locates the resources \
                 in your code",
                first.rule_id, first.resource.id
            ))
            .into());
        }
    }

    let mut by_kind: BTreeMap<SourceKind, Vec<&Finding>> = BTreeMap::new();
    for kind in report.sources.iter().map(|s| s.kind) {
        by_kind.entry(kind).or_default();
    }
    for f in &report.findings {
        by_kind.entry(f.location.kind).or_default().push(f);
    }
    if by_kind.is_empty() {
        by_kind.insert(SourceKind::Snapshot, Vec::new());
    }

    let runs = by_kind
        .into_iter()
        .map(|(kind, findings)| build_run(report, ctx, cwd, kind, findings))
        .collect::<Vec<_>>();
    Ok(s::Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(runs)
        .build())
}

/// What a rule descriptor says about one control.
struct Control<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    remediation: &'a str,
    architecture: &'a ArchitectureRef,
    severity: Severity,
}

impl<'a> Control<'a> {
    /// The control of `finding`: its library metadata when `ctx.rules` has it
    /// (else what the finding carries), with the severity in force.
    fn of(
        finding: &'a Finding,
        rules: &'a [Rule],
        severities: &HashMap<&str, Severity>,
    ) -> Control<'a> {
        let severity = severities
            .get(finding.rule_id.as_str())
            .copied()
            .unwrap_or(finding.severity);
        match rules.iter().find(|r| r.metadata.id == finding.rule_id) {
            Some(r) => Control {
                id: &r.metadata.id,
                title: &r.metadata.title,
                description: &r.metadata.description,
                remediation: &r.metadata.remediation,
                architecture: &r.metadata.architecture,
                severity,
            },
            None => Control {
                id: &finding.rule_id,
                title: &finding.title,
                description: &finding.title,
                remediation: &finding.remediation,
                architecture: &finding.architecture,
                severity,
            },
        }
    }

    fn descriptor(&self) -> s::ReportingDescriptor {
        let mut tags: Vec<String> = vec!["security".into(), "compliance".into(), family(self.id)];
        tags.dedup();
        tags.truncate(MAX_TAGS);
        let mut props = BTreeMap::new();
        props.insert(
            "security-severity".to_string(),
            json!(security_severity(self.severity)),
        );
        props.insert("precision".to_string(), json!("very-high"));
        props.insert(
            "problem.severity".to_string(),
            json!(problem_severity(self.severity)),
        );
        let description = if self.description.trim().is_empty() {
            self.title
        } else {
            self.description
        };
        s::ReportingDescriptor::builder()
            .id(self.id)
            .name(camel_case(self.title, self.id))
            .short_description(text(truncate(self.title, MAX_DESCRIPTION_CHARS)))
            .full_description(text(truncate(description, MAX_DESCRIPTION_CHARS)))
            .help(self.help(description))
            .default_configuration(
                s::ReportingConfiguration::builder()
                    .level(serde_json::to_value(level(self.severity)).unwrap_or(Value::Null))
                    .build(),
            )
            .properties(
                s::PropertyBag::builder()
                    .tags(tags)
                    .additional_properties(props)
                    .build(),
            )
            .build()
    }

    /// `help`: what the control checks, how to fix, and the architecture it enforces.
    fn help(&self, description: &str) -> s::MultiformatMessageString {
        let mut plain = format!("{description}\n\nHow to fix: {}", self.remediation);
        let mut markdown = format!("{description}\n\n**How to fix:** {}", self.remediation);
        if !self.architecture.sections.is_empty() {
            let sections = self.architecture.sections.join(", ");
            plain.push_str(&format!("\n\nArchitecture: {sections}"));
            markdown.push_str(&format!("\n\n**Architecture:** {sections}"));
        }
        if let Some(q) = self
            .architecture
            .quote
            .as_deref()
            .filter(|q| !q.trim().is_empty())
        {
            plain.push_str(&format!("\n\"{q}\""));
            markdown.push_str(&format!("\n\n> {}", q.replace('\n', "\n> ")));
        }
        s::MultiformatMessageString::builder()
            .text(plain)
            .markdown(markdown)
            .build()
    }
}

/// `problem.severity` (shown for results without `security-severity` support).
fn problem_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "recommendation",
    }
}

fn text(t: String) -> s::MultiformatMessageString {
    s::MultiformatMessageString::builder().text(t).build()
}

/// The control family of an ID, as a tag (`NET-003` → `network`).
fn family(id: &str) -> String {
    let prefix = id.split('-').next().unwrap_or(id).to_ascii_uppercase();
    match prefix.as_str() {
        "NET" => "network",
        "LB" => "load-balancer",
        "SG" => "security-group",
        "DB" => "database",
        "EKS" => "eks",
        "IAM" => "iam",
        "ACC" => "accounts",
        "K8S" => "kubernetes",
        _ => return prefix.to_ascii_lowercase(),
    }
    .to_string()
}

/// `Data subnets have no route` → `DataSubnetsHaveNoRoute` (the ID's letters
/// and digits when the title has none).
pub fn camel_case(title: &str, id: &str) -> String {
    let name: String = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default();
            first + cs.as_str()
        })
        .collect();
    if name.is_empty() {
        id.chars().filter(|c| c.is_alphanumeric()).collect()
    } else {
        name
    }
}

/// `t` cut to at most `max` characters (an ellipsis marks the cut).
pub fn truncate(t: &str, max: usize) -> String {
    if t.chars().count() <= max {
        return t.to_string();
    }
    let mut cut: String = t.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn build_run(
    report: &ScanReport,
    ctx: &EmitContext,
    cwd: Option<&Path>,
    kind: SourceKind,
    mut findings: Vec<&Finding>,
) -> s::Run {
    let severities: HashMap<&str, Severity> = report
        .controls
        .iter()
        .map(|c| (c.rule_id.as_str(), c.severity))
        .collect();
    // Already most severe first; a stable sort keeps the report's order within a severity.
    findings.sort_by_key(|f| f.severity);
    let total = findings.len();
    let omitted = total.saturating_sub(MAX_RESULTS_PER_RUN);
    findings.truncate(MAX_RESULTS_PER_RUN);

    // Rules referenced by the run's results, sorted by ID.
    let mut controls: BTreeMap<&str, Control> = BTreeMap::new();
    for f in &findings {
        controls
            .entry(f.rule_id.as_str())
            .or_insert_with(|| Control::of(f, ctx.rules, &severities));
    }
    let rule_index: HashMap<&str, usize> = controls
        .keys()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let rules: Vec<s::ReportingDescriptor> = controls.values().map(Control::descriptor).collect();

    let mut occurrences: HashMap<(&str, &str), usize> = HashMap::new();
    let results: Vec<s::Result> = findings
        .iter()
        .map(|f| {
            let n = occurrences
                .entry((f.rule_id.as_str(), f.fingerprint.as_str()))
                .or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 {
                f.fingerprint.clone()
            } else {
                format!("{}:{n}", f.fingerprint)
            };
            let remediation = controls
                .get(f.rule_id.as_str())
                .map_or(f.remediation.as_str(), |c| c.remediation);
            build_result(
                f,
                ctx,
                cwd,
                rule_index[f.rule_id.as_str()],
                fingerprint,
                remediation,
            )
        })
        .collect();

    let mut notifications = Vec::new();
    if omitted > 0 {
        notifications.push(
            s::Notification::builder()
                .level(json!("warning"))
                .message(
                    s::Message::builder()
                        .text(format!(
                            "{omitted} results omitted: GitHub accepts at most {MAX_RESULTS_PER_RUN} per run; the \
                             {MAX_RESULTS_PER_RUN} most severe of {total} are included (--format json lists them all)"
                        ))
                        .build(),
                )
                .descriptor(s::ReportingDescriptorReference::builder().id("results-omitted").build())
                .build(),
        );
    }
    for c in report
        .controls
        .iter()
        .filter(|c| !c.not_evaluated.is_empty())
    {
        let mut listed: Vec<String> = c
            .not_evaluated
            .iter()
            .take(MAX_SCOPES_LISTED)
            .map(|n| format!("{}: {}", n.scope, n.reason))
            .collect();
        if c.not_evaluated.len() > MAX_SCOPES_LISTED {
            listed.push(format!(
                "and {} more (--format json lists them all)",
                c.not_evaluated.len() - MAX_SCOPES_LISTED
            ));
        }
        let what = if c.status == ControlStatus::NotEvaluated {
            "could not be evaluated"
        } else {
            "could not be evaluated everywhere"
        };
        let mut rule = s::ReportingDescriptorReference::builder()
            .id(c.rule_id.clone())
            .build();
        rule.index = rule_index.get(c.rule_id.as_str()).map(|i| *i as i64);
        let mut props = BTreeMap::new();
        props.insert(
            "status".to_string(),
            serde_json::to_value(c.status).unwrap_or(Value::Null),
        );
        props.insert(
            "scopesNotEvaluated".to_string(),
            json!(c.not_evaluated.len()),
        );
        notifications.push(
            s::Notification::builder()
                .level(json!("warning"))
                .message(
                    s::Message::builder()
                        .text(format!(
                            "{} ({}) {what}, so it is not reported as passed: {}",
                            c.rule_id,
                            c.title,
                            listed.join("; ")
                        ))
                        .build(),
                )
                .descriptor(
                    s::ReportingDescriptorReference::builder()
                        .id("control-not-evaluated")
                        .build(),
                )
                .associated_rule(rule)
                .properties(
                    s::PropertyBag::builder()
                        .additional_properties(props)
                        .build(),
                )
                .build(),
        );
    }
    let mut invocation = s::Invocation::builder().execution_successful(true).build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }

    let mut run_props = BTreeMap::new();
    run_props.insert("sourceKind".to_string(), json!(kind_name(kind)));
    run_props.insert("architecture".to_string(), json!(report.architecture.name));
    if !report.collected_at.is_empty() {
        run_props.insert("collectedAt".to_string(), json!(report.collected_at));
    }
    run_props.insert("findings".to_string(), json!(total));
    if omitted > 0 {
        run_props.insert("omittedResults".to_string(), json!(omitted));
        run_props.insert("resultsLimit".to_string(), json!(MAX_RESULTS_PER_RUN));
    }

    let version = env!("CARGO_PKG_VERSION");
    let mut driver = s::ToolComponent::builder()
        .name("archcheck")
        .full_name(format!("archcheck {version}"))
        .version(version)
        .semantic_version(version)
        .build();
    let info_uri = env!("CARGO_PKG_REPOSITORY");
    if !info_uri.is_empty() {
        driver.information_uri = Some(info_uri.to_string());
    }
    driver.rules = Some(rules);

    let category = ctx.category.trim_end_matches('/');
    s::Run::builder()
        .tool(s::Tool::builder().driver(driver).build())
        .automation_details(
            s::RunAutomationDetails::builder()
                .id(format!("{category}/{}/", kind_name(kind)))
                .build(),
        )
        .invocations(vec![invocation])
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .properties(
            s::PropertyBag::builder()
                .additional_properties(run_props)
                .build(),
        )
        .build()
}

fn build_result(
    f: &Finding,
    ctx: &EmitContext,
    cwd: Option<&Path>,
    rule_index: usize,
    fingerprint: String,
    remediation: &str,
) -> s::Result {
    // A line belongs to the finding's own file; on the fallback file, line 1.
    let (file, line) = match (&f.location.file, &ctx.fallback_file) {
        (Some(file), _) => (file.as_str(), f.location.line.unwrap_or(1).max(1)),
        (None, Some(fallback)) => (fallback.as_str(), 1),
        (None, None) => unreachable!("checked in build()"),
    };
    let r = &f.resource;
    let physical = s::PhysicalLocation::builder()
        .artifact_location(
            s::ArtifactLocation::builder()
                .uri(artifact_uri(file, cwd))
                .build(),
        )
        .region(s::Region::builder().start_line(i64::from(line)).build())
        .build();
    let logical = s::LogicalLocation::builder()
        .name(r.id.clone())
        .fully_qualified_name(
            r.address
                .clone()
                .or_else(|| r.arn.clone())
                .unwrap_or_else(|| r.id.clone()),
        )
        .kind(r.resource_type.clone())
        .build();
    let location = s::Location::builder()
        .physical_location(physical)
        .logical_locations(vec![logical])
        .build();

    let mut props = BTreeMap::new();
    let mut put = |k: &str, v: Option<&String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            props.insert(k.to_string(), json!(v));
        }
    };
    put("environment", Some(&f.environment));
    put("account", r.account_id.as_ref());
    put("region", r.region.as_ref());
    put("resourceId", Some(&r.id));
    put("resourceType", Some(&r.resource_type));
    put("nativeId", r.native_id.as_ref());
    put("resourceName", r.name.as_ref());
    put("arn", r.arn.as_ref());
    put("terraformAddress", r.address.as_ref());
    put("cluster", r.cluster.as_ref());
    put("namespace", r.namespace.as_ref());
    props.insert("severity".to_string(), json!(f.severity.as_str()));
    props.insert("sourceKind".to_string(), json!(kind_name(f.location.kind)));
    if f.location.file.is_none() {
        props.insert("locationIsFallback".to_string(), json!(true));
    }

    let mut result = s::Result::builder()
        .rule_id(f.rule_id.clone())
        .rule_index(rule_index as i64)
        .level(level(f.severity))
        .message(
            s::Message::builder()
                .text(message_text(&f.message, remediation))
                .build(),
        )
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(
            "primaryLocationLineHash".to_string(),
            fingerprint,
        )]))
        .properties(
            s::PropertyBag::builder()
                .additional_properties(props)
                .build(),
        )
        .build();
    result.suppressions = f.waiver.as_ref().map(|w| vec![suppression(w)]);
    result.baseline_state = f.baseline.map(|b| {
        json!(match b {
            crate::findings::BaselineState::New => "new",
            crate::findings::BaselineState::Existing => "unchanged",
        })
    });
    result
}

/// A waiver as a SARIF suppression: `external` for the waiver file,
/// `inSource` for a directive at the resource; accepted, with the reason.
fn suppression(w: &crate::findings::AppliedWaiver) -> s::Suppression {
    let kind = match w.kind {
        crate::findings::WaiverKind::File => "external",
        crate::findings::WaiverKind::Inline => "inSource",
    };
    let mut props = BTreeMap::new();
    props.insert("origin".to_string(), json!(w.origin));
    if let Some(o) = &w.owner {
        props.insert("owner".to_string(), json!(o));
    }
    if let Some(e) = &w.expires {
        props.insert("expires".to_string(), json!(e));
    }
    s::Suppression::builder()
        .kind(json!(kind))
        .status(json!("accepted"))
        .justification(w.reason.clone())
        .properties(
            s::PropertyBag::builder()
                .additional_properties(props)
                .build(),
        )
        .build()
}

/// `message.text`: the finding's message, then the remediation.
fn message_text(message: &str, remediation: &str) -> String {
    let message = message.trim_end();
    let stop = if message.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{message}{stop} Fix: {}", remediation.trim())
}

/// `artifactLocation.uri` of a file: relative to `cwd` (the repository root
/// in a workflow) with `/` separators, without `./`, percent-encoded. A path
/// outside `cwd` becomes an absolute `file://` URI, which GitHub makes
/// relative with the upload's checkout URI when it can.
pub fn artifact_uri(file: &str, cwd: Option<&Path>) -> String {
    let path = Path::new(file);
    let Some(cwd) = cwd else {
        return encode_relative(path);
    };
    let absolute = normalize(&if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    });
    match absolute.strip_prefix(normalize(cwd)) {
        Ok(rel) if rel.as_os_str().is_empty() => encode_relative(Path::new(file)),
        Ok(rel) => encode_relative(rel),
        Err(_) if !path.is_absolute() && !file.contains("..") => encode_relative(path),
        Err(_) => {
            let segments: Vec<String> = absolute
                .components()
                .filter_map(|c| match c {
                    Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
                    Component::Normal(n) => Some(encode(&n.to_string_lossy(), false)),
                    _ => None,
                })
                .collect();
            format!("file:///{}", segments.join("/"))
        }
    }
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative path as a URI reference (`a/b`), `.` components dropped.
fn encode_relative(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(encode(&n.to_string_lossy(), true)),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes a path segment (RFC 3986 `pchar`; `:` too in relative
/// references, where it would read as a scheme).
fn encode(segment: &str, relative: bool) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@".contains(&b)
            || (b == b':' && !relative);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_encoded_and_without_dot_slash() {
        let cwd = Path::new("/repo");
        assert_eq!(
            artifact_uri("./plans/prod.json", Some(cwd)),
            "plans/prod.json"
        );
        assert_eq!(
            artifact_uri("/repo/plans/prod.json", Some(cwd)),
            "plans/prod.json"
        );
        assert_eq!(
            artifact_uri("/repo/./a/../plans/my plan.json", Some(cwd)),
            "plans/my%20plan.json"
        );
        assert_eq!(
            artifact_uri("/elsewhere/arch.yaml", Some(cwd)),
            "file:///elsewhere/arch.yaml"
        );
        assert_eq!(artifact_uri("../arch.yaml", Some(cwd)), "file:///arch.yaml");
        assert_eq!(artifact_uri("a:b.yaml", Some(cwd)), "a%3Ab.yaml");
        assert_eq!(artifact_uri("./x.json", None), "x.json");
    }

    #[test]
    fn names_descriptions_and_severities() {
        assert_eq!(
            camel_case("Data subnets have no route to the internet", "NET-003"),
            "DataSubnetsHaveNoRouteToTheInternet"
        );
        assert_eq!(camel_case("—", "NET-003"), "NET003");
        let long = "x".repeat(2000);
        assert_eq!(truncate(&long, 1024).chars().count(), 1024);
        assert_eq!(truncate("short", 1024), "short");
        assert_eq!(family("NET-003"), "network");
        assert_eq!(family("ORG-1"), "org");
        for sev in Severity::ALL {
            let v: f64 = security_severity(sev).parse().unwrap();
            assert!((0.1..=10.0).contains(&v));
        }
    }
}
