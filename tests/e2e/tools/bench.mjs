// The desktop benchmark of issue 3, on the real window through WebDriver:
//   1. launch → first screen usable (工作台 with its counts), from the WebDriver session request;
//   2. the case list's first page after a filter change, as a round trip through `invoke`;
//   3. resident memory (app + WebKit processes) after opening 200 cases one after another.
// Usage (DISPLAY set, app built): node tools/bench.mjs DB.sqlite   — the database is copied first.
// XINFANG_DESK_BIN selects the binary (a release build for real figures).
import { copyFileSync, existsSync } from "node:fs";
import { launchApp, byTestId, waitVisible, waitText, processTree, APP_BIN } from "../lib/harness.mjs";

const source = process.argv[2];
if (!source || !existsSync(source)) {
  console.error("usage: node tools/bench.mjs DB.sqlite");
  process.exit(2);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

const t0 = Date.now();
let usableMs = 0;
const app = await launchApp({
  prepare: (db) => {
    for (const ext of ["", "-wal", "-shm"]) if (existsSync(source + ext)) copyFileSync(source + ext, db + ext);
  },
});
const { driver } = app;
try {
  await waitVisible(driver, byTestId("count-overdue"), 60000);
  usableMs = Date.now() - t0;

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
    {},
  ];
  const timings = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const filters = arguments[0];
     const base = { statuses: [], channel: null, overdue: false, near_due: false, received_from: null,
       received_to: null, locality: null, text: null, sort: "received_at", descending: true, page: 1, page_size: 50 };
     (async () => {
       const out = [];
       for (let round = 0; round < 3; round++) {
         for (const f of filters) {
           const t = performance.now();
           const page = await window.__TAURI_INTERNALS__.invoke("case_list", { query: { ...base, ...f } });
           out.push({ ms: performance.now() - t, total: page.total, filter: JSON.stringify(f) });
         }
       }
       done(out);
     })().catch((e) => done({ error: String(e && e.message || e) }));`,
    filters,
  );
  if (timings.error) throw new Error(timings.error);
  const ms = timings.map((t) => t.ms);

  // Open 200 cases, one after another, through the router (as clicks from the list do).
  const numbers = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke("case_list", { query: { statuses: [], channel: null, overdue: false,
       near_due: false, received_from: null, received_to: null, locality: null, text: null, sort: "received_at",
       descending: true, page: 1, page_size: 200 } }).then((p) => done(p.items.map((i) => i.case_no)));`,
  );
  const before = (await processTree(app.driverPid)).filter((p) => !/tauri-driver|WebKitWebDriver/.test(p.comm));
  const openMs = [];
  for (const no of numbers) {
    const t = Date.now();
    await driver.executeScript(`location.hash = "#/cases/" + arguments[0]`, no);
    await waitText(driver, byTestId("detail-case-no"), no, 20000);
    await waitVisible(driver, byTestId("detail-timeline"), 20000);
    openMs.push(Date.now() - t);
  }
  const after = (await processTree(app.driverPid)).filter((p) => !/tauri-driver|WebKitWebDriver/.test(p.comm));
  const sum = (ps, k = "rssKb") => Math.round(ps.reduce((a, p) => a + p[k], 0) / 1024);

  const total = timings.find((t) => t.filter === "{}")?.total;
  console.log(`binary: ${APP_BIN}`);
  console.log(`database: ${source} (${total} cases)`);
  console.log(`launch → 工作台 usable: ${usableMs} ms`);
  console.log(`case list page after a filter change (invoke round trip, ${ms.length} calls): median ${median(ms).toFixed(1)} ms, p95 ${p95(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`);
  for (const f of filters) {
    const own = timings.filter((t) => t.filter === JSON.stringify(f)).map((t) => t.ms);
    console.log(`  ${JSON.stringify(f).padEnd(70)} median ${median(own).toFixed(1)} ms`);
  }
  console.log(`opening ${openMs.length} cases: median ${median(openMs)} ms each`);
  console.log(`memory (app + WebKit processes), PSS: ${sum(before, "pssKb")} MB before, ${sum(after, "pssKb")} MB after opening ${openMs.length} cases (RSS ${sum(before)} → ${sum(after)} MB)`);
  for (const p of after) console.log(`  ${p.comm} PSS ${Math.round(p.pssKb / 1024)} MB, RSS ${Math.round(p.rssKb / 1024)} MB`);
} finally {
  await app.stop();
}
