//! Issue 12: data flows one way. Reads every `crate::…` path in `src/` and
//! fails on an import that the layering table of README ("How it is built")
//! does not allow.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The foundations every module may import: they know nothing of BPO.
const FOUNDATIONS: [&str; 4] = ["engine", "stats", "error", "erlang"];

/// What each module may import besides the foundations (`None`: anything).
fn allowed(module: &str) -> Option<&'static [&'static str]> {
    Some(match module {
        "engine" | "stats" | "error" | "erlang" | "scenario" => &[],
        // Results may carry small value types (ids, `Channel`) of the plan.
        "results" => &["scenario"],
        "model" => &["scenario"],
        "staffing" => &["model", "scenario"],
        "summarize" => &["model", "staffing", "scenario", "results"],
        "report" => &["results"],
        "run" | "study" | "uncertainty" | "output" | "cli" | "lib" | "main" => return None,
        other => panic!("module `{other}` is not in the layering table: add it"),
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("file under src");
    let first = rel.components().next().expect("non-empty path");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// Top-level modules named by `crate::x` paths in `text`, including those in
/// grouped imports (`use crate::{a, b::c}`); comments are skipped.
fn imports(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn issue_12_imports_follow_the_layering_table() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 20, "found the sources");
    let mut violations = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let Some(may) = allowed(&module) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        for imported in imports(&text) {
            let ok = imported == module
                || FOUNDATIONS.contains(&imported.as_str())
                || may.contains(&imported.as_str());
            if !ok {
                violations.push(format!(
                    "{} ({module}) imports `{imported}`",
                    file.strip_prefix(&src).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "imports the layering table does not allow:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_import_reader_sees_grouped_and_inline_paths() {
    let text =
        "use crate::{model::sim, report};\nfn f() { crate::staffing::x(); }\n// crate::cli\n";
    let found: Vec<_> = imports(text).into_iter().collect();
    assert_eq!(found, ["model", "report", "staffing"]);
}
