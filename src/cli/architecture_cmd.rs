//! `archcheck architecture show|check`.

use super::{load_architecture, ArchitectureAction, ArchitectureArgs};

pub fn run(args: ArchitectureArgs) -> anyhow::Result<i32> {
    match args.action {
        ArchitectureAction::Show { file } => {
            let arch = load_architecture(file.as_deref())?;
            let shown = serde_json::json!({
                "name": arch.name,
                "origin": arch.origin,
                "document": arch.document,
                "default_environment": arch.default_environment,
                "management_account": arch.management_account,
                "environments": arch.environments,
                "controls": arch.controls,
                "parameters_in_force": arch.params,
            });
            print!("{}", serde_yaml_ng::to_string(&shown)?);
            Ok(0)
        }
        ArchitectureAction::Check { file } => {
            let arch = load_architecture(Some(&file))?;
            // Control overrides must name known controls.
            super::load_engine(
                &super::LibraryArgs {
                    architecture: Some(file.clone()),
                    policies: vec![],
                },
                &arch,
            )?;
            println!(
                "{}: valid ({} environments: {})",
                file.display(),
                arch.environments.len(),
                arch.environments
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(0)
        }
    }
}
