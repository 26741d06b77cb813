import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { By } from "selenium-webdriver";
import { appTest, byTestId, click, run, textOf, typeInto, waitText, waitTexts } from "../lib/harness.mjs";
import { OFFICE, cli, initOffice, registerCase } from "../lib/office.mjs";

// A second office, prepared with the CLI: its public key and its first package.
const OTHER = { code: "445203", name: "测试区信访局", prefix: "测区信访" };
const files = { key: "", pkg: "", broken: "", exports: "", fingerprint: "" };
let ownCase = "";
let otherCase = "";

const tab = (name) => By.css(`#tab-${name}`);

/** The other office in `dir`, with one case of its own and its public key in `outbox/`. */
async function otherOffice(dir) {
  const db = join(dir, "other.sqlite");
  await initOffice(db, OTHER);
  const caseNo = await registerCase(db, {
    title: "反映乡道破损问题",
    locality: { code: "445203001", name: "测试镇" },
  });
  const key = join(dir, "outbox", `${OTHER.code}-公钥.json`);
  mkdirSync(dirname(key), { recursive: true });
  const keyOut = await cli(db, ["sync", "key", "export", key], { user: "admin" });
  const fingerprint = /指纹：([0-9a-f ]{19})/.exec(keyOut)?.[1] ?? "";
  assert.ok(fingerprint, `fingerprint in: ${keyOut}`);
  return { db, caseNo, key, fingerprint };
}

