//! What the commands print: JSON for scripts (with `--json`, and always for the record a
//! registration, an action or an issued document produced), Chinese lines for people.
//! A write that fails (a closed pipe, a full disk) comes back as an error: `println!` panics.

use std::io::{self, Write};

use serde::Serialize;

/// A command's result as both of its readers want it.
pub trait Report: Serialize {
    /// The lines a person reads.
    fn text(&self, out: &mut dyn Write) -> io::Result<()>;
}

/// Prints `report` as JSON (`json`) or as text on standard output.
pub fn show<R: Report>(report: &R, json: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    if json {
        write_json(&mut out, report)
    } else {
        report.text(&mut out)
    }
}

/// Prints `v` as JSON on standard output.
pub fn print_json<T: Serialize + ?Sized>(v: &T) -> io::Result<()> {
    write_json(&mut io::stdout().lock(), v)
}

fn write_json<T: Serialize + ?Sized>(out: &mut impl Write, v: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v).map_err(io::Error::from)?;
    writeln!(out)
}

/// "无" for an empty list, else its items joined with 、.
pub fn joined(items: &[&str]) -> String {
    if items.is_empty() {
        "无".to_string()
    } else {
        items.join("、")
    }
}
