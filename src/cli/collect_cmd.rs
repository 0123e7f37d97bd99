//! `archcheck collect`: reads the sources into one snapshot file (the
//! evidence a scheduled job keeps) without judging it. The snapshot carries
//! an `evidence` block (docs/nightly.md): tool and policy-library versions,
//! start and end times, accounts and clusters, input files with their
//! hashes, and a content hash that `scan` verifies when it reads the file.

use super::{sources, CollectArgs, Progress, UsageError};
use crate::gate::evidence::{seal, started_now};
use crate::snapshot::evidence::EvidenceInput;
use std::io::Write;

pub fn run(args: CollectArgs) -> anyhow::Result<i32> {
    let started_at = started_now();
    let progress = Progress::new(args.quiet);
    let gathered = sources::gather(&args.sources, args.verbose, &progress)?;
    progress.finish();
    let mut snapshot = gathered.snapshot;
    let inputs = gathered
        .inputs
        .into_iter()
        .map(|i| EvidenceInput {
            file: i.file,
            sha256: i.sha256,
        })
        .collect();
    seal(&mut snapshot, started_at, inputs);
    let mut text = serde_json::to_string_pretty(&snapshot)?;
    text.push('\n');
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| UsageError::new(format!("{}: cannot write: {e}", path.display())))?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(0)
}
