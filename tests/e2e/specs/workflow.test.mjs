import assert from "node:assert/strict";
import { appTest, By, byTestId, click, textOf, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { act, openFromList } from "../lib/case-page.mjs";
import { initOffice, registerCase } from "../lib/office.mjs";

let caseNo = "";
async function oneLetter(db) {
  await initOffice(db);
  caseNo = await registerCase(db, { title: "反映工地拖欠农民工工资问题" });
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
    await typeInto(driver, byTestId("act-article"), "《信访工作条例》第三十一条");
    await typeInto(driver, byTestId("act-statutory_channel"), "劳动人事争议仲裁");
    await typeInto(driver, byTestId("act-authority"), "测试县劳动人事争议仲裁委员会");
    await click(driver, byTestId("action-submit"));

    await waitText(driver, byTestId("detail-status"), "不予受理");
    await waitText(driver, byTestId("notice-state"), /不予受理告知书\s*待出具 · \d{4}年\d{1,2}月\d{1,2}日前/);
    assert.match(await textOf(driver, byTestId("detail-disposal")), /劳动人事争议仲裁/);
    await waitVisible(driver, byTestId("event-decline"));

    // The notice is ready: issue it, it gets its document number.
    await click(driver, byTestId("doc-issue-non_acceptance_notice"));
    await waitVisible(driver, byTestId("document-dialog"));
    await click(driver, byTestId("document-submit"));
    // The issued document opens in the viewer (print, open folder); close it.
    await waitText(driver, byTestId("viewer-doc-no"), /^测信访.*〔\d{4}〕1号$/, 60000);
    await click(driver, byTestId("viewer-close"));
    await waitText(driver, byTestId("doc-no"), /^测信访.*〔\d{4}〕1号$/, 60000);
    await waitText(driver, byTestId("notice-state"), /不予受理告知书.*已出具/);

    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("row-status"), "不予受理");
  },
  { prepare: oneLetter },
);

const radio = (group, label) =>
  By.xpath(`//*[@data-testid='${group}']//label[.//span[normalize-space(.)='${label}']]`);

appTest(
  "a claim through extension, conclusion, reply and rating: each dialog validated, each step on the timeline",
  async ({ driver }) => {
    await openFromList(driver, caseNo);
    await act(driver, "accept");
    await act(driver, "extend", async () => {
      await typeInto(driver, byTestId("act-reason"), "需现场核实工资发放记录");
      await typeInto(driver, byTestId("act-approver"), "局长");
    });
    await waitText(driver, byTestId("detail-status"), "办理中");
    // Extension is allowed only once: no longer offered. Its notice is owed by the period first set.
    assert.equal((await driver.findElements(byTestId("action-extend"))).length, 0);
    await waitText(driver, byTestId("doc-owed-extension_notice"), /^待出具 · \d{4}年\d{1,2}月\d{1,2}日前/);

    await act(driver, "conclude", async () => {
      await click(driver, radio("act-decision", "支持"));
      await typeInto(driver, byTestId("act-facts"), "经核实，该工地拖欠工资属实。");
      await typeInto(driver, byTestId("act-reasons"), "用人单位应按时足额支付劳动报酬。");
      await typeInto(driver, byTestId("act-legal_basis"), "《保障农民工工资支付条例》第十五条");
    });
    await waitText(driver, byTestId("detail-status"), "已办结");
    await waitText(driver, byTestId("doc-owed-handling_opinion"), /^待出具/);

    // A written reply serves the 信访处理意见书: the dialog asks for it and issues it with the reply.
    await act(
      driver,
      "reply",
      async () => {
        await waitText(driver, byTestId("action-hint"), /尚未出具.*信访处理意见书/);
        assert.equal(await textOf(driver, byTestId("action-submit")), "出具意见书并答复");
      },
      60000,
    );
    await waitText(driver, byTestId("detail-status"), "已答复");
    await waitVisible(driver, byTestId("event-issue_document"));
    assert.match(await textOf(driver, byTestId("detail-documents")), /信访处理意见书\s*测信访处〔\d{4}〕1号/);
    assert.equal((await driver.findElements(byTestId("doc-owed-handling_opinion"))).length, 0);
    await waitText(driver, byTestId("deadline-review_request"), "申请复查期");

    await act(driver, "rate_satisfaction", async () => {
      await click(driver, radio("act-satisfaction", "满意"));
    });
    assert.match(await textOf(driver, byTestId("detail-timeline")), /满意度评价/);
  },
  { prepare: oneLetter },
);
