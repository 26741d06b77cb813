//! Printing an issued document's PDF and showing it in the file manager.
//!
//! Which way a print goes is decided by a pure function over what the machine has
//! ([`route`]), so the choice is tested without a printer:
//! 1. `XINFANG_PRINT_COMMAND`, when set: that program (with its arguments), the file appended
//!    (`lp -d 二楼打印机 -o sides=two-sided-long-edge`; the e2e tests use a script);
//! 2. Linux and macOS: CUPS `lp <file>` when `lp` is on PATH and `lpstat -d` names a default
//!    printer;
//! 3. Windows: the shell's print verb (`Start-Process -Verb Print`, i.e. ShellExecute "print"
//!    with the program registered for PDF);
//! 4. otherwise, or when 2 or 3 fails: the PDF opens in the default viewer, to print from there.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;
use ts_rs::TS;

/// Environment variable naming a print command that replaces the automatic choice.
pub const PRINT_COMMAND_VAR: &str = "XINFANG_PRINT_COMMAND";

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("找不到文书文件：{0}")]
    Missing(String),
    #[error("打印命令“{command}”执行失败：{detail}")]
    Command { command: String, detail: String },
    #[error("无法用默认程序打开文书：{0}")]
    Open(String),
    #[error("无法打开所在文件夹：{0}")]
    Reveal(String),
    #[error("{why}，本机也没有能打开 PDF 的默认程序（{detail}）：文件已保存在 {path}，请复制到有打印机的电脑上打印，或安装 PDF 阅读器后再试")]
    Nowhere {
        why: String,
        detail: String,
        path: String,
    },
}

impl PrintError {
    pub fn code(&self) -> &'static str {
        match self {
            PrintError::Missing(_) => "document_file_missing",
            PrintError::Command { .. } => "print_failed",
            PrintError::Open(_) => "open_failed",
            PrintError::Reveal(_) => "reveal_failed",
            PrintError::Nowhere { .. } => "no_printer",
        }
    }
}

/// What the machine offers for printing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// `XINFANG_PRINT_COMMAND`, if set and not blank.
    pub command: Option<String>,
    pub windows: bool,
    /// CUPS `lp` on PATH (Linux, macOS).
    pub lp: bool,
    /// The default destination `lpstat -d` names.
    pub default_printer: Option<String>,
}

/// The way a print goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The configured command: program and arguments; the file is appended.
    Command(Vec<String>),
    /// CUPS, to the default printer.
    Lp { printer: String },
    /// Windows: the print verb of the program registered for PDF.
    PrintVerb,
    /// The default viewer: the clerk prints from there.
    Viewer,
}

/// Decides how to print, given what the machine has.
pub fn route(facts: &Facts) -> Route {
    if let Some(words) = facts.command.as_deref().map(split_command) {
        if !words.is_empty() {
            return Route::Command(words);
        }
    }
    if facts.windows {
        return Route::PrintVerb;
    }
    match (&facts.default_printer, facts.lp) {
        (Some(printer), true) => Route::Lp {
            printer: printer.clone(),
        },
        _ => Route::Viewer,
    }
}

/// How the print went, for the clerk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrintWay {
    /// Sent to a printer (CUPS, the Windows print verb or the configured command).
    Printer,
    /// Opened in the default viewer.
    Viewer,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PrintOutcome {
    pub way: PrintWay,
    /// Chinese, e.g. "已发送到打印机 HP_LaserJet（任务 HP_LaserJet-12）".
    pub message: String,
}

/// Prints `path` the way [`route`] chooses on this machine.
pub fn print(path: &Path) -> Result<PrintOutcome, PrintError> {
    if !path.is_file() {
        return Err(PrintError::Missing(path.display().to_string()));
    }
    let facts = facts();
    match route(&facts) {
        Route::Command(words) => {
            let out = run(&words[0], &words[1..], Some(path))?;
            let shown = words.join(" ");
            Ok(PrintOutcome {
                way: PrintWay::Printer,
                message: format!("已用打印命令“{shown}”发送打印{}", detail_suffix(&out)),
            })
        }
        Route::Lp { printer } => match run("lp", &[], Some(path)) {
            Ok(out) => Ok(PrintOutcome {
                way: PrintWay::Printer,
                message: format!("已发送到打印机 {printer}{}", lp_job(&out)),
            }),
            Err(e) => viewer_instead(path, &format!("发送到打印机 {printer} 失败（{e}）")),
        },
        Route::PrintVerb => match print_verb(path) {
            Ok(()) => Ok(PrintOutcome {
                way: PrintWay::Printer,
                message: "已交给 Windows 的 PDF 程序打印到默认打印机".to_string(),
            }),
            Err(e) => viewer_instead(path, &format!("Windows 打印失败（{e}）")),
        },
        Route::Viewer => viewer_instead(path, "未找到默认打印机"),
    }
}

