// 附件 in the real window: a scan attached to a case from its page (the path typed into the
// picker's field), listed with its size and read back through the CLI with the file's own hash;
// an empty file refused with the reason; a withdrawal keeps the attachment on the page as 已撤回;
// a file dropped on the window (Tauri's drag-drop event, as the shell emits it) opens the dialog with its path.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { By } from "selenium-webdriver";
import { appTest, byTestId, click, inputOf, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, initOffice, registerCase } from "../lib/office.mjs";

let caseNo = "";
let dbPath = "";
const files = { scan: "", empty: "" };
const SCAN = Buffer.from("%PDF-1.4 来信扫描件 e2e");

appTest(
  "a scan attached from the case page is listed, kept with its hash, and withdrawn with a reason",
  async ({ driver }) => {
    await driver.executeScript((no) => (location.hash = `#/cases/${no}`), caseNo);
    await waitText(driver, byTestId("detail-case-no"), caseNo);

    await click(driver, byTestId("attach-add"));
    await typeInto(driver, byTestId("attach-path"), files.empty);
    await click(driver, byTestId("attach-save"));
    await waitText(driver, byTestId("attach-error"), "空文件");

    await typeInto(driver, byTestId("attach-path"), files.scan);
    await typeInto(driver, byTestId("attach-note"), "来信第1页");
    await click(driver, byTestId("attach-save"));
    await waitText(driver, byTestId("attachment-name"), "来信扫描件.pdf");
    await waitText(driver, byTestId("detail-attachments"), `${SCAN.length} 字节`);

    const listed = JSON.parse(await cli(dbPath, ["case", "attachments", caseNo]));
    assert.equal(listed.length, 1);
    assert.equal(listed[0].kind, "letter_scan");
    assert.equal(listed[0].note, "来信第1页");
    assert.equal(listed[0].sha256, createHash("sha256").update(SCAN).digest("hex"));
    const shown = JSON.parse(await cli(dbPath, ["case", "show", caseNo, "--json"]));
    assert.ok(shown.timeline.some((e) => e.summary === "添加附件：来信扫描件（来信扫描件.pdf）"), JSON.stringify(shown.timeline.map((e) => e.summary)));

    await click(driver, byTestId("attachment-withdraw"));
    await typeInto(driver, By.css(".el-message-box input"), "扫描不清，重新扫描");
    await click(driver, By.css(".el-message-box__btns .el-button--primary"));
    await waitVisible(driver, byTestId("attachment-withdrawn"));
    await waitText(driver, byTestId("detail-attachments"), "扫描不清，重新扫描");
    const after = JSON.parse(await cli(dbPath, ["case", "attachments", caseNo]));
    assert.equal(after[0].withdraw_reason, "扫描不清，重新扫描");
  },
  {
    prepare: async (db) => {
      dbPath = db;
      await initOffice(db);
      caseNo = await registerCase(db, { title: "反映拆迁补偿问题" });
      files.scan = join(dirname(db), "来信扫描件.pdf");
      files.empty = join(dirname(db), "空白.pdf");
      writeFileSync(files.scan, SCAN);
      writeFileSync(files.empty, "");
    },
  },
);

let dropCase = "";
let dropDb = "";
let dropped = "";
const PHOTO = Buffer.from("\x89PNG 现场照片 e2e");

appTest(
  "a file dropped on the window opens the dialog with its path and is attached",
  async ({ driver }) => {
    await driver.executeScript((no) => (location.hash = `#/cases/${no}`), dropCase);
    await waitText(driver, byTestId("detail-case-no"), dropCase);
    // The drop arrives as Tauri's own webview event; wait until the page listens for it.
    await waitVisible(driver, By.css('[data-testid="detail-attachments"][data-drop-ready]'));
    const err = await driver.executeAsyncScript((path, done) => {
      window.__TAURI_INTERNALS__
        .invoke("plugin:event|emit_to", {
          target: { kind: "Webview", label: "main" },
          event: "tauri://drag-drop",
          payload: { paths: [path], position: { x: 100, y: 100 } },
        })
        .then(() => done(""), (e) => done(String(e)));
    }, dropped);
    assert.equal(err, "");
    const field = await waitVisible(driver, inputOf("attach-path"));
    assert.equal(await field.getAttribute("value"), dropped);
    await click(driver, byTestId("attach-save"));
    await waitText(driver, byTestId("attachment-name"), "现场照片.png");
    const listed = JSON.parse(await cli(dropDb, ["case", "attachments", dropCase]));
    assert.equal(listed.length, 1);
    assert.equal(listed[0].kind, "letter_scan");
    assert.equal(listed[0].sha256, createHash("sha256").update(PHOTO).digest("hex"));
  },
  {
    prepare: async (db) => {
      dropDb = db;
      await initOffice(db);
      dropCase = await registerCase(db, { title: "反映占道经营问题" });
      dropped = join(dirname(db), "现场照片.png");
      writeFileSync(dropped, PHOTO);
    },
  },
);
