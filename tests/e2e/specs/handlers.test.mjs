// 分派承办人 in the real window: the section head gives a registered case to a handler from the
// case page, the case page and the core (read back through the CLI) name that handler, and the
// case list finds the case by its handler, the other as 未分派, and both by 内容分类.
import assert from "node:assert/strict";
import { appTest, byTestId, click, selectOption, waitRows, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, initOffice, registerCase } from "../lib/office.mjs";

let given = "";
let other = "";
let dbPath = "";

appTest(
  "a section head assigns a case to 陈志强; the list filters by handler and matter type",
  async ({ driver }) => {
    await click(driver, byTestId("menu-cases"));
    await waitRows(driver, "cases-table", 2);
    await selectOption(driver, byTestId("filter-handler"), "未分派");
    await waitRows(driver, "cases-table", 2);

    await driver.executeScript((no) => (location.hash = `#/cases/${no}`), given);
    await waitText(driver, byTestId("detail-case-no"), given);
    await waitText(driver, byTestId("detail-handler"), "未分派");
    await click(driver, byTestId("detail-assign"));
    await selectOption(driver, byTestId("assign-handler"), "陈志强");
    // The dropdown may still be closing over the dialog's footer: press the button itself.
    await driver.executeScript("arguments[0].click()", await waitVisible(driver, byTestId("assign-save")));
    await waitText(driver, byTestId("detail-handler"), "陈志强");
    const shown = JSON.parse(await cli(dbPath, ["case", "show", given, "--json"]));
    assert.equal(shown.case.handler, "chenzq");
    assert.ok(shown.timeline.some((e) => e.summary === "分派承办人：陈志强"), JSON.stringify(shown.timeline.map((e) => e.summary)));

    await click(driver, byTestId("menu-cases"));
    await waitRows(driver, "cases-table", 1); // the 未分派 filter is kept: only the other case
    await waitText(driver, byTestId("row-case-no"), other);
    await selectOption(driver, byTestId("filter-handler"), "陈志强");
    await waitRows(driver, "cases-table", 1);
    await waitText(driver, byTestId("row-case-no"), given);
    await click(driver, byTestId("filter-reset"));
    await waitRows(driver, "cases-table", 2);
    await selectOption(driver, byTestId("filter-matter-type"), "城乡建设");
    await waitRows(driver, "cases-table", 1);
    await waitText(driver, byTestId("row-case-no"), other);
  },
  {
    prepare: async (db) => {
      dbPath = db;
      await initOffice(db);
      given = await registerCase(db, { title: "反映工地拖欠工资问题" });
      other = await registerCase(db, { title: "反映小区违章搭建问题", matter_type: "城乡建设" });
    },
    signInAs: "wangjg",
  },
);
