//! The layers run one way: domain → store → documents / sync → desk → CLI and app
//! (docs/architecture.md). An import that runs back up fails here, naming the file and line.

use std::path::Path;

/// Each layer of the core and the layers it may name (`crate::<layer>`).
const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &["domain"]),
    ("store", &["domain", "store"]),
    ("documents", &["domain", "documents"]),
    // The package format knows nothing of the database.
    ("sync", &["domain", "sync"]),
    // Excel files in and out: a file format, like the package.
    ("sheets", &["domain", "sheets"]),
    (
        "desk",
        &["domain", "store", "documents", "sync", "sheets", "desk"],
    ),
];

/// What the CLI and the shell may name of the core: Desk and what its methods take and give.
const OUTSIDE: &[&str] = &["desk", "domain", "default_db_path"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `<prefix><module>` named in code (comments left out), with its line number.
fn named_modules(text: &str, prefix: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            let module: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !module.is_empty() {
                found.push((n + 1, module));
            }
        }
    }
    found
}

fn check(files: &[std::path::PathBuf], prefix: &str, allowed: &[&str], wrong: &mut Vec<String>) {
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, module) in named_modules(&text, prefix) {
            if !allowed.contains(&module.as_str()) {
                wrong.push(format!("{}:{line} names {prefix}{module}", file.display()));
            }
        }
    }
}

#[test]
fn no_import_runs_back_up_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    for (layer, allowed) in LAYERS {
        let mut files = Vec::new();
        rust_files(&root.join("src").join(layer), &mut files);
        assert!(!files.is_empty(), "the layer {layer} has no files");
        check(&files, "crate::", allowed, &mut wrong);
    }
    for outside in ["src/bin", "src-tauri/src"] {
        let mut files = Vec::new();
        rust_files(&root.join(outside), &mut files);
        check(&files, "xinfang::", OUTSIDE, &mut wrong);
    }
    assert!(
        wrong.is_empty(),
        "imports that run back up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    let found = named_modules(
        "use crate::desk::Desk; // crate::store in a comment",
        "crate::",
    );
    assert_eq!(found, vec![(1, "desk".to_string())]);
}
