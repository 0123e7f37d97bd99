//! `archcheck collect`: reads the sources into one snapshot file (the
//! evidence a scheduled job keeps) without judging it.

use super::{sources, CollectArgs, Progress, UsageError};
use std::io::Write;

pub fn run(args: CollectArgs) -> anyhow::Result<i32> {
    let progress = Progress::new(args.quiet);
    let gathered = sources::gather(&args.sources, args.verbose, &progress)?;
    progress.finish();
    let mut text = serde_json::to_string_pretty(&gathered.snapshot)?;
    text.push('\n');
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| UsageError::new(format!("{}: cannot write: {e}", path.display())))?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(0)
}
