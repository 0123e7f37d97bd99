//! Where each resource of a Terraform configuration is written: the file
//! and line of its `resource` block and of each of its attributes, and the
//! inline `# archcheck:ignore RULE[,RULE] reason…` directives on it, for
//! `--tf-dir`. Module calls are followed into local sources and, for
//! downloaded modules, into the directories `.terraform/modules/modules.json`
//! names. A `count` / `for_each` instance maps to its block.

use super::address::Address;
use hcl_edit::structure::{Block, Body};
use hcl_edit::Span;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The directive that marks an inline waiver in a comment.
pub const IGNORE_DIRECTIVE: &str = "archcheck:ignore";

/// A `.tf` file that cannot be read or parsed.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub message: String,
}

/// Where one `resource` block is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockLocation {
    /// The `.tf` file, as the `--tf-dir` path joined with its path inside.
    pub file: String,
    /// 1-based line of `resource "TYPE" "NAME" {`.
    pub line: u32,
    /// 1-based line of each attribute, by path (`storage_encrypted`,
    /// `vpc_config.endpoint_public_access`; the first nested block of a name).
    pub attributes: HashMap<String, u32>,
    /// Text after `archcheck:ignore` in comments on the block's first line
    /// or on the comment lines directly above it.
    pub ignore: Vec<String>,
}

impl BlockLocation {
    /// The line of the first attribute of `paths` written in the block,
    /// else the block's own line.
    pub fn line_of(&self, paths: &[&str]) -> u32 {
        paths
            .iter()
            .find_map(|p| self.attributes.get(*p).copied())
            .unwrap_or(self.line)
    }
}

/// The resources of one module directory, by `TYPE.NAME`.
#[derive(Debug, Clone, Default)]
struct ModuleSource {
    resources: HashMap<String, BlockLocation>,
}

/// The resource blocks of a configuration, by module path.
#[derive(Debug, Clone, Default)]
pub struct ConfigIndex {
    /// Module path (`""` for the root, `net`, `net.subnets`) → its blocks.
    modules: HashMap<String, ModuleSource>,
}

/// The `modules.json` Terraform writes on `init`: module keys to directories.
#[derive(serde::Deserialize)]
struct ModulesManifest {
    #[serde(rename = "Modules", default)]
    modules: Vec<ModuleEntry>,
}

#[derive(serde::Deserialize)]
struct ModuleEntry {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Dir")]
    dir: String,
}

/// Module nesting deeper than this is taken for a cycle and not followed.
const MAX_DEPTH: usize = 32;

impl ConfigIndex {
    /// Reads the configuration in `dir` and every module it calls. A
    /// directory without `.tf` files gives an empty index.
    pub fn load(dir: &Path) -> Result<ConfigIndex, ConfigError> {
        let manifest = read_manifest(dir)?;
        let mut index = ConfigIndex::default();
        let mut pending = vec![(String::new(), dir.to_path_buf(), 0usize)];
        while let Some((key, module_dir, depth)) = pending.pop() {
            let (source, calls) = read_module(&module_dir)?;
            index.modules.insert(key.clone(), source);
            if depth >= MAX_DEPTH {
                continue;
            }
            for (name, local_source) in calls {
                let child_key = if key.is_empty() {
                    name
                } else {
                    format!("{key}.{name}")
                };
                let child_dir = match manifest.get(&child_key) {
                    Some(d) => dir.join(d),
                    None => match local_source {
                        Some(src) => module_dir.join(src),
                        None => continue,
                    },
                };
                if child_dir.is_dir() {
                    pending.push((child_key, child_dir, depth + 1));
                }
            }
        }
        Ok(index)
    }

