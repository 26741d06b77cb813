// Harness for the end-to-end tests: each test gets its own database, its own tauri-driver (the
// app inherits tauri-driver's environment, not the test's) on free ports, and every step a
// timeout. A failing test leaves a screenshot in tests/e2e/artifacts/.
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { Builder, By, until, Key } from "selenium-webdriver";

export { By, Key, until };

const here = dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = resolve(here, "..");
export const REPO_DIR = resolve(E2E_DIR, "../..");
export const ARTIFACTS_DIR = join(E2E_DIR, "artifacts");

const TARGET_DIR = process.env.CARGO_TARGET_DIR || "/root/.cache/xinfang-target";
/** The built desktop binary (debug build unless XINFANG_DESK_BIN says otherwise). */
export const APP_BIN = resolve(process.env.XINFANG_DESK_BIN || join(TARGET_DIR, "debug", "xinfang-desk"));
/** The core's CLI, used by tests to prepare a database before the app opens it. */
export const CLI_BIN = resolve(process.env.XINFANG_CLI_BIN || join(TARGET_DIR, "debug", "xinfang"));
/** Reads an .xlsx back with calamine, as the core does (examples/sheet_rows.rs). */
export const SHEET_ROWS_BIN = resolve(join(TARGET_DIR, "debug", "examples", "sheet_rows"));

/**
 * The office's clock in every spec: a set instant (E2E_NOW, else a Wednesday morning in December
 * 2026) running on from the spec's start, handed to the CLI and the app as XINFANG_NOW, so that no
 * spec depends on the day it runs.
 */
const CLOCK_BASE_MS = Date.parse(process.env.E2E_NOW || "2026-12-02T09:30:00+08:00");
if (Number.isNaN(CLOCK_BASE_MS)) throw new Error(`E2E_NOW is not an instant: ${process.env.E2E_NOW}`);
const CLOCK_START_MS = Date.now();
/** Now on the office's clock. */
export const officeNow = () => new Date(CLOCK_BASE_MS + (Date.now() - CLOCK_START_MS));
/** The office's date (Asia/Shanghai) `days` days from now on its clock (negative: before). */
export const officeDay = (days = 0) =>
  new Date(officeNow().getTime() + days * 86400000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });

export const STEP_MS = Number(process.env.E2E_STEP_MS || 15000);
const SESSION_MS = Number(process.env.E2E_SESSION_MS || 45000);
export const TEST_MS = Number(process.env.E2E_TEST_MS || 180000);

/** Rejects after `ms` with a message naming what was being waited for. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

function portOpen(port) {
  return new Promise((res) => {
    const sock = connect(port, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      res(true);
    });
    sock.once("error", () => res(false));
  });
}

async function waitPort(port, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} on port ${port}`);
}

function killGroup(child, signal) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once("exit", r));
}

/** The password of every account the specs' offices have (the demo office's). */
export const PASSWORD = "xinfang-demo";
/** Who the specs work as unless they say otherwise: the director, who may take every step. */
export const DEFAULT_USER = "zhangwd";

/** The <input> of a form control marked `id` (on the input itself, or on its wrapper). */
export const inputOf = (id) => By.css(`input[data-testid="${id}"], [data-testid="${id}"] input`);

/** Signs in on the sign-in screen (or the lock screen, when `name` is the locked account). */
export async function signIn(driver, name, password = PASSWORD) {
  const nameInput = await waitVisible(driver, inputOf("sign-in-name"));
  if (await nameInput.isEnabled()) await typeInto(driver, inputOf("sign-in-name"), name);
  await typeInto(driver, inputOf("sign-in-password"), password);
  await click(driver, By.css('[data-testid="sign-in-submit"]'));
  await waitVisible(driver, By.css('[data-testid="main-menu"]'));
}

