//! `--format json`: the scan report as documented in docs/report-json.md.

use super::{EmitContext, Emitter};
use crate::scan::ScanReport;
use std::io::Write;

/// Version of the JSON report layout; bumped only on incompatible change.
pub const REPORT_VERSION: u32 = 1;

pub struct JsonEmitter;

impl Emitter for JsonEmitter {
    fn emit(
        &self,
        report: &ScanReport,
        _ctx: &EmitContext,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let mut value = serde_json::to_value(report)?;
        if let Some(obj) = value.as_object_mut() {
            // First key of the document, so readers can check it before anything else.
            let mut ordered = serde_json::Map::new();
            ordered.insert("report_version".into(), REPORT_VERSION.into());
            ordered.extend(std::mem::take(obj));
            *obj = ordered;
        }
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        Ok(())
    }
}