    /// Number of resource blocks found.
    pub fn len(&self) -> usize {
        self.modules.values().map(|m| m.resources.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The block that declares the resource instance at `address`
    /// (`module.net[0].aws_subnet.data["a"]` → the `aws_subnet.data` block
    /// of the module `net` calls).
    pub fn locate(&self, address: &str) -> Option<&BlockLocation> {
        let a = Address::parse(address)?;
        if a.data {
            return None;
        }
        let key = a
            .module
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        self.modules.get(&key)?.resources.get(&a.resource())
    }
}

/// `.terraform/modules/modules.json` as key → directory (relative to the
/// configuration's root, as Terraform writes it); empty when absent.
fn read_manifest(dir: &Path) -> Result<HashMap<String, String>, ConfigError> {
    let path = dir.join(".terraform/modules/modules.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(HashMap::new());
    };
    let manifest: ModulesManifest = serde_json::from_str(&text).map_err(|e| ConfigError {
        file: path.display().to_string(),
        message: format!(
            "line {}: {e} (expected Terraform's module manifest)",
            e.line()
        ),
    })?;
    Ok(manifest
        .modules
        .into_iter()
        .filter(|m| !m.key.is_empty())
        .map(|m| (m.key, m.dir))
        .collect())
}

/// The resource blocks of one directory's `.tf` files, and its module calls
/// (name, source when it is a local path).
type ModuleCalls = Vec<(String, Option<String>)>;

fn read_module(dir: &Path) -> Result<(ModuleSource, ModuleCalls), ConfigError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "tf") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut source = ModuleSource::default();
    let mut calls = Vec::new();
    for file in files {
        let shown = lexical(&file).display().to_string();
        let text = std::fs::read_to_string(&file).map_err(|e| ConfigError {
            file: shown.clone(),
            message: format!("cannot read: {e}"),
        })?;
        let body: Body = hcl_edit::parser::parse_body(&text).map_err(|e| ConfigError {
            file: shown.clone(),
            message: format!(
                "line {}, column {}: {} (expected Terraform configuration syntax)",
                e.location().line(),
                e.location().column(),
                e.message()
            ),
        })?;
        let lines = LineIndex::new(&text);
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            match (block.ident.as_str(), labels.as_slice()) {
                ("resource", [rtype, name]) => {
                    let loc = block_location(block, &shown, &text, &lines);
                    source
                        .resources
                        .entry(format!("{rtype}.{name}"))
                        .or_insert(loc);
                }
                ("module", [name]) => {
                    let local = block
                        .body
                        .get_attribute("source")
                        .and_then(|a| a.value.as_str())
                        .filter(|s| s.starts_with("./") || s.starts_with("../"))
                        .map(String::from);
                    calls.push((name.to_string(), local));
                }
                _ => {}
            }
        }
    }
    Ok((source, calls))
}

fn block_location(block: &Block, file: &str, text: &str, lines: &LineIndex) -> BlockLocation {
    let line = block.span().map_or(1, |s| lines.line(s.start));
    let mut attributes = HashMap::new();
    collect_attributes(&block.body, "", lines, &mut attributes);
    BlockLocation {
        file: file.to_string(),
        line,
        attributes,
        ignore: ignore_directives(text, line),
    }
}

fn collect_attributes(
    body: &Body,
    prefix: &str,
    lines: &LineIndex,
    out: &mut HashMap<String, u32>,
) {
    for attr in body.attributes() {
        if let Some(span) = attr.span() {
            out.entry(format!("{prefix}{}", attr.key.as_str()))
                .or_insert(lines.line(span.start));
        }
    }
    for nested in body.blocks() {
        let path = format!("{prefix}{}", nested.ident.as_str());
        if let Some(span) = nested.span() {
            out.entry(path.clone()).or_insert(lines.line(span.start));
        }
        collect_attributes(&nested.body, &format!("{path}."), lines, out);
    }
}

/// `archcheck:ignore` directives on line `line` (after the code) and on the
/// run of comment lines directly above it.
fn ignore_directives(text: &str, line: u32) -> Vec<String> {
    let all: Vec<&str> = text.lines().collect();
    let at = line as usize - 1;
    let mut found = Vec::new();
    let mut i = at;
    while i > 0 {
        let t = all[i - 1].trim_start();
        if !(t.starts_with('#') || t.starts_with("//")) {
            break;
        }
        i -= 1;
    }
    for l in all.iter().take(at + 1).skip(i) {
        if let Some(pos) = l.find(IGNORE_DIRECTIVE) {
            let before = &l[..pos];
            if before.contains('#') || before.contains("//") {
                found.push(l[pos + IGNORE_DIRECTIVE.len()..].trim().to_string());
            }
        }
    }
    found
}

/// `path` without `.` components and with `dir/..` folded, as written
/// (`./modules/vpc/../vpc/main.tf` → `modules/vpc/main.tf`).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Byte offset → 1-based line.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> u32 {
        (self.starts.partition_point(|&s| s <= offset)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_on_the_line_and_the_comments_above() {
        let text = "# unrelated\n\n# archcheck:ignore NET-003 vendor link, until 2027\n// more words\nresource \"a\" \"b\" { # archcheck:ignore SG-004 bastion\n}\n";
        assert_eq!(
            ignore_directives(text, 5),
            vec!["NET-003 vendor link, until 2027", "SG-004 bastion"]
        );
        assert!(ignore_directives("resource \"a\" \"b\" {\n}\n", 1).is_empty());
    }

    #[test]
    fn paths_as_written_without_dots() {
        assert_eq!(
            lexical(Path::new("./infra/./modules/vpc/../vpc/main.tf")),
            PathBuf::from("infra/modules/vpc/main.tf")
        );
        assert_eq!(
            lexical(Path::new("../x/main.tf")),
            PathBuf::from("../x/main.tf")
        );
    }

    #[test]
    fn offsets_to_lines() {
        let l = LineIndex::new("ab\ncd\n\nx");
        assert_eq!(
            [l.line(0), l.line(2), l.line(3), l.line(6), l.line(7)],
            [1, 1, 2, 3, 4]
        );
    }
}