appTest(
  "a package of another office: trust its key, import it once, refuse a damaged copy; export one",
  async ({ driver }) => {
    await click(driver, byTestId("menu-sync"));
    await waitText(driver, byTestId("page-title"), "同步");

    // 设置: read the other office's key file, compare the fingerprint, trust it.
    await click(driver, tab("settings"));
    await typeInto(driver, byTestId("sync-trust-file"), files.key);
    await click(driver, byTestId("sync-trust-read"));
    await waitText(driver, byTestId("sync-trust-info"), `${OTHER.name}（${OTHER.code}）的公钥，指纹 ${files.fingerprint}`);
    await click(driver, byTestId("sync-trust-confirm"));
    await waitTexts(driver, "trusted-name", [OTHER.name]);
    await waitTexts(driver, "trusted-fingerprint", [files.fingerprint]);

    // 导入: the checks pass, the counts by kind are shown.
    await click(driver, tab("import"));
    await typeInto(driver, byTestId("sync-import-file"), files.pkg);
    await click(driver, byTestId("sync-import-btn"));
    await waitText(driver, byTestId("sync-import-result"), `已导入${OTHER.name}（${OTHER.code}）第 1 号同步包`);
    await waitTexts(driver, "count-kind", ["机构", "信访件", "办理经过"]);
    await waitTexts(driver, "count-received", ["1", "1", "1"]);
    if (process.env.E2E_SYNC_SCREENSHOT) {
      // For docs/img/sync.png: the X screen (the window fills it), once the message of the
      // trust has faded out.
      await driver.executeScript("document.activeElement?.blur()");
      await driver.actions().move({ x: 700, y: 700 }).perform().catch(() => {}); // no hover colour
      await driver.sleep(3500);
      mkdirSync(dirname(process.env.E2E_SYNC_SCREENSHOT), { recursive: true });
      await run("import", ["-window", "root", process.env.E2E_SYNC_SCREENSHOT]);
    }

    // The same package again: already applied, nothing changed.
    await click(driver, byTestId("sync-import-btn"));
    await waitText(driver, byTestId("sync-import-result"), "已导入过");

    // A damaged copy: refused with the reason, nothing changed.
    await typeInto(driver, byTestId("sync-import-file"), files.broken);
    await click(driver, byTestId("sync-import-btn"));
    await waitText(driver, byTestId("sync-import-reason"), "同步包无法读取，文件可能不完整、已损坏或不是同步包");
    await waitText(driver, byTestId("sync-import-error"), "本机数据未做任何修改");

    // 历史: one import.
    await click(driver, tab("history"));
    await waitTexts(driver, "import-office", [`${OTHER.name}（${OTHER.code}）`]);
    await waitTexts(driver, "import-audit", ["完整，与此前收到的衔接"]);
    if (process.env.E2E_SYNC_HISTORY_SCREENSHOT) {
      await driver.sleep(1500);
      await run("import", ["-window", "root", process.env.E2E_SYNC_HISTORY_SCREENSHOT]);
    }

    // 导出: this office's own changes into a folder.
    await click(driver, tab("export"));
    await typeInto(driver, byTestId("sync-export-dir"), files.exports);
    await click(driver, byTestId("sync-export-btn"));
    await waitText(driver, byTestId("sync-export-result"), "已导出第 1 号同步包（增量）");
    const written = await textOf(driver, byTestId("sync-export-path"));
    assert.equal(written, join(files.exports, `${OFFICE.code}-000001.xfsync`));
    assert.ok(existsSync(written), `the package is written: ${written}`);
    // Nothing new since: no package.
    await click(driver, byTestId("sync-export-btn"));
    await waitText(driver, byTestId("sync-export-result"), "没有新的变更");

    // 案件: the other office's case is listed, read-only.
    await click(driver, byTestId("menu-cases"));
    await waitTexts(driver, "row-case-no", [ownCase, otherCase]);
    await waitTexts(driver, "row-foreign", [`外机构 ${OTHER.code} · 只读`]);
    await click(driver, By.xpath(`//*[@data-testid="row-case-no"][normalize-space(.)="${otherCase}"]`));
    await waitText(driver, byTestId("detail-case-no"), otherCase);
    await waitText(driver, byTestId("no-actions"), `该信访件属于机构 ${OTHER.code}，由同步导入，本机只能查看`);
  },
  {
    // The administrator keeps the keys and the export settings.
    signInAs: "admin",
    prepare: async (db) => {
      const dir = dirname(db);
      await initOffice(db);
      ownCase = await registerCase(db, { title: "反映小区供水问题" });

      const other = await otherOffice(dir);
      otherCase = other.caseNo;
      files.key = other.key;
      files.fingerprint = other.fingerprint;
      const exported = JSON.parse(await cli(other.db, ["sync", "export", "--out", join(dir, "outbox"), "--json"]));
      files.pkg = exported.path.startsWith("/") ? exported.path : join(process.cwd(), exported.path);
      // A copy cut short, as after an interrupted copy to a USB drive.
      const bytes = readFileSync(files.pkg);
      files.broken = join(dir, "outbox", `损坏-${basename(files.pkg)}`);
      writeFileSync(files.broken, bytes.subarray(0, Math.floor(bytes.length / 2)));
      files.exports = join(dir, "导出");
    },
  },
);

const auto = { folder: "" };

appTest(
  "the automatic export writes a package into its folder while the app runs",
  async ({ driver }) => {
    // The app's timer checks 15 s after the start, then every minute; this office never
    // exported, so the export is due at once.
    const end = Date.now() + 60000;
    let written = [];
    while (Date.now() < end) {
      written = existsSync(auto.folder) ? readdirSync(auto.folder) : [];
      if (written.length) break;
      await driver.sleep(500);
    }
    assert.deepEqual(written, [`${OFFICE.code}-000001.xfsync`]);
    await click(driver, byTestId("menu-sync"));
    await click(driver, tab("settings"));
    await waitText(driver, byTestId("sync-auto-status"), `已开启：每 24 小时导出到 ${auto.folder}`);
    await waitText(driver, byTestId("sync-auto-status"), "第 1 号");
    await waitText(driver, byTestId("sync-auto-last"), join(auto.folder, `${OFFICE.code}-000001.xfsync`));
  },
  {
    // The administrator keeps the keys and the export settings.
    signInAs: "admin",
    prepare: async (db) => {
      await initOffice(db);
      await registerCase(db, { title: "反映小区供水问题" });
      auto.folder = join(dirname(db), "共享", "同步包");
      await cli(db, ["sync", "auto", "--folder", auto.folder, "--every-hours", "24"], { user: "admin" });
    },
  },
);

