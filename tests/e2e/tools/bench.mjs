// The desktop benchmark of issue 3 (run it through bench/desktop.sh):
//   1. launch → first screen usable: the app is started directly (no WebDriver) with
//      XINFANG_STARTUP_LOG=1, and the time is taken from spawning the process to the line the
//      shell prints when the UI reports 工作台 painted with its data (ui/src/startup.ts);
//   2. the case list's first page after a filter change, as a round trip through `invoke`
//      (in the real window, through WebDriver);
//   3. memory (PSS from /proc/<pid>/smaps_rollup, summed over the app and its WebKit
//      processes) before and after opening cases one after another through the router.
// Usage (DISPLAY set, app built): node tools/bench.mjs DB.sqlite [--launches N] [--open N]
// The database is copied first. XINFANG_DESK_BIN selects the binary (a release build for real
// figures).
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchApp, byTestId, waitVisible, waitText, processTree, run, APP_BIN } from "../lib/harness.mjs";

const args = process.argv.slice(2);
const source = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i > 0 ? Number(args[i + 1]) : dflt;
};
const LAUNCHES = opt("--launches", 5);
const OPEN = opt("--open", 200);
if (!source || !existsSync(source)) {
  console.error("usage: node tools/bench.mjs DB.sqlite [--launches N] [--open N]");
  process.exit(2);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (kb) => Math.round(kb / 1024);

/** PSS and USS (private pages only) of a process, from /proc/<pid>/smaps_rollup, in KiB. PSS
 * splits shared pages among every process on the machine that maps them, so it falls when other
 * WebKit apps run (other sessions' tests); USS does not depend on them. */
function smaps(pid) {
  try {
    const t = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(t)?.[1] ?? 0);
    return { pssKb: kb("Pss"), ussKb: kb("Private_Clean") + kb("Private_Dirty") };
  } catch {
    return { pssKb: 0, ussKb: 0 };
  }
}
/** WebKit processes on the machine outside `tree` (they lower our PSS). */
async function otherWebKit(tree) {
  const ours = new Set(tree.map((p) => p.pid));
  const out = await run("ps", ["-e", "-o", "pid=,comm="]);
  return out.trim().split("\n").filter((l) => /WebKitWebProces|WebKitNetworkPr/.test(l) && !ours.has(Number(l.trim().split(/\s+/)[0]))).length;
}
/** Our processes with PSS and USS, summed. */
async function footprint(tree) {
  const ps = tree.map((p) => ({ ...p, ...smaps(p.pid) }));
  return {
    ps,
    pss: mb(ps.reduce((a, p) => a + p.pssKb, 0)),
    uss: mb(ps.reduce((a, p) => a + p.ussKb, 0)),
    others: await otherWebKit(tree),
  };
}

function copyDb(to) {
  for (const ext of ["", "-wal", "-shm"]) if (existsSync(source + ext)) copyFileSync(source + ext, to + ext);
}

