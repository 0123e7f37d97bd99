//! Reporters: one emitter per output format, behind one trait.

mod github;
pub mod html;
mod json;
mod junit;
mod sarif;
mod table;

use crate::engine::Rule;
use crate::scan::ScanReport;
use std::io::Write;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table grouped by severity (default on a terminal).
    Table,
    /// The documented, stable JSON report (docs/report-json.md).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// JUnit XML: one test case per control and environment.
    Junit,
    /// GitHub Actions workflow annotations.
    Github,
    /// A self-contained HTML page with the architecture drawn (docs/html-report.md).
    Html,
}

/// What an emitter may need besides the report.
pub struct EmitContext<'a> {
    /// Colour the output (a terminal, and `NO_COLOR` unset).
    pub color: bool,
    /// The controls of the library (SARIF lists them as rules).
    pub rules: &'a [Rule],
    /// File that findings of live resources point at (SARIF): the
    /// `--architecture` file.
    pub fallback_file: Option<String>,
    /// SARIF `automationDetails.id` prefix (`archcheck/`).
    pub category: String,
    /// The normalised snapshot the report was made from (the HTML report
    /// draws the architecture from it); None where only the report exists.
    pub snapshot: Option<&'a crate::snapshot::Snapshot>,
}

/// Writes a report in one format.
pub trait Emitter {
    fn emit(
        &self,
        report: &ScanReport,
        ctx: &EmitContext,
        out: &mut dyn Write,
    ) -> anyhow::Result<()>;
}

/// The emitter for a format.
pub fn emitter(format: Format) -> Box<dyn Emitter> {
    match format {
        Format::Table => Box::new(table::TableEmitter),
        Format::Json => Box::new(json::JsonEmitter),
        Format::Sarif => Box::new(sarif::SarifEmitter),
        Format::Junit => Box::new(junit::JunitEmitter),
        Format::Github => Box::new(github::GithubEmitter),
        Format::Html => Box::new(html::HtmlEmitter),
    }
}
