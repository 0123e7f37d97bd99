//! The command line: clap definitions here, one file per command.

mod architecture_cmd;
mod aws_args;
mod collect_cmd;
mod explain;
mod gate_args;
mod k8s_args;
mod progress;
mod rules;
mod scan_cmd;
mod sources;
mod terraform_args;
mod test_cmd;

pub use progress::Progress;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// A failure of the run itself (exit code 2): bad input, bad policy, bad flags.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl UsageError {
    pub fn new(m: impl Into<String>) -> Self {
        UsageError(m.into())
    }
}

/// The exit codes, for `--help` (README.md "Exit codes" says the same).
const EXIT_CODES: &str = "Exit codes: 0 the run passed; 1 a switch tripped: an open (unwaived and, with --baseline, new) \
finding at or above --fail-on, a new finding with --fail-on-new, a control not evaluated with \
--fail-on-not-evaluated; 2 the run failed (bad input, flags or policy).";

#[derive(Debug, Parser)]
#[command(
    name = "archcheck",
    version,
    about = "Proves that live AWS, Kubernetes and Terraform plans still match the documented architecture",
    long_about = None,
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: the size of `ScanArgs` costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Judge snapshots against the policy library and report findings.
    Scan(ScanArgs),
    /// Read live state (or plans, manifests) into a snapshot file without judging it.
    Collect(CollectArgs),
    /// Run the Rego unit tests (test_* rules) of the library and of DIRs.
    Test(TestArgs),
    /// List the controls with severity and the parameters in force per environment.
    Rules(RulesArgs),
    /// Explain what a control checks, why, and how to fix it.
    Explain(ExplainArgs),
    /// Show or validate an architecture file.
    Architecture(ArchitectureArgs),
    /// Print the snapshot's JSON Schema.
    Schema,
}

/// Options shared by the commands that load the architecture and the policies.
#[derive(Debug, Clone, Args)]
pub struct LibraryArgs {
    /// Architecture file (YAML); default: the built-in one (document 000).
    #[arg(long, value_name = "FILE")]
    pub architecture: Option<PathBuf>,
    /// Extra policy directory (repeatable).
    #[arg(long = "policies", value_name = "DIR")]
    pub policies: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = EXIT_CODES)]
pub struct ScanArgs {
    #[command(flatten)]
    pub sources: sources::SourceArgs,
    #[command(flatten)]
    pub library: LibraryArgs,
    #[command(flatten)]
    pub terraform: terraform_args::TerraformArgs,
    /// Boxed: the gate's flags would make `Command::Scan` much larger than
    /// the other commands (clippy::large_enum_variant).
    #[command(flatten)]
    pub gate: Box<gate_args::GateArgs>,
    /// Environment of resources that nothing else identifies.
    #[arg(long, value_name = "ENV")]
    pub environment: Option<String>,
    /// Only these controls (IDs or globs, comma-separated: NET-*,SG-001).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub rules: Vec<String>,
    /// Skip these controls (IDs or globs, comma-separated).
    #[arg(long = "skip-rules", value_delimiter = ',', value_name = "ID,...")]
    pub skip_rules: Vec<String>,
    /// Output format [default: table on a terminal, else json; or from -o's extension].
    #[arg(long, value_enum)]
    pub format: Option<crate::report::Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// SARIF: prefix of every run's category (`automationDetails.id`
    /// `<prefix>/<source kind>/`); give each job that uploads separately its own.
    #[arg(
        long = "sarif-category",
        default_value = "archcheck",
        value_name = "NAME"
    )]
    pub sarif_category: String,
    /// Exit 1 when an open finding (not waived; with --baseline, new) is at
    /// least this severe (`none` never fails).
    #[arg(long = "fail-on", default_value = "high", value_name = "SEVERITY")]
    pub fail_on: String,
    /// Evaluate controls on one thread.
    #[arg(long = "single-thread")]
    pub single_thread: bool,
    /// No progress display.
    #[arg(short, long)]
    pub quiet: bool,
    /// Timings and details on standard error.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    #[command(flatten)]
    pub sources: sources::SourceArgs,
    /// Write the snapshot to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress display.
    #[arg(short, long)]
    pub quiet: bool,
    /// Details on standard error.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Policy directories to test besides the built-in library.
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Report the lines of policy files no test evaluated.
    #[arg(long)]
    pub coverage: bool,
    /// Architecture file whose parameters the tests see as data.
    #[arg(long, value_name = "FILE")]
    pub architecture: Option<PathBuf>,
    /// Print every test, not only failures.
    #[arg(short, long)]
    pub verbose: bool,
    /// Test only DIRs, not the built-in library.
    #[arg(long = "no-builtin")]
    pub no_builtin: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub library: LibraryArgs,
    /// `table` or `json`.
    #[arg(long, value_enum, default_value = "table")]
    pub format: rules::RulesFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Control ID (NET-003).
    pub rule_id: String,
    #[command(flatten)]
    pub library: LibraryArgs,
}

#[derive(Debug, Args)]
pub struct ArchitectureArgs {
    #[command(subcommand)]
    pub action: ArchitectureAction,
}

#[derive(Debug, Subcommand)]
pub enum ArchitectureAction {
    /// Print the resolved architecture (the built-in one without FILE).
    Show { file: Option<PathBuf> },
    /// Validate an architecture file.
    Check { file: PathBuf },
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Scan(a) => scan_cmd::run(a),
        Command::Collect(a) => collect_cmd::run(a),
        Command::Test(a) => test_cmd::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Architecture(a) => architecture_cmd::run(a),
        Command::Schema => {
            println!(
                "{}",
                serde_json::to_string_pretty(&crate::snapshot::Snapshot::json_schema())?
            );
            Ok(0)
        }
    }
}

/// Loads the architecture (`--architecture` or the built-in one).
pub fn load_architecture(
    path: Option<&std::path::Path>,
) -> Result<crate::architecture::Architecture, UsageError> {
    match path {
        Some(p) => {
            crate::architecture::Architecture::load(p).map_err(|e| UsageError(e.to_string()))
        }
        None => Ok(crate::architecture::Architecture::builtin()),
    }
}

/// The built-in library plus `--policies` directories.
pub fn load_library(lib: &LibraryArgs) -> Result<crate::engine::PolicyLibrary, UsageError> {
    let mut library = crate::engine::PolicyLibrary::builtin();
    for dir in &lib.policies {
        library.add_dir(dir).map_err(UsageError)?;
    }
    Ok(library)
}

/// Loads the built-in library plus `--policies` directories, with the architecture as data.
pub fn load_engine(
    lib: &LibraryArgs,
    arch: &crate::architecture::Architecture,
) -> Result<crate::engine::PolicyEngine, UsageError> {
    let library = load_library(lib)?;
    let engine = crate::engine::PolicyEngine::new(&library, arch.to_rego_data())
        .map_err(|e| UsageError(e.to_string()))?;
    for id in arch.controls.keys() {
        if engine.rule(id).is_none() {
            return Err(UsageError(format!(
                "{}: controls: `{id}` is not a known control (see `archcheck rules`)",
                arch.origin
            )));
        }
    }
    Ok(engine)
}
