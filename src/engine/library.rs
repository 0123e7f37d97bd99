//! Where policy text comes from: the library built into the binary, and
//! directories a user adds with `--policies`.

use include_dir::{include_dir, Dir};
use std::path::Path;

static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// One Rego file.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// Path shown in messages: `policies/network/net_003.rego` for built-in
    /// files, the path as found for a user's.
    pub path: String,
    pub text: String,
}

impl PolicyFile {
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
}

/// A set of Rego files.
#[derive(Debug, Clone, Default)]
pub struct PolicyLibrary {
    pub files: Vec<PolicyFile>,
}

impl PolicyLibrary {
    /// The built-in library (policies/ at build time). Policy developers can
    /// set `ARCHCHECK_BUILTIN_POLICIES=DIR` to read it from a working copy
    /// instead, and edit and test Rego without rebuilding the binary.
    pub fn builtin() -> PolicyLibrary {
        if let Some(dir) = std::env::var_os("ARCHCHECK_BUILTIN_POLICIES") {
            let mut lib = PolicyLibrary::default();
            if let Err(e) = lib.add_dir(Path::new(&dir)) {
                eprintln!("archcheck: ARCHCHECK_BUILTIN_POLICIES: {e}; using the built-in library");
            } else {
                let root = Path::new(&dir);
                for f in &mut lib.files {
                    let rel = Path::new(&f.path)
                        .strip_prefix(root)
                        .map(|p| p.display().to_string());
                    f.path = format!("policies/{}", rel.unwrap_or_else(|_| f.path.clone()));
                }
                return lib;
            }
        }
        let mut files = Vec::new();
        collect_embedded(&BUILTIN, &mut files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        PolicyLibrary { files }
    }

    /// Adds every `.rego` file below `dir`.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), String> {
        if !dir.is_dir() {
            return Err(format!("{}: not a directory of policies", dir.display()));
        }
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "rego")
            {
                let text = std::fs::read_to_string(entry.path())
                    .map_err(|e| format!("{}: cannot read: {e}", entry.path().display()))?;
                found.push(PolicyFile {
                    path: entry.path().display().to_string(),
                    text,
                });
            }
        }
        self.files.extend(found);
        Ok(())
    }

    /// The same library without its `_test.rego` files (what a scan loads).
    pub fn without_tests(&self) -> PolicyLibrary {
        PolicyLibrary {
            files: self
                .files
                .iter()
                .filter(|f| !f.is_test())
                .cloned()
                .collect(),
        }
    }
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<PolicyFile>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "rego") {
            out.push(PolicyFile {
                path: format!("policies/{}", file.path().display()),
                text: file.contents_utf8().unwrap_or_default().to_string(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}