// A case of the other office changed here too (as a local repair would: a new version with
// another handler) while that office accepted it: the second package is a conflict.
const clash = { caseNo: "", db: "" };

appTest(
  "a case changed on both sides waits in 冲突 until a person chooses; the choice is applied",
  async ({ driver }) => {
    await click(driver, byTestId("menu-sync"));
    await click(driver, byTestId("sync-tab-conflicts"));
    await waitText(driver, byTestId("sync-conflict"), clash.caseNo);
    await waitText(driver, byTestId("sync-conflict"), "待处理");
    // The fields that differ, this office's value beside the other's, as the clerk reads
    // them: the handler, the status by its name, the deadlines and the handling line by line.
    await waitText(driver, byTestId("sync-conflict"), "市局张三");
    await waitText(driver, byTestId("sync-conflict"), "办理中");
    await waitText(driver, byTestId("sync-conflict"), "登记处理期限 ");
    await waitText(driver, byTestId("sync-conflict"), "已完成");
    await waitText(driver, byTestId("sync-conflict"), "（尚无）");
    await waitText(driver, byTestId("sync-conflict"), "处理决定：受理，");

    // 采用对方, confirmed in the dialog: the other office's version replaces this one's.
    await click(driver, byTestId("sync-keep-remote"));
    await waitText(driver, By.css(".el-message-box"), "采用机构 445203 的版本");
    await click(driver, By.css(".el-message-box__btns .el-button--primary"));
    await waitText(driver, byTestId("sync-conflicts-empty"), "没有待处理的同步冲突");

    const shown = JSON.parse(await cli(clash.db, ["case", "show", clash.caseNo, "--json"]));
    assert.equal(shown.case.status, "accepted");
    assert.equal(shown.case.handler ?? null, null);
    await click(driver, byTestId("menu-cases"));
    await click(driver, By.xpath(`//*[@data-testid="row-case-no"][normalize-space(.)="${clash.caseNo}"]`));
    await waitText(driver, byTestId("detail-status"), "办理中");
  },
  {
    // The administrator keeps the keys and the export settings.
    signInAs: "admin",
    prepare: async (db) => {
      const dir = dirname(db);
      clash.db = db;
      await initOffice(db);
      const other = await otherOffice(dir);
      clash.caseNo = other.caseNo;
      await cli(db, ["sync", "trust", other.key], { user: "admin" });
      const exportTo = async () =>
        JSON.parse(await cli(other.db, ["sync", "export", "--out", join(dir, "outbox"), "--json"])).path;
      await cli(db, ["sync", "import", await exportTo()]);
      await run("sqlite3", [
        db,
        `UPDATE cases SET handler = '市局张三', version = version + 1 WHERE case_no = '${clash.caseNo}'`,
      ]);
      await cli(other.db, ["case", "act", clash.caseNo, "accept"]);
      const report = await cli(db, ["sync", "import", await exportTo()]);
      assert.match(report, /有 1 条记录双方都改过/);
    },
  },
);

/** The titles of the X windows on the test's screen (the system picker is a window of its own). */
const windowTitles = () =>
  [...execFileSync("xwininfo", ["-root", "-tree"], { encoding: "utf8" }).matchAll(/0x[0-9a-f]+ "([^"]*)"/g)].map((m) => m[1]);

appTest(
  "选择文件… opens the system's file picker for the package to import",
  async ({ driver }) => {
    await click(driver, byTestId("menu-sync"));
    await click(driver, tab("import"));
    assert.ok(!windowTitles().includes("选择收到的同步包"), "no picker before the click");
    await click(driver, byTestId("sync-import-file-browse"));
    await driver.wait(async () => windowTitles().includes("选择收到的同步包"), 10000, "the picker window 选择收到的同步包 did not open");
  },
  { prepare: initOffice },
);
