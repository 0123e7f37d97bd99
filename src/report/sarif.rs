//! `--format sarif` (being written).

use super::{EmitContext, Emitter};
use crate::scan::ScanReport;
use std::io::Write;

pub struct SarifEmitter;

impl Emitter for SarifEmitter {
    fn emit(&self, _report: &ScanReport, _ctx: &EmitContext, _out: &mut dyn Write) -> anyhow::Result<()> {
        anyhow::bail!("sarif output is being written")
    }
}
