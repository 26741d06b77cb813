//! Launch timing: how long from the start of the process until the clerk can work (工作台
//! painted with its data). The UI reports the moment through `ui_ready`; with
//! `XINFANG_STARTUP_LOG` set the shell prints one line on stderr, which the desktop benchmark
//! (bench/desktop.sh) waits for. Nothing is printed otherwise.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// When `main` started: as an instant, as epoch milliseconds (to compare with the UI's
/// `performance.timeOrigin`) and as seconds since boot (to compare with the process's exec).
static MAIN: OnceLock<(Instant, f64, Option<f64>)> = OnceLock::new();

/// Called first thing in `main`.
pub fn mark_main() {
    MAIN.get_or_init(|| (Instant::now(), epoch_ms(SystemTime::now()), uptime_s()));
}

fn uptime_s() -> Option<f64> {
    std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn epoch_ms(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1e3)
        .unwrap_or(0.0)
}

/// Milliseconds since `main` started.
pub fn since_main_ms() -> f64 {
    MAIN.get()
        .map(|(t, _, _)| t.elapsed().as_secs_f64() * 1e3)
        .unwrap_or(0.0)
}

/// Milliseconds from the process's exec to `main` (10 ms resolution): the dynamic loader's
/// share (WebKitGTK, GTK and their libraries).
fn exec_to_main_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Field 22 (starttime, clock ticks of 1/100 s after boot), counted after the ")" that
    // ends the name.
    let start_ticks: f64 = stat
        .rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()?;
    Some((MAIN.get()?.2? - start_ticks / 100.0) * 1e3)
}

/// Whether the launch timing is printed.
pub fn enabled() -> bool {
    std::env::var_os("XINFANG_STARTUP_LOG").is_some_and(|v| !v.is_empty())
}

/// A step of the launch, printed when `enabled`.
pub fn log(step: &str) {
    if enabled() {
        eprintln!("xinfang-desk startup: {step} at {:.0} ms", since_main_ms());
    }
}

/// The UI's report: its own marks as `performance.timeOrigin + performance.now()` (epoch ms).
pub fn ready(marks: &[(String, f64)]) {
    if !enabled() {
        return;
    }
    let main_epoch = MAIN.get().map(|m| m.1).unwrap_or(0.0);
    let steps: Vec<String> = marks
        .iter()
        .map(|(name, at)| format!("{name} {:.0}", at - main_epoch))
        .collect();
    let exec = exec_to_main_ms().map_or("?".to_string(), |ms| format!("{ms:.0}"));
    eprintln!(
        "xinfang-desk startup: ready at {:.0} ms after main (exec → main {exec} ms; UI marks after main: {})",
        since_main_ms(),
        steps.join(", ")
    );
}
