//! One scan, start to finish: normalise the snapshot, evaluate the selected
//! controls, and turn what they return into findings and per-control results.

use crate::architecture::Architecture;
use crate::engine::{EngineError, PolicyEngine, RuleOutput};
use crate::findings::{
    fingerprint, ControlResult, ControlStatus, EnvironmentTally, Finding, Location, NotEvaluated,
    ResourceRef, Severity,
};
use crate::normalize::{normalize, NormalizeOptions};
use crate::snapshot::{MetaView, Snapshot, SourceKind};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which controls a run evaluates.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--rules`: IDs or globs (`NET-*`); empty selects all.
    pub rules: Vec<String>,
    /// `--skip-rules`.
    pub skip: Vec<String>,
}

fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(&p.to_ascii_uppercase())
            .map_err(|e| format!("bad rule pattern `{p}`: {e}"))?;
        b.add(g);
    }
    b.build().map_err(|e| e.to_string())
}

impl Selection {
    /// Indices of the selected, enabled rules, and the IDs skipped (disabled
    /// in the architecture file or named by `--skip-rules`). Controls left
    /// out by `--rules` are neither: they are not part of this run.
    pub fn apply(
        &self,
        engine: &PolicyEngine,
        arch: &Architecture,
    ) -> Result<(Vec<usize>, Vec<String>), String> {
        let include = globs(&self.rules)?;
        let exclude = globs(&self.skip)?;
        for p in self.rules.iter().chain(&self.skip) {
            let g = globs(std::slice::from_ref(p))?;
            if !engine.rules.iter().any(|r| g.is_match(&r.metadata.id)) {
                return Err(format!("no control matches `{p}` (see `archcheck rules`)"));
            }
        }
        let mut selected = Vec::new();
        let mut skipped = Vec::new();
        for (i, r) in engine.rules.iter().enumerate() {
            let id = &r.metadata.id;
            let enabled = arch
                .controls
                .get(id)
                .and_then(|c| c.enabled)
                .unwrap_or(true);
            let chosen = (self.rules.is_empty() || include.is_match(id)) && !exclude.is_match(id);
            let named = self.rules.is_empty() || include.is_match(id);
            if enabled && chosen {
                selected.push(i);
            } else if named {
                skipped.push(id.clone());
            }
        }
        Ok((selected, skipped))
    }
}

/// Everything a reporter needs.
#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    pub tool: ToolInfo,
    pub architecture: ArchitectureInfo,
    pub collected_at: String,
    pub sources: Vec<crate::snapshot::Source>,
    pub summary: Summary,
    /// Most severe first, then by rule and resource.
    pub findings: Vec<Finding>,
    pub controls: Vec<ControlResult>,
    pub collection_errors: Vec<crate::snapshot::CollectionError>,
    /// Waivers applied and lapsed, and the evidence of the inputs (top-level
    /// `waivers` and `evidence` in JSON).
    #[serde(flatten)]
    pub gate: crate::gate::GateReport,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchitectureInfo {
    pub name: String,
    /// `builtin` or the file given with `--architecture`.
    pub origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub resources: usize,
    pub findings: usize,
    /// Findings per severity (every severity present, zeros included).
    pub by_severity: BTreeMap<Severity, usize>,
    pub controls_passed: usize,
    pub controls_failed: usize,
    pub controls_not_evaluated: usize,
    pub controls_skipped: usize,
    /// Findings a waiver covers (they stay in `findings`, marked).
    pub waived: usize,
    /// Findings that count against the run: not waived and, with
    /// `--baseline`, new. What an alert should page on.
    pub open: usize,
    /// `open` per severity (every severity present, zeros included).
    pub open_by_severity: BTreeMap<Severity, usize>,
    /// With `--baseline`: new findings, and baseline findings no longer found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
    /// With `--changed-only`: findings the plan does not touch, not listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_existing: Option<usize>,
    /// The exit code the run ends with and why (set by the command line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit: Option<crate::gate::ExitDecision>,
}

/// What changed against the baseline.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BaselineSummary {
    /// The baseline file.
    pub file: String,
    pub new: usize,
    pub existing: usize,
    /// Baseline findings this run no longer finds.
    pub resolved: Vec<ResolvedFinding>,
}

/// A baseline finding that is gone.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct ResolvedFinding {
    pub fingerprint: String,
    pub rule_id: String,
    pub resource_id: String,
}

/// Scan options beyond the snapshot.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    pub selection: Selection,
    pub normalize: NormalizeOptions,
    /// Evaluate controls on several threads.
    pub parallel: bool,
    /// Snapshot file (and its text) the resources came from, for locations.
    pub snapshot_file: Option<(String, String)>,
}

/// A scan that could not run.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("{0}")]
    Selection(String),
}

/// Runs the selected controls over `snapshot` (normalised here, in place).
pub fn scan(
    snapshot: &mut Snapshot,
    arch: &Architecture,
    engine: &PolicyEngine,
    opts: &ScanOptions,
) -> Result<ScanReport, ScanError> {
    normalize(snapshot, arch, &opts.normalize);
    let (selected, skipped) = opts
        .selection
        .apply(engine, arch)
        .map_err(ScanError::Selection)?;
    let input = crate::engine::input::to_input(snapshot);
    let outputs = engine.evaluate(input, &selected, opts.parallel)?;
    Ok(assemble(snapshot, arch, engine, opts, outputs, &skipped))
}

/// The resources of a snapshot by `id`, with their collection.
fn index(snapshot: &Snapshot) -> HashMap<&str, (&'static str, MetaView<'_>)> {
    let mut idx = HashMap::with_capacity(snapshot.resource_count());
    snapshot.visit(&mut |c, r| {
        let m = r.meta();
        idx.insert(m.id, (c, m));
    });
    idx
}

/// 1-based line of each `"id": "…"` in the snapshot text (pretty-printed files).
fn id_lines(text: &str) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("\"id\":") {
            let v = rest.trim().trim_end_matches(',');
            if let Ok(id) = serde_json::from_str::<String>(v) {
                lines.entry(id).or_insert(n as u32 + 1);
            }
        }
    }
    lines
}

fn assemble(
    snapshot: &Snapshot,
    arch: &Architecture,
    engine: &PolicyEngine,
    opts: &ScanOptions,
    outputs: Vec<RuleOutput>,
    skipped: &[String],
) -> ScanReport {
    let idx = index(snapshot);
    let lines = match &opts.snapshot_file {
        Some((_, text)) if outputs.iter().any(|o| !o.deny.is_empty()) => id_lines(text),
        _ => HashMap::new(),
    };
    // Judged resources per collection and environment.
    let mut judged: HashMap<&str, BTreeMap<String, usize>> = HashMap::new();
    for (c, m) in idx.values() {
        *judged
            .entry(c)
            .or_default()
            .entry(m.environment.unwrap_or("unknown").to_string())
            .or_default() += 1;
    }

    let mut findings = Vec::new();
    let mut controls = Vec::new();
    for mut out in outputs {
        let rule = &engine.rules[out.rule];
        let md = &rule.metadata;
        let severity = arch
            .controls
            .get(&md.id)
            .and_then(|c| c.severity)
            .unwrap_or(md.severity);
        let mut failed_by_env: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        // Findings an incomplete input collection cannot back up are withheld;
        // the control shows as not evaluated there (below).
        if !snapshot.errors.is_empty() {
            out.deny.retain(|raw| match idx.get(raw.resource.as_str()) {
                Some((_, m)) => !snapshot
                    .errors
                    .iter()
                    .any(|e| crate::findings::withheld_by(e, &md.judges, &md.inputs, m)),
                None => true,
            });
        }
        let mut per_resource: HashMap<String, usize> = HashMap::new();
        for raw in &out.deny {
            *per_resource.entry(raw.resource.clone()).or_default() += 1;
        }
        let mut rule_findings: Vec<Finding> = out
            .deny
            .into_iter()
            .map(|raw| {
                let meta = idx.get(raw.resource.as_str()).map(|(_, m)| *m);
                let environment = meta
                    .and_then(|m| m.environment)
                    .unwrap_or("unknown")
                    .to_string();
                failed_by_env
                    .entry(environment.clone())
                    .or_default()
                    .insert(raw.resource.clone());
                let resource_type = raw
                    .resource_type
                    .clone()
                    .or_else(|| meta.map(|m| m.type_name.to_string()))
                    .unwrap_or_else(|| {
                        md.judges
                            .replace('.', "_")
                            .trim_end_matches('s')
                            .to_string()
                    });
                let source = meta.and_then(|m| m.source);
                let location = match source {
                    Some(s) if s.file.is_some() => Location {
                        kind: s.kind,
                        file: s.file.clone(),
                        line: s.line,
                    },
                    _ => Location {
                        kind: source.map(|s| s.kind).unwrap_or(SourceKind::Snapshot),
                        file: opts.snapshot_file.as_ref().map(|(f, _)| f.clone()),
                        line: lines.get(&raw.resource).copied(),
                    },
                };
                let several = per_resource.get(&raw.resource).copied().unwrap_or(0) > 1;
                let discriminator = match (&raw.key, several) {
                    (Some(k), _) => k.as_str(),
                    (None, true) => raw.message.as_str(),
                    (None, false) => "",
                };
                let address = source.and_then(|s| s.address.as_deref());
                let fingerprint = fingerprint(
                    &md.id,
                    &resource_type,
                    crate::findings::identity(&raw.resource, address),
                    discriminator,
                );
                Finding {
                    rule_id: md.id.clone(),
                    severity,
                    title: md.title.clone(),
                    message: raw.message,
                    fingerprint,
                    resource: ResourceRef {
                        resource_type,
                        id: raw.resource.clone(),
                        native_id: meta
                            .map(|m| m.native_id.to_string())
                            .filter(|s| !s.is_empty()),
                        name: meta.and_then(|m| m.name).map(String::from),
                        arn: meta.and_then(|m| m.arn).map(String::from),
                        address: source.and_then(|s| s.address.clone()),
                        account_id: meta.and_then(|m| m.account_id).map(String::from),
                        region: meta.and_then(|m| m.region).map(String::from),
                        cluster: meta.and_then(|m| m.cluster).map(String::from),
                        namespace: meta.and_then(|m| m.namespace).map(String::from),
                    },
                    environment,
                    location,
                    remediation: md.remediation.clone(),
                    architecture: md.architecture.clone(),
                    waiver: None,
                    baseline: None,
                    change: None,
                }
            })
            .collect();
        rule_findings
            .sort_by(|a, b| (&a.resource.id, &a.message).cmp(&(&b.resource.id, &b.message)));

        let mut not_evaluated: Vec<NotEvaluated> = out
            .not_evaluated
            .into_iter()
            .map(|n| NotEvaluated {
                scope: n.resource,
                reason: n.reason,
            })
            .collect();
        for err in &snapshot.errors {
            let affected = err.affected_collections();
            if md.inputs.iter().any(|i| affected.contains(&i.as_str())) {
                let scope = match (&err.account_id, &err.region, &err.cluster) {
                    (_, _, Some(c)) => c.clone(),
                    (Some(a), Some(r), _) => format!("{a}/{r}"),
                    (Some(a), None, _) => a.clone(),
                    (None, Some(r), _) => r.clone(),
                    _ => "all".to_string(),
                };
                not_evaluated.push(NotEvaluated {
                    scope,
                    reason: format!("{} {} failed: {}", err.service, err.operation, err.message),
                });
            }
        }
        not_evaluated.sort_by(|a, b| (&a.scope, &a.reason).cmp(&(&b.scope, &b.reason)));
        not_evaluated.dedup();

        let judged_envs = judged.get(md.judges.as_str()).cloned().unwrap_or_default();
        let mut env_names: BTreeSet<String> = judged_envs.keys().cloned().collect();
        env_names.extend(failed_by_env.keys().cloned());
        let environments: Vec<EnvironmentTally> = env_names
            .into_iter()
            .map(|e| EnvironmentTally {
                judged: judged_envs.get(&e).copied().unwrap_or(0),
                failed: failed_by_env.get(&e).map_or(0, |s| s.len()),
                environment: e,
            })
            .collect();
        let resources_failed: usize = failed_by_env.values().map(|s| s.len()).sum();
        let resources_judged: usize = judged_envs.values().sum();
        let status = match (rule_findings.is_empty(), not_evaluated.is_empty()) {
            (false, _) => ControlStatus::Failed,
            (true, true) => ControlStatus::Passed,
            (true, false)
                if resources_judged > 0
                    && not_evaluated
                        .iter()
                        .all(|n| idx.contains_key(n.scope.as_str())) =>
            {
                ControlStatus::Partial
            }
            (true, false) => ControlStatus::NotEvaluated,
        };
        controls.push(ControlResult {
            rule_id: md.id.clone(),
            title: md.title.clone(),
            severity,
            status,
            resources_judged,
            resources_failed,
            findings: rule_findings.len(),
            environments,
            not_evaluated,
        });
        findings.extend(rule_findings);
    }
    for id in skipped {
        if let Some(r) = engine.rule(id) {
            controls.push(ControlResult {
                rule_id: id.clone(),
                title: r.metadata.title.clone(),
                severity: r.metadata.severity,
                status: ControlStatus::Skipped,
                resources_judged: 0,
                resources_failed: 0,
                findings: 0,
                environments: Vec::new(),
                not_evaluated: Vec::new(),
            });
        }
    }
    controls.sort_by(|a, b| a.rule_id.cmp(&b.rule_id));
    findings.sort_by(|a, b| {
        (a.severity, &a.rule_id, &a.resource.id, &a.message).cmp(&(
            b.severity,
            &b.rule_id,
            &b.resource.id,
            &b.message,
        ))
    });

    let mut summary = Summary {
        resources: idx.len(),
        findings: findings.len(),
        by_severity: Severity::ALL.iter().map(|s| (*s, 0)).collect(),
        ..Default::default()
    };
    for f in &findings {
        *summary.by_severity.entry(f.severity).or_default() += 1;
    }
    summary.open_by_severity = summary.by_severity.clone();
    summary.open = findings.len();
    for c in &controls {
        match c.status {
            ControlStatus::Failed => summary.controls_failed += 1,
            ControlStatus::NotEvaluated | ControlStatus::Partial => {
                summary.controls_not_evaluated += 1
            }
            ControlStatus::Skipped => summary.controls_skipped += 1,
            ControlStatus::Passed => summary.controls_passed += 1,
        }
    }
    ScanReport {
        tool: ToolInfo {
            name: "archcheck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        architecture: ArchitectureInfo {
            name: arch.name.clone(),
            origin: arch.origin.clone(),
            document: arch.document.clone(),
        },
        collected_at: snapshot.collected_at.clone(),
        sources: snapshot.sources.clone(),
        summary,
        findings,
        controls,
        collection_errors: snapshot.errors.clone(),
        gate: Default::default(),
    }
}

impl ScanReport {
    /// Findings at or above `threshold` (the exit code's business).
    pub fn fails_at(&self, threshold: Option<Severity>) -> bool {
        match threshold {
            None => false,
            Some(t) => self.findings.iter().any(|f| f.severity.at_least(t)),
        }
    }
}
