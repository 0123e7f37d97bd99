use archcheck::cli::{run, Cli, UsageError};
use clap::Parser;

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if e.downcast_ref::<UsageError>().is_none() {
                eprintln!("archcheck: error: {e:#}");
            } else {
                eprintln!("archcheck: error: {e}");
            }
            2
        }
    };
    std::process::exit(code);
}
