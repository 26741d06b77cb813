import assert from "node:assert/strict";
import { appTest, By, byTestId, click, selectOption, textOf, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { initOffice, registerCase } from "../lib/office.mjs";

let caseNo = "";
async function oneLetter(db) {
  await initOffice(db);
  caseNo = await registerCase(db, { title: "反映工地拖欠农民工工资问题" });
}

async function openFromList(driver, no) {
  await click(driver, byTestId("menu-cases"));
  await waitText(driver, byTestId("row-case-no"), no);
  await click(driver, byTestId("row-title"));
  await waitText(driver, byTestId("detail-case-no"), no);
}

appTest(
  "open a case from the list, accept it: the timeline and the handling deadline appear",
  async ({ driver }) => {
    await openFromList(driver, caseNo);
    await waitText(driver, byTestId("detail-status"), "待处理");
    // Only the actions allowed now are offered: no conclude before acceptance.
    await waitVisible(driver, byTestId("action-accept"));
    assert.equal((await driver.findElements(byTestId("action-conclude"))).length, 0);

    await click(driver, byTestId("action-accept"));
    await waitVisible(driver, byTestId("action-dialog"));
    await click(driver, byTestId("action-submit"));

    await waitText(driver, byTestId("detail-status"), "办理中");
    await waitVisible(driver, byTestId("event-accept"));
    assert.match(await textOf(driver, byTestId("detail-timeline")), /受理/);
    await waitText(driver, byTestId("deadline-handling"), "办理期限");
    await waitText(driver, byTestId("deadline-state-handling"), /正常|临期/);
    await waitText(driver, byTestId("deadline-state-disposal"), "按期完成");
    // The next step is now on offer, the accepted-only ones are gone.
    await waitVisible(driver, byTestId("action-conclude"));
    assert.equal((await driver.findElements(byTestId("action-accept"))).length, 0);
  },
  { prepare: oneLetter },
);

appTest(
  "decline with a statutory channel: required fields are checked, then the status and the notice show",
  async ({ driver }) => {
    await openFromList(driver, caseNo);
    await click(driver, byTestId("action-decline"));
    await waitVisible(driver, byTestId("action-dialog"));
    // Submitting the empty form names what is missing, in Chinese, and changes nothing.
    await click(driver, byTestId("action-submit"));
    await waitText(driver, By.css('[data-testid="action-dialog"] .el-form-item__error'), "请填写");

    await typeInto(driver, byTestId("act-reason"), "该诉求属于劳动争议，依法应通过劳动人事争议仲裁解决。");
    await selectOption(driver, byTestId("act-article"), "《信访工作条例》第三十一条");
    await selectOption(driver, byTestId("act-statutory_channel"), "劳动人事争议仲裁");
    await typeInto(driver, byTestId("act-authority"), "测试县劳动人事争议仲裁委员会");
    await click(driver, byTestId("action-submit"));

    await waitText(driver, byTestId("detail-status"), "不予受理");
    await waitText(driver, byTestId("notice-state"), "不予受理告知书");
    assert.match(await textOf(driver, byTestId("detail-disposal")), /劳动人事争议仲裁/);
    await waitVisible(driver, byTestId("event-decline"));

    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("row-status"), "不予受理");
  },
  { prepare: oneLetter },
);
