//! `archcheck rules`: every control, its severity and the parameters in force.

use super::{load_architecture, load_engine, RulesArgs};
use comfy_table::{presets, ContentArrangement, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

pub fn run(args: RulesArgs) -> anyhow::Result<i32> {
    let arch = load_architecture(args.library.architecture.as_deref())?;
    let engine = load_engine(&args.library, &arch)?;
    let params = serde_json::to_value(&arch.params)?;
    let rows: Vec<serde_json::Value> = engine
        .rules
        .iter()
        .map(|r| {
            let m = &r.metadata;
            let o = arch.controls.get(&m.id);
            let per_env: serde_json::Map<String, serde_json::Value> = arch
                .environments
                .keys()
                .map(|env| {
                    let values: serde_json::Map<String, serde_json::Value> = m
                        .parameters
                        .iter()
                        .map(|p| (p.clone(), params[env][p].clone()))
                        .collect();
                    (env.clone(), values.into())
                })
                .collect();
            serde_json::json!({
                "id": m.id,
                "title": m.title,
                "severity": o.and_then(|o| o.severity).unwrap_or(m.severity),
                "enabled": o.and_then(|o| o.enabled).unwrap_or(true),
                "file": r.file,
                "parameters": per_env,
            })
        })
        .collect();
    match args.format {
        RulesFormat::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        RulesFormat::Table => {
            let mut table = Table::new();
            table
                .load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(vec!["ID", "Severity", "Title", "Parameters in force"]);
            for row in &rows {
                let mut params_text = Vec::new();
                if let Some(envs) = row["parameters"].as_object() {
                    for (env, values) in envs {
                        for (k, v) in values.as_object().into_iter().flatten() {
                            params_text.push(format!("{env}: {k}={v}"));
                        }
                    }
                }
                let enabled = row["enabled"].as_bool().unwrap_or(true);
                table.add_row(vec![
                    row["id"].as_str().unwrap_or_default().to_string(),
                    format!(
                        "{}{}",
                        row["severity"].as_str().unwrap_or_default(),
                        if enabled { "" } else { " (disabled)" }
                    ),
                    row["title"].as_str().unwrap_or_default().to_string(),
                    params_text.join("\n"),
                ]);
            }
            println!("{table}");
            println!("{} controls; architecture: {}", rows.len(), arch.origin);
        }
    }
    Ok(0)
}
