//! Reading PDFs back with poppler's tools.

use std::process::Command;

/// The standard output of `program args` (pdftotext, pdffonts, pdfinfo, pdftoppm), which
/// must succeed.
pub fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} (poppler-utils) is needed: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}