/** Runs a program and resolves with its stdout; rejects (with stderr) on a non-zero exit. */
export function run(cmd, args, { env = {}, input, timeoutMs = 60000 } = {}) {
  return new Promise((res, rej) => {
    const child = execFile(
      cmd,
      args,
      { env: { ...process.env, XINFANG_NOW: officeNow().toISOString(), ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) rej(new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${stderr}`));
        else res(stdout);
      },
    );
    if (input !== undefined) child.stdin.end(input);
  });
}

/**
 * Starts tauri-driver with the app's environment (XINFANG_DB and private XDG folders), opens a
 * WebDriver session on the app and returns `{ driver, dbPath, dir, stop }`.
 * `prepare(dbPath)` may fill the database (e.g. through the CLI) before the app starts.
 */
export async function launchApp({ prepare, env = {}, signInAs = DEFAULT_USER } = {}) {
  if (!process.env.DISPLAY) throw new Error("DISPLAY is not set: run the tests through scripts/e2e.sh (it starts Xvfb)");
  if (!existsSync(APP_BIN)) throw new Error(`app binary not found: ${APP_BIN} (run scripts/e2e.sh, which builds it)`);
  const dir = mkdtempSync(join(tmpdir(), "xinfang-e2e-"));
  const dbPath = join(dir, "office.sqlite");
  if (prepare) await withTimeout(Promise.resolve(prepare(dbPath)), 120000, "preparing the database");

  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const driverLog = join(dir, "tauri-driver.log");
  const logChunks = [];
  const child = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: {
      ...process.env,
      XINFANG_DB: dbPath,
      XDG_CONFIG_HOME: join(dir, "config"),
      XDG_DATA_HOME: join(dir, "data"),
      XDG_CACHE_HOME: join(dir, "cache"),
      XINFANG_NOW: officeNow().toISOString(),
      ...env,
    },
    detached: true, // its own process group: stop() ends tauri-driver, WebKitWebDriver and the app
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => logChunks.push(d));
  child.stderr.on("data", (d) => logChunks.push(d));

  let driver;
  const stop = async () => {
    if (driver) {
      await withTimeout(driver.quit(), 10000, "closing the WebDriver session").catch(() => {});
    }
    killGroup(child, "SIGTERM");
    await withTimeout(exited(child), 5000, "tauri-driver exit").catch(() => killGroup(child, "SIGKILL"));
    try {
      writeFileSync(driverLog, Buffer.concat(logChunks));
    } catch {
      /* ignore */
    }
    if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitPort(port, 15000, "tauri-driver");
    driver = new Builder()
      .usingServer(`http://127.0.0.1:${port}/`)
      .withCapabilities({ browserName: "wry", "tauri:options": { application: APP_BIN } })
      .build();
    await withTimeout(driver.getSession(), SESSION_MS, "creating the WebDriver session (does the app start?)");
    await driver.manage().setTimeouts({ implicit: 0, script: STEP_MS, pageLoad: 30000 });
    // The shell has mounted when the main menu (or, on an empty database, the first-start
    // setup, or the sign-in screen) is there.
    await waitVisible(driver, By.css('[data-testid="main-menu"], [data-testid="first-start"], [data-testid="sign-in"]'), 30000);
    if (signInAs && (await driver.findElements(By.css('[data-testid="sign-in"]'))).length > 0) {
      await signIn(driver, signInAs);
    }
  } catch (e) {
    const log = Buffer.concat(logChunks).toString();
    await stop();
    throw new Error(`${e.message}\n--- tauri-driver output ---\n${log.slice(-4000)}`);
  }
  return { driver, dbPath, dir, stop, driverPid: child.pid };
}

/** The processes started under `pid` (the app and WebKit's helper processes), with `pid`. */
export async function processTree(pid) {
  const out = await run("ps", ["-e", "-o", "pid=,ppid=,rss=,comm="]);
  const rows = out
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .map(([p, pp, rss, ...comm]) => ({ pid: Number(p), ppid: Number(pp), rssKb: Number(rss), comm: comm.join(" ") }));
  const tree = [];
  const walk = (p) => {
    for (const r of rows.filter((r) => r.ppid === p)) {
      tree.push(r);
      walk(r.pid);
    }
  };
  walk(pid);
  // Proportional set size: shared library pages counted once across the processes.
  for (const p of tree) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p.pid}/smaps_rollup`, "utf8"));
      p.pssKb = m ? Number(m[1]) : p.rssKb;
    } catch {
      p.pssKb = p.rssKb;
    }
  }
  return tree;
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

export async function waitVisible(driver, locator, ms = STEP_MS) {
  const el = await driver.wait(until.elementLocated(locator), ms, `not found within ${ms} ms: ${locator}`);
  await driver.wait(until.elementIsVisible(el), ms, `not visible within ${ms} ms: ${locator}`);
  return el;
}

/** Scrolls the element to the middle of the view: the sticky bars never cover it then. */
async function center(driver, el) {
  await driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", el);
}

/** Errors that mean "the page is still changing": look again. */
const TRANSIENT = new Set(["StaleElementReferenceError", "ElementClickInterceptedError", "NoSuchElementError"]);

export async function click(driver, locator, ms = STEP_MS) {
  // A fading overlay (loading mask, closing dialog) may still cover the element for a moment,
  // or a re-render may replace it: try again (finding it anew) until the step's time is up.
  const end = Date.now() + ms;
  for (;;) {
    try {
      const el = await waitVisible(driver, locator, Math.max(1000, end - Date.now()));
      await driver.wait(until.elementIsEnabled(el), ms, `not enabled within ${ms} ms: ${locator}`);
      await center(driver, el);
      await withTimeout(el.click(), ms, `click ${locator}`);
      return el;
    } catch (e) {
      if (!TRANSIENT.has(e?.name) || Date.now() > end) throw e;
      await driver.sleep(150);
    }
  }
}

/**
 * Types into an input. Clearing goes through the keyboard (select all, delete), as a person
 * would: WebDriver's own clear() bypasses the input events Vue's v-model listens to.
 */
export async function typeInto(driver, locator, text, { clear = true, ms = STEP_MS } = {}) {
  const el = await waitVisible(driver, locator, ms);
  await center(driver, el);
  if (clear) await withTimeout(el.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE), ms, `clear ${locator}`);
  await withTimeout(el.sendKeys(text), ms, `type into ${locator}`);
  return el;
}

export async function textOf(driver, locator, ms = STEP_MS) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const el = await waitVisible(driver, locator, Math.max(1000, end - Date.now()));
      return await withTimeout(el.getText(), ms, `read text of ${locator}`);
    } catch (e) {
      if (!TRANSIENT.has(e?.name) || Date.now() > end) throw e;
      await driver.sleep(100);
    }
  }
}

/** Waits until the element's text satisfies `pred` (a RegExp, a string to contain, or a function). */
export async function waitText(driver, locator, pred, ms = STEP_MS) {
  const ok =
    typeof pred === "function" ? pred : pred instanceof RegExp ? (t) => pred.test(t) : (t) => t.includes(pred);
  let last = "";
  try {
    await driver.wait(
      async () => {
        try {
          const els = await driver.findElements(locator);
          if (els.length === 0) return false;
          last = await els[0].getText();
          return ok(last);
        } catch (e) {
          if (TRANSIENT.has(e?.name)) return false; // re-rendered meanwhile: look again
          throw e;
        }
      },
      ms,
    );
  } catch {
    throw new Error(`text of ${locator} did not match ${pred} within ${ms} ms; last text: ${JSON.stringify(last)}`);
  }
  return last;
}

async function screenshot(app, name) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name.replace(/[^\w\u4e00-\u9fff-]+/g, "_")}.png`);
  try {
    const data = await withTimeout(app.driver.takeScreenshot(), 10000, "screenshot");
    writeFileSync(file, data, "base64");
  } catch {
    // The WebDriver session may be wedged: grab the whole X screen instead.
    await run("import", ["-window", "root", file], { timeoutMs: 10000 }).catch(() => {});
  }
  return file;
}

/**
 * A test on the real app with a fresh database: `appTest(name, async (app) => {...}, options)`.
 * On failure a screenshot is saved to artifacts/ before the app is closed.
 */
export function appTest(name, fn, { prepare, env, signInAs, timeout = TEST_MS } = {}) {
  test(name, { timeout }, async () => {
    const app = await launchApp({ prepare, env, signInAs });
    try {
      await fn(app);
    } catch (e) {
      const file = await screenshot(app, name);
      e.message = `${e.message}\n(screenshot: ${file})`;
      throw e;
    } finally {
      await app.stop();
    }
  });
}

/**
 * Picks an option of an Element Plus select (its dropdown is rendered at the end of <body>, and
 * stays there hidden once opened), then checks the select shows it; tries again if not.
 */
export async function selectOption(driver, selectLocator, optionText, ms = STEP_MS) {
  const option = By.xpath(
    `//div[contains(@class,'el-popper') and not(contains(@style,'display: none'))]` +
      `//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='${optionText}']`,
  );
  for (let attempt = 1; ; attempt++) {
    await click(driver, selectLocator, ms);
    try {
      await click(driver, option, 3000);
    } catch (e) {
      // WebKitWebDriver sometimes reports a list item of an open dropdown as covered (while the
      // list is still animating in a dialog): click it through the DOM instead.
      if (e?.name !== "ElementClickInterceptedError") throw e;
      await driver.executeScript("arguments[0].click()", await waitVisible(driver, option, ms));
    }
    // The select shows the choice (a tag for a multiple select); read the DOM's text, which
    // WebDriver's visible-text rules do not always reach inside a select.
    const shown = async () => {
      try {
        // The chosen label (or tag); a greyed placeholder showing the hovered option does not count.
        const root = await driver.findElement(selectLocator);
        const chosen = await root.findElements(By.css(".el-select__selected-item:not(.is-transparent)"));
        const texts = await Promise.all(chosen.map((c) => c.getAttribute("textContent")));
        return texts.some((t) => String(t).includes(optionText));
      } catch {
        return false;
      }
    };
    try {
      await driver.wait(shown, 3000);
      // A multiple select keeps its list open: close it with another click on the select.
      const still = await driver.findElements(option);
      if (still.length && (await still[0].isDisplayed().catch(() => false))) await click(driver, selectLocator, ms);
      return;
    } catch (e) {
      if (attempt >= 3) throw new Error(`select ${selectLocator} does not show ${optionText}`);
      await driver.sleep(300);
    }
  }
}

/** Counts the rows an Element Plus table shows (ignores the empty-state row). */
export async function tableRows(driver, tableTestId) {
  return driver.findElements(By.css(`[data-testid="${tableTestId}"] .el-table__body-wrapper tr.el-table__row`));
}

/** Waits until the table shows `n` rows (server-side filters apply asynchronously). */
export async function waitRows(driver, tableTestId, n, ms = STEP_MS) {
  let last = -1;
  try {
    await driver.wait(async () => {
      last = (await tableRows(driver, tableTestId)).length;
      return last === n;
    }, ms);
    // Re-rendered rows are found anew on each look: nothing can go stale here.
  } catch {
    throw new Error(`table ${tableTestId} shows ${last} rows, expected ${n} (waited ${ms} ms)`);
  }
}

/** Waits until the elements with `testId` show exactly `texts` (in any order). */
export async function waitTexts(driver, testId, texts, ms = STEP_MS) {
  const want = [...texts].sort().join(" | ");
  let got = "";
  try {
    await driver.wait(async () => {
      try {
        const els = await driver.findElements(By.css(`[data-testid="${testId}"]`));
        got = (await Promise.all(els.map((e) => e.getText()))).sort().join(" | ");
        return got === want;
      } catch (e) {
        if (TRANSIENT.has(e?.name)) return false; // re-rendered meanwhile: look again
        throw e;
      }
    }, ms);
  } catch {
    throw new Error(`${testId} shows [${got}], expected [${want}] (waited ${ms} ms)`);
  }
}