/// Opens the file in the default viewer.
pub fn open(path: &Path) -> Result<(), PrintError> {
    if !path.is_file() {
        return Err(PrintError::Missing(path.display().to_string()));
    }
    tauri_plugin_opener::open_path(path, None::<&str>).map_err(|e| PrintError::Open(e.to_string()))
}

/// Shows the file selected in the file manager (Explorer, Finder, or the desktop's file
/// manager through D-Bus; the folder itself where that is not offered).
pub fn reveal(path: &Path) -> Result<(), PrintError> {
    if !path.is_file() {
        return Err(PrintError::Missing(path.display().to_string()));
    }
    tauri_plugin_opener::reveal_item_in_dir(path).map_err(|e| PrintError::Reveal(e.to_string()))
}

fn viewer_instead(path: &Path, why: &str) -> Result<PrintOutcome, PrintError> {
    viewer_or_say(path, why, open)
}

/// Opens `path` with `open` for the clerk to print; when that fails too, says so in Chinese with
/// where the file is, instead of the launcher's own words.
fn viewer_or_say(
    path: &Path,
    why: &str,
    open: impl FnOnce(&Path) -> Result<(), PrintError>,
) -> Result<PrintOutcome, PrintError> {
    open(path).map_err(|e| PrintError::Nowhere {
        why: why.to_string(),
        detail: match e {
            PrintError::Open(detail) => detail,
            other => other.to_string(),
        },
        path: path.display().to_string(),
    })?;
    Ok(PrintOutcome {
        way: PrintWay::Viewer,
        message: format!("{why}，已用默认程序打开文书，请在其中打印"),
    })
}

/// What the machine has, looked up now (a printer may have been added since the last print).
fn facts() -> Facts {
    let command = std::env::var(PRINT_COMMAND_VAR)
        .ok()
        .filter(|c| !c.trim().is_empty());
    let windows = cfg!(windows);
    let lp = !windows && command.is_none() && on_path("lp").is_some();
    let default_printer = if lp { default_printer() } else { None };
    Facts {
        command,
        windows,
        lp,
        default_printer,
    }
}

/// The default destination: `LPDEST` / `PRINTER`, else what `lpstat -d` says
/// ("system default destination: NAME"; "no system default destination" → none).
fn default_printer() -> Option<String> {
    for var in ["LPDEST", "PRINTER"] {
        if let Some(p) = std::env::var(var).ok().filter(|p| !p.trim().is_empty()) {
            return Some(p.trim().to_string());
        }
    }
    on_path("lpstat")?;
    let out = Command::new("lpstat")
        .arg("-d")
        .env("LC_ALL", "C")
        .output()
        .ok()?;
    parse_lpstat_default(&String::from_utf8_lossy(&out.stdout))
}

