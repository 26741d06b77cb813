//! Running the `xinfang` binary on the tests' clock and reading what it gave back.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_xinfang");

/// The binary on the tests' clock (`XINFANG_NOW`), signing in as [`super::USER`] with a
/// password for each command, never with a token or session from the machine.
pub fn cli() -> Command {
    let mut c = Command::new(BIN);
    c.env("XINFANG_NOW", super::now_setting())
        .env("XINFANG_USER", super::USER)
        .env("XINFANG_PASSWORD", super::PASSWORD)
        .env_remove("XINFANG_TOKEN");
    c
}

/// One run of the binary on the office database `db`, signed in as [`super::USER`].
pub fn xinfang(db: &Path, args: &[&str]) -> Run {
    xinfang_as(super::USER, db, args)
}

/// One run of the binary signed in as the demo account `user` (password for this command).
pub fn xinfang_as(user: &str, db: &Path, args: &[&str]) -> Run {
    run(
        cli()
            .env("XINFANG_USER", user)
            .arg("--db")
            .arg(db)
            .args(args)
            .stdin(Stdio::null()),
        None,
    )
}

/// Sets up the tests' office (`common::office`) in a new database at `db` with `init`, with
/// the administrator `admin` and the director [`super::USER`] (张卫东), both with the demo
/// password.
pub fn init(db: &Path) {
    let o = super::office();
    let new_account = |args: &[&str]| {
        run(
            cli()
                .env("XINFANG_NEW_PASSWORD", super::PASSWORD)
                .env("XINFANG_USER", "admin")
                .arg("--db")
                .arg(db)
                .args(args)
                .stdin(Stdio::null()),
            None,
        )
        .ok()
    };
    new_account(&[
        "init",
        "--code",
        &o.code,
        "--name",
        &o.name,
        "--doc-prefix",
        &o.doc_prefix,
    ]);
    new_account(&[
        "user",
        "add",
        super::USER,
        "--display-name",
        "张卫东",
        "--role",
        "director",
    ]);
}

/// What one run of the binary gave back.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    /// Exit code 2 (bad input) with a Chinese message on stderr; returns stderr.
    #[track_caller]
    pub fn bad_input(self) -> String {
        assert_eq!(
            self.code, 2,
            "expected exit 2 (bad input)\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "the message for people should be Chinese: {}",
            self.stderr
        );
        self.stderr
    }

    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `cmd`, writing `input` to its standard input when given.
pub fn run(cmd: &mut Command, input: Option<&str>) -> Run {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    if input.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("the xinfang binary runs");
    if let Some(text) = input {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}
