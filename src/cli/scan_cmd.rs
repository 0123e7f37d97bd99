//! `archcheck scan`.

use super::{
    gate_args, load_architecture, load_engine, load_library, sources, terraform_args, Progress,
    ScanArgs, UsageError,
};
use crate::findings::Severity;
use crate::report::{emitter, EmitContext, Format};
use crate::scan::{scan, ScanOptions, Selection};
use std::io::{IsTerminal, Write};
use std::time::Instant;

/// `--fail-on`: a severity, or `none`.
pub fn parse_fail_on(s: &str) -> Result<Option<Severity>, UsageError> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Severity::parse(s).map(Some).ok_or_else(|| {
        UsageError::new(format!(
            "--fail-on: `{s}` is not a severity (critical, high, medium, low, info, none)"
        ))
    })
}

/// The format: `--format`, else from `-o`'s extension, else table on a terminal and json off one.
fn choose_format(args: &ScanArgs) -> Format {
    if let Some(f) = args.format {
        return f;
    }
    if let Some(ext) = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
    {
        match ext {
            "sarif" => return Format::Sarif,
            "json" => return Format::Json,
            "xml" => return Format::Junit,
            "html" | "htm" => return Format::Html,
            _ => {}
        }
    }
    if args.output.is_none() && std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    }
}

pub fn run(args: ScanArgs) -> anyhow::Result<i32> {
    if args.sources.is_empty() {
        return Err(UsageError::new(
            "nothing to scan: give at least one --snapshot FILE, --plan FILE, --aws, --k8s or --manifests DIR",
        )
        .into());
    }
    let fail_on = parse_fail_on(&args.fail_on)?;
    let format = choose_format(&args);
    let started = Instant::now();
    let progress = Progress::new(args.quiet);

    progress.say("loading architecture and policies");
    let arch = load_architecture(args.library.architecture.as_deref())?;
    if let Some(env) = &args.environment {
        if !arch.environments.contains_key(env) {
            return Err(UsageError::new(format!(
                "--environment: `{env}` is not an environment of {} ({})",
                arch.origin,
                arch.environments
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .into());
        }
    }
    let library = load_library(&args.library)?;
    let engine = load_engine(&args.library, &arch)?;
    let t_load = started.elapsed();

    let gathered = sources::gather(&args.sources, args.verbose, &progress)?;
    let mut snapshot = gathered.snapshot;
    let terraform = terraform_args::prepare(&args.terraform, &mut snapshot, args.verbose)?;
    let t_read = started.elapsed();

    progress.say(&format!("evaluating {} controls", engine.rules.len()));
    let opts = ScanOptions {
        selection: Selection {
            rules: args.rules.clone(),
            skip: args.skip_rules.clone(),
        },
        normalize: crate::normalize::NormalizeOptions {
            environment: args.environment.clone(),
        },
        parallel: !args.single_thread,
        snapshot_file: gathered.single_file,
    };
    let mut report =
        scan(&mut snapshot, &arch, &engine, &opts).map_err(|e| UsageError(e.to_string()))?;
    terraform.apply(&mut report, &snapshot)?;
    gate_args::apply(&args.gate, &snapshot, &mut report)?;
    report.gate.evidence = Some(crate::gate::evidence::ReportEvidence::new(
        &library,
        gathered.inputs,
    ));
    let decision = args.gate.exit_policy(fail_on).decide(&report);
    let exit_code = decision.code;
    report.summary.exit = Some(decision);
    let t_eval = started.elapsed();
    progress.finish();

    let color = args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let ctx = EmitContext {
        color,
        rules: &engine.rules,
        fallback_file: args
            .library
            .architecture
            .as_ref()
            .map(|p| p.display().to_string()),
        category: args.sarif_category.trim_end_matches('/').to_string(),
        snapshot: Some(&snapshot),
    };
    let mut buf = Vec::new();
    // JSON and SARIF (whose `baselineState` marks them) keep every finding.
    let shown = crate::gate::view(&report, matches!(format, Format::Json | Format::Sarif));
    emitter(format).emit(&shown, &ctx, &mut buf)?;
    match &args.output {
        Some(path) => std::fs::write(path, &buf)
            .map_err(|e| UsageError::new(format!("{}: cannot write: {e}", path.display())))?,
        None => std::io::stdout().write_all(&buf)?,
    }
    if args.verbose {
        eprintln!(
            "archcheck: {} resources, {} controls; load {:?}, read {:?}, evaluate {:?}, total {:?}",
            report.summary.resources,
            report.controls.len(),
            t_load,
            t_read - t_load,
            t_eval - t_read,
            started.elapsed()
        );
    }
    Ok(exit_code)
}