fn parse_lpstat_default(text: &str) -> Option<String> {
    let line = text.lines().find(|l| l.contains("default destination"))?;
    if line.trim_start().starts_with("no ") {
        return None;
    }
    let name = line.rsplit_once(':')?.1.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// "request id is HP-12 (1 file(s))" → "（任务 HP-12）".
fn lp_job(out: &str) -> String {
    out.split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .map(|id| format!("（任务 {id}）"))
        .unwrap_or_default()
}

fn detail_suffix(out: &str) -> String {
    let first = out.lines().map(str::trim).find(|l| !l.is_empty());
    first.map(|l| format!("：{l}")).unwrap_or_default()
}

/// Splits a command line on white space, keeping "double" or 'single' quoted parts together.
fn split_command(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Runs `program args… file`, returning its standard output; a failure carries its
/// standard error (or exit status).
fn run(program: &str, args: &[String], file: Option<&Path>) -> Result<String, PrintError> {
    let mut cmd = Command::new(program);
    cmd.args(args);
    if let Some(f) = file {
        cmd.arg(f);
    }
    let shown = std::iter::once(program.to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let out = cmd.output().map_err(|e| PrintError::Command {
        command: shown.clone(),
        detail: e.to_string(),
    })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(PrintError::Command {
            command: shown,
            detail: if err.is_empty() {
                out.status.to_string()
            } else {
                err
            },
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Windows: ShellExecute's "print" verb through PowerShell's `Start-Process -Verb Print`,
/// without a console window.
#[cfg(windows)]
fn print_verb(path: &Path) -> Result<(), PrintError> {
    use std::os::windows::process::CommandExt;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let quoted = path.display().to_string().replace('\'', "''");
    let script = format!("Start-Process -FilePath '{quoted}' -Verb Print -ErrorAction Stop");
    let out = Command::new("powershell.exe")
        .args(["-NoProfile", "-NonInteractive", "-Command", &script])
        .creation_flags(CREATE_NO_WINDOW)
        .output()
        .map_err(|e| PrintError::Command {
            command: "Start-Process -Verb Print".into(),
            detail: e.to_string(),
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(PrintError::Command {
            command: "Start-Process -Verb Print".into(),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

#[cfg(not(windows))]
fn print_verb(_path: &Path) -> Result<(), PrintError> {
    Err(PrintError::Command {
        command: "Start-Process -Verb Print".into(),
        detail: "仅在 Windows 上可用".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(command: Option<&str>, windows: bool, lp: bool, printer: Option<&str>) -> Facts {
        Facts {
            command: command.map(str::to_string),
            windows,
            lp,
            default_printer: printer.map(str::to_string),
        }
    }

    #[test]
    fn no_printer_and_no_viewer_is_said_in_chinese_with_the_file() {
        let path = Path::new("/tmp/文书/回执-445202-2026-000001.pdf");
        let err = viewer_or_say(path, "未找到默认打印机", |_| {
            Err(PrintError::Open(
                "No such file or directory (os error 2)".into(),
            ))
        })
        .unwrap_err();
        assert_eq!(err.code(), "no_printer");
        let text = err.to_string();
        assert!(
            text.starts_with("未找到默认打印机，本机也没有能打开 PDF 的默认程序"),
            "{text}"
        );
        assert!(text.contains("回执-445202-2026-000001.pdf"), "{text}");
        let opened = viewer_or_say(path, "未找到默认打印机", |_| Ok(())).unwrap();
        assert_eq!(opened.way, PrintWay::Viewer);
        assert!(opened
            .message
            .starts_with("未找到默认打印机，已用默认程序打开"));
    }

    #[test]
    fn a_configured_command_wins_everywhere() {
        for (windows, lp) in [(false, false), (false, true), (true, false)] {
            assert_eq!(
                route(&facts(Some("lp -d 二楼"), windows, lp, Some("HP"))),
                Route::Command(vec!["lp".into(), "-d".into(), "二楼".into()])
            );
        }
        // A blank one does not count.
        assert_eq!(route(&facts(Some("  "), false, false, None)), Route::Viewer);
    }

    #[test]
    fn cups_needs_lp_and_a_default_printer() {
        assert_eq!(
            route(&facts(None, false, true, Some("HP_LaserJet"))),
            Route::Lp {
                printer: "HP_LaserJet".into()
            }
        );
        assert_eq!(route(&facts(None, false, true, None)), Route::Viewer);
        assert_eq!(route(&facts(None, false, false, Some("HP"))), Route::Viewer);
        assert_eq!(route(&facts(None, false, false, None)), Route::Viewer);
    }

    #[test]
    fn windows_uses_the_print_verb() {
        assert_eq!(route(&facts(None, true, false, None)), Route::PrintVerb);
    }

    #[test]
    fn lpstat_and_lp_output_are_read() {
        assert_eq!(
            parse_lpstat_default("system default destination: HP_LaserJet\n").as_deref(),
            Some("HP_LaserJet")
        );
        assert_eq!(
            parse_lpstat_default("no system default destination\n"),
            None
        );
        assert_eq!(parse_lpstat_default(""), None);
        assert_eq!(
            lp_job("request id is HP-12 (1 file(s))\n"),
            "（任务 HP-12）"
        );
        assert_eq!(lp_job(""), "");
    }

    #[test]
    fn command_lines_keep_quoted_words() {
        assert_eq!(
            split_command(r#"/opt/print it.sh "二楼 打印机" '' -n 2"#),
            vec!["/opt/print", "it.sh", "二楼 打印机", "", "-n", "2"]
        );
        assert!(split_command("   ").is_empty());
    }

    #[test]
    fn a_missing_file_is_a_chinese_error_not_a_panic() {
        let e = print(Path::new("/nonexistent/文书.pdf")).unwrap_err();
        assert_eq!(e.code(), "document_file_missing");
        assert_eq!(e.to_string(), "找不到文书文件：/nonexistent/文书.pdf");
        assert!(matches!(
            reveal(Path::new("/nonexistent/文书.pdf")),
            Err(PrintError::Missing(_))
        ));
    }

    #[test]
    fn a_command_gets_the_file_last_and_its_failure_is_typed() {
        let dir = std::env::temp_dir().join(format!("xinfang-print-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = dir.join("文书.pdf");
        std::fs::write(&pdf, b"%PDF-1.7").unwrap();
        assert_eq!(run("cat", &["-u".into()], Some(&pdf)).unwrap(), "%PDF-1.7");
        match run("cat", &[], Some(&dir.join("none.pdf"))) {
            Err(e @ PrintError::Command { .. }) => {
                assert!(e.to_string().starts_with("打印命令“cat”执行失败："), "{e}")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            run("/nonexistent/print", &[], Some(&pdf)),
            Err(PrintError::Command { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