/** One launch, straight from a spawn: ms until the shell's "ready" line, with its marks. */
async function launchOnce(dir, db) {
  const t0 = performance.now();
  const child = spawn(APP_BIN, [], {
    env: {
      ...process.env,
      XINFANG_DB: db,
      XINFANG_STARTUP_LOG: "1",
      XDG_CONFIG_HOME: join(dir, "config"),
      XDG_DATA_HOME: join(dir, "data"),
      XDG_CACHE_HOME: join(dir, "cache"),
    },
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  try {
    const line = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line within 60 s:\n${log}`)), 60000);
      child.stderr.on("data", (d) => {
        log += d;
        const m = /startup: ready at [^\n]*(?=\n)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[0].replace(/^startup: /, ""));
        }
      });
      child.once("exit", (code) => reject(new Error(`app exited (${code}) before it was ready:\n${log}`)));
    });
    const ms = performance.now() - t0;
    await sleep(1500); // let the window settle, then its memory at rest on 工作台
    const mem = await footprint([{ pid: child.pid, comm: "xinfang-desk" }, ...(await processTree(child.pid))]);
    return { ms, line, log, mem };
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* gone */
    }
    await sleep(500);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}

console.log(`binary: ${APP_BIN}`);
console.log(`database: ${source}`);
console.log(`date: ${new Date().toISOString()}, load average at start: ${loadavg()}`);

// 1. Launches.
if (LAUNCHES > 0) {
  const dir = mkdtempSync(join(tmpdir(), "xinfang-bench-"));
  const db = join(dir, "office.sqlite");
  copyDb(db);
  const runs = [];
  try {
    for (let i = 0; i < LAUNCHES; i++) {
      const r = await launchOnce(dir, db);
      r.load = loadavg();
      runs.push(r);
      console.log(`  launch ${i + 1}: ${r.ms.toFixed(0)} ms (load ${r.load}); ${r.line}`);
      await sleep(1000);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ms = runs.map((r) => r.ms);
  console.log(
    `launch → 工作台 usable (spawn to the UI's report, ${runs.length} launches): median ${median(ms).toFixed(0)} ms, min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}`,
  );
  console.log(
    `memory on 工作台 1.5 s after launch, app + WebKit: PSS median ${median(runs.map((r) => r.mem.pss))} MB, USS median ${median(runs.map((r) => r.mem.uss))} MB (other WebKit processes on the machine: ${runs.map((r) => r.mem.others).join(", ")})`,
  );
}

// 2 and 3. Through WebDriver.
const app = await launchApp({ prepare: copyDb });
const { driver } = app;
try {
  await waitVisible(driver, byTestId("count-overdue"), 60000);

  // Round trips through invoke, as the list does on a filter change.
  const filters = [
    { statuses: ["registered"] },
    { statuses: ["accepted"], overdue: true },
    { channel: "visit" },
    { near_due: true },
    { text: "拆迁" },
    { text: "工资" },
    { locality: "445202003" },
    { received_from: "2026-03-01", received_to: "2026-06-30" },
    { statuses: ["replied", "reviewed"], sort: "next_due" },
    { statuses: ["registered"], sort: "next_due", descending: false },
    {},
  ];
  const timings = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const filters = arguments[0];
     const base = { statuses: [], channel: null, overdue: false, near_due: false, received_from: null,
       received_to: null, locality: null, text: null, sort: "received_at", descending: true, page: 1, page_size: 50 };
     (async () => {
       const out = [];
       for (let round = 0; round < 5; round++) {
         for (const f of filters) {
           const t = performance.now();
           const page = await window.__TAURI_INTERNALS__.invoke("case_list", { query: { ...base, ...f } });
           out.push({ ms: performance.now() - t, total: page.total, filter: JSON.stringify(f) });
         }
         const t = performance.now();
         await window.__TAURI_INTERNALS__.invoke("due_list", { limit: 50 });
         out.push({ ms: performance.now() - t, total: null, filter: "due_list(50)" });
       }
       done(out);
     })().catch((e) => done({ error: String(e && e.message || e) }));`,
    filters,
  );
  if (timings.error) throw new Error(timings.error);
  const listMs = timings.filter((t) => t.filter !== "due_list(50)").map((t) => t.ms);

  const numbers = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke("case_list", { query: { statuses: [], channel: null, overdue: false,
       near_due: false, received_from: null, received_to: null, locality: null, text: null, sort: "received_at",
       descending: true, page: 1, page_size: arguments[0] } }).then((p) => done(p.items.map((i) => i.case_no)));`,
    OPEN,
  );
  const appOnly = async () => footprint((await processTree(app.driverPid)).filter((p) => !/tauri-driver|WebKitWebDriver/.test(p.comm)));
  const before = await appOnly();
  const openMs = [];
  for (const no of numbers) {
    const t = Date.now();
    await driver.executeScript(`location.hash = "#/cases/" + arguments[0]`, no);
    await waitText(driver, byTestId("detail-case-no"), no, 20000);
    await waitVisible(driver, byTestId("detail-timeline"), 20000);
    openMs.push(Date.now() - t);
  }
  const after = await appOnly();
  await driver.executeScript(`location.hash = "#/workbench"`);
  await sleep(10000);
  const rest = await appOnly();

  const total = timings.find((t) => t.filter === "{}")?.total;
  console.log(`cases in the database: ${total}; load average now: ${loadavg()}`);
  console.log(
    `case list page after a filter change (invoke round trip, ${listMs.length} calls): median ${median(listMs).toFixed(1)} ms, p95 ${p95(listMs).toFixed(1)} ms, max ${Math.max(...listMs).toFixed(1)} ms`,
  );
  for (const f of [...filters.map((f) => JSON.stringify(f)), "due_list(50)"]) {
    const own = timings.filter((t) => t.filter === f);
    console.log(`  ${f.padEnd(72)} median ${median(own.map((t) => t.ms)).toFixed(1)} ms  (${own[0].total ?? "-"} found)`);
  }
  console.log(`opening ${openMs.length} cases: median ${median(openMs)} ms each, p95 ${p95(openMs)} ms`);
  console.log(
    `memory (app + WebKit processes): PSS ${before.pss} MB before, ${after.pss} MB after opening ${openMs.length} cases, ${rest.pss} MB 10 s later on 工作台; USS ${before.uss} → ${after.uss} → ${rest.uss} MB (other WebKit processes on the machine: ${before.others}, ${after.others}, ${rest.others})`,
  );
  for (const p of after.ps) console.log(`  ${p.comm} PSS ${mb(p.pssKb)} MB, USS ${mb(p.ussKb)} MB`);
  console.log(`load average at the end: ${loadavg()}`);
} finally {
  await app.stop();
}
