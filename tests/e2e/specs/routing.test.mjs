import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  appTest,
  byTestId,
  By,
  Key,
  click,
  tableRows,
  typeInto,
  waitText,
  waitVisible,
} from "../lib/harness.mjs";
import { cli, initOffice, registerCase } from "../lib/office.mjs";

const WAIT = 20000;

/** A message (ElMessage) saying `text`; an earlier one may still be showing above it. */
const message = (text) => By.xpath(`//div[contains(@class,'el-message')][contains(., '${text}')]`);

/** The text of the table's body, scrolled-out rows too. */
async function tableText(driver) {
  const body = await driver.findElement(By.css('[data-testid="channels-table"] .el-table__body-wrapper'));
  return body.getAttribute("textContent");
}

/** Waits until the 法定途径清单 table shows a number of rows `pred` accepts; returns it. */
async function waitRowCount(driver, pred, what) {
  let n = -1;
  try {
    await driver.wait(async () => {
      n = (await tableRows(driver, "channels-table")).length;
      return pred(n);
    }, WAIT);
  } catch {
    throw new Error(`channels-table shows ${n} rows, expected ${what}`);
  }
  return n;
}

appTest(
  "设置 · 法定途径清单: the shipped list, an edited sheet imported as a new version, a bad file refused with the old list kept",
  async ({ driver, dbPath, dir }) => {
    // The shipped list as an office would take it to Excel.
    const sheet = join(dir, "l.xlsx");
    await cli(dbPath, ["channels", "export", sheet]);

    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-channels"));
    await waitText(driver, byTestId("channels-version"), "清单版本 2026-12", WAIT);
    const all = await waitRowCount(driver, (n) => n >= 60, "at least 60");
    await waitText(driver, byTestId("channels-count"), `共${all}项`);

    // The filter box narrows the rows to those about wages (by problem, organ or match words).
    await typeInto(driver, byTestId("channels-filter"), "工资");
    await waitRowCount(driver, (n) => n > 0 && n < all, `between 1 and ${all - 1}`);
    const filtered = await tableText(driver);
    assert.ok(filtered.includes("用人单位拖欠工资"), `the wage row is shown: ${filtered.slice(0, 300)}`);
    assert.ok(!filtered.includes("征地补偿标准"), "a land row is not");
    // Cleared the way a person would (select all, delete): every row again.
    await typeInto(driver, byTestId("channels-filter"), Key.BACK_SPACE);
    await waitRowCount(driver, (n) => n === all, String(all));

    // 导出为Excel: the list in use written where the clerk typed.
    const written = join(dir, "导出的清单.xlsx");
    await typeInto(driver, byTestId("channels-export-path"), written);
    await click(driver, byTestId("channels-export"));
    await waitVisible(driver, message("已导出清单（版本 2026-12"), WAIT);
    assert.ok(existsSync(written), `the sheet is written: ${written}`);

    // 导入清单: the sheet as version 2027-01, put in use at once.
    await typeInto(driver, byTestId("channels-import-path"), sheet);
    await typeInto(driver, byTestId("channels-import-version"), "2027-01");
    await click(driver, byTestId("channels-import"));
    await waitVisible(driver, message(`已导入并启用清单版本 2027-01，共${all}项`), WAIT);
    await waitText(driver, byTestId("channels-version"), "清单版本 2027-01", WAIT);

    // A file without any row: refused, said in Chinese, and the list in use stays.
    const broken = join(dir, "空清单.json");
    writeFileSync(broken, JSON.stringify({ version: "x", rows: [] }));
    await typeInto(driver, byTestId("channels-import-path"), broken);
    await click(driver, byTestId("channels-import"));
    await waitText(driver, byTestId("channels-error"), "清单中没有任何事项", WAIT);
    await waitText(driver, byTestId("channels-error"), "仍使用清单版本 2027-01");
    await waitText(driver, byTestId("channels-version"), "清单版本 2027-01");
    await waitRowCount(driver, (n) => n === all, String(all));
  },
  // The administrator keeps the list.
  { prepare: initOffice, signInAs: "admin" },
);

let wageCase = "";

appTest(
  "a registered case about unpaid wages: 分类建议 lists the list's wage rows",
  async ({ driver }) => {
    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("row-case-no"), wageCase, WAIT);
    await click(driver, byTestId("row-title"));
    await waitText(driver, byTestId("detail-case-no"), wageCase, WAIT);
    await waitText(driver, byTestId("detail-status"), "待处理");
    await waitVisible(driver, byTestId("routing-proposals"), WAIT);
    await waitText(driver, byTestId("routing-proposal"), "工资", WAIT);
    const items = await driver.findElements(byTestId("routing-proposal"));
    assert.equal(items.length, 3, "three proposals, best first");
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      wageCase = await registerCase(db, { title: "反映拖欠工资问题", content: "工地拖欠工资三个月未发。" });
    },
  },
);
