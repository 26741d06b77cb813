// 督办 in the real window: a letter past its disposal period is suggested on the 督办 screen,
// confirmed into a numbered 督办函 naming the reply date (read back with pdftotext through the
// CLI's file), listed as 待回复; the organ's response is recorded from the case page and the
// supervision then shows as 已回复.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { By } from "selenium-webdriver";
import { appTest, byTestId, click, inputOf, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, daysAgo, initOffice, registerCase } from "../lib/office.mjs";

let caseNo = "";
let dbPath = "";

appTest(
  "a suggestion confirmed into a 督办函 and the organ's response recorded",
  async ({ driver }) => {
    await click(driver, byTestId("menu-supervision"));
    await waitText(driver, byTestId("page-title"), "督办");
    await waitText(driver, byTestId("suggestion-table"), caseNo);
    await waitText(driver, byTestId("suggestion-trigger"), "逾期未处理");

    await click(driver, byTestId("suggestion-confirm"));
    await waitVisible(driver, byTestId("confirm-dialog"));
    const replyBy = await (await waitVisible(driver, byTestId("confirm-reply-by"))).getText();
    assert.match(replyBy, /^\d{4}年\d{1,2}月\d{1,2}日$/);
    await typeInto(driver, inputOf("confirm-authority"), "测试县人力资源和社会保障局");
    await click(driver, byTestId("confirm-save"));
    await waitText(driver, byTestId("suggestion-table"), "今天没有督办建议");
    await click(driver, By.css("#tab-records"));
    await waitText(driver, byTestId("supervision-state"), "待回复");
    await waitText(driver, byTestId("supervision-authority"), "测试县人力资源和社会保障局");

    const docs = JSON.parse(await cli(dbPath, ["notice", "list", caseNo, "--json"]));
    const letter = docs.find((d) => d.kind === "supervision_letter");
    assert.ok(letter, JSON.stringify(docs.map((d) => d.kind)));
    const shown = JSON.parse(await cli(dbPath, ["case", "show", caseNo, "--json"]));
    const pdf = join(dirname(dbPath), `${basename(dbPath, ".sqlite")}-documents`, letter.path);
    const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).replace(/\s/g, "");
    assert.ok(text.includes(`于${replyBy}前将办理情况书面报送本机关`), text);
    assert.ok(text.includes("测试县人力资源和社会保障局"), text);
    assert.equal(shown.case.progress.supervisions[0].step, "督办");

    // A row opens its case.
    await click(driver, By.css('[data-testid="supervision-table"] .el-table__row .mono'));
    await waitText(driver, byTestId("detail-case-no"), caseNo);
    await waitText(driver, byTestId("detail-supervision"), "待回复");
    await click(driver, byTestId("action-respond_supervision"));
    await waitVisible(driver, byTestId("action-dialog"));
    await typeInto(driver, byTestId("act-response"), "已约谈用工单位，工资已发放");
    await click(driver, byTestId("action-submit"));
    await waitText(driver, byTestId("detail-supervision"), "回复：已约谈用工单位，工资已发放");

    await click(driver, byTestId("menu-supervision"));
    await click(driver, By.css("#tab-records"));
    await waitText(driver, byTestId("supervision-state"), "已回复");
    await waitText(driver, byTestId("supervision-response"), "已约谈用工单位");
  },
  {
    prepare: async (db) => {
      dbPath = db;
      await initOffice(db);
      // Received 20 days ago and never disposed of: past its 15-day period.
      caseNo = await registerCase(db, { title: "反映拖欠农民工工资", received_at: daysAgo(20) });
    },
  },
);
