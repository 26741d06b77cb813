import assert from "node:assert/strict";
import { unlinkSync } from "node:fs";
import { By, appTest, byTestId, click, run, tableRows, waitText } from "../lib/harness.mjs";
import { cli, initOffice, registerCase } from "../lib/office.mjs";

let caseNo = "";

appTest(
  "设置 › 审计: the chain checks out; an event edited with sqlite3 while the app runs is named",
  async ({ driver, dbPath }) => {
    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-audit"));
    await click(driver, byTestId("audit-verify"));
    await waitText(driver, byTestId("audit-ok"), "审计链完好：共1条");

    const id = (await run("sqlite3", [dbPath, "SELECT id FROM events LIMIT 1"])).trim();
    assert.ok(id, "the registration's event");
    await run("sqlite3", [
      dbPath,
      `DROP TRIGGER events_append_only_update; UPDATE events SET summary = '登记来信（已改）' WHERE id = '${id}';`,
    ]);
    await click(driver, byTestId("audit-verify"));
    await waitText(driver, byTestId("audit-broken"), "第1条");
    await waitText(driver, byTestId("audit-broken"), id);
    await waitText(driver, byTestId("audit-broken"), "在程序之外被修改");
    const rows = await tableRows(driver, "audit-breaks");
    assert.equal(rows.length, 1);
    assert.match(await driver.executeScript("return arguments[0].textContent", rows[0]), /第1条[\s\S]*办理记录/);
  },
  {
    signInAs: "admin",
    prepare: async (db) => {
      await initOffice(db);
      caseNo = await registerCase(db);
    },
  },
);

let missingDoc = "";

appTest(
  "the start-up check: a notice whose PDF was deleted is named in a banner with how to restore",
  async ({ driver }) => {
    await waitText(driver, byTestId("startup-problems"), missingDoc, 30000);
    await waitText(driver, byTestId("startup-problems"), "从最近一次核验完好的备份恢复");
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      const no = await registerCase(db);
      await cli(db, ["case", "act", no, "accept", "--json", "{}"]);
      const issued = JSON.parse(await cli(db, ["notice", "issue", no, "acceptance_notice"]));
      missingDoc = issued.doc_no;
      unlinkSync(issued.path);
    },
  },
);
