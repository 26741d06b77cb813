// The review chain in the window: a review that revokes the handling opinion and hands the
// matter to the competent organ by a date it sets, and a re-review with a hearing whose days the
// re-review period does not count, and a claim ended by mediation, which leaves no opinion to
// review (《信访工作条例》第三十三条、第三十五条、第三十六条).
import assert from "node:assert/strict";
import { appTest, By, byTestId, click, inputOf, Key, officeDay, textOf, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { act, openFromList } from "../lib/case-page.mjs";
import { cli, daysAgo, initOffice, registerCase } from "../lib/office.mjs";

const HOUSING = "揭阳市榕城区住房和城乡建设局";
const LABOUR = "揭阳市榕城区人力资源和社会保障局";
const DISTRICT = "揭阳市榕城区人民政府";
const CITY = "揭阳市人民政府";

const radio = (group, label) =>
  By.xpath(`//*[@data-testid='${group}']//label[.//span[normalize-space(.)='${label}']]`);

/** 2026-12-24 → 2026年12月24日, as the case page writes dates. */
const cnDate = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
};

const OPINION = {
  facts: "经调查，施工单位拖欠工资属实。",
  reasons: "用人单位应当按时足额支付劳动报酬。",
  legal_basis: "《保障农民工工资支付条例》第十五条",
};

/**
 * Registers a wage claim a month ago and takes it through the CLI to the step `until` names,
 * each step on its day (days before today).
 */
async function prepareCase(db, until) {
  await initOffice(db);
  const no = await registerCase(db, { title: "反映工地拖欠农民工工资问题", received_at: daysAgo(30) });
  const steps = [
    ["accept", 28, { authority: { name: HOUSING, kind: "administrative" } }],
    ["conclude", 26, { decision: "reject", ...OPINION }],
    ["reply", 25, {}],
    ["request_review", 24, { organ: DISTRICT, grounds: "不服处理意见" }],
    ["conclude_review", 16, { decision: "uphold", ...OPINION }],
    ["request_re_review", 12, { organ: CITY, grounds: "仍不服" }],
  ];
  for (const [action, ago, fields] of steps) {
    await cli(db, ["case", "act", no, action, "--json", JSON.stringify({ date: officeDay(-ago), ...fields })]);
    // The opinion is issued the day it is made: a step after it cannot be dated before it.
    if (action === "conclude") await cli(db, ["notice", "issue", no, "handling_opinion"], { on: officeDay(-ago) });
    if (action === until) break;
  }
  return no;
}

async function pickDate(driver, key, iso) {
  await typeInto(driver, inputOf(`act-${key}`), iso);
  await driver.findElement(inputOf(`act-${key}`)).sendKeys(Key.ENTER);
}

let caseNo = "";

appTest(
  "a review revokes the handling opinion: the matter goes to the competent organ by the date set, the old opinion stays on record",
  async ({ driver }) => {
    const due = officeDay(20);
    await openFromList(driver, caseNo);
    await waitText(driver, byTestId("detail-status"), "复查中");
    await act(driver, "conclude_review", async () => {
      // A review decides on the opinion below: 支持 is not among its decisions.
      assert.equal((await driver.findElements(radio("act-decision", "支持"))).length, 0);
      await click(driver, radio("act-decision", "撤销"));
      await typeInto(driver, byTestId("act-facts"), "经复查，住房和城乡建设局对拖欠工资事项无处理职权。");
      await typeInto(driver, byTestId("act-reasons"), "拖欠工资属于劳动保障监察职责，应由人力资源和社会保障部门依法处理。");
      await typeInto(driver, byTestId("act-legal_basis"), "《信访工作条例》第三十五条");
      await typeInto(driver, inputOf("act-authority"), LABOUR);
      await pickDate(driver, "due_on", due);
    });

    // Back in handling, at the competent organ, with the revoking organ's date.
    await waitText(driver, byTestId("detail-status"), "办理中");
    await waitText(driver, byTestId("detail-disposal"), LABOUR);
    const revocation = await textOf(driver, byTestId("detail-revocation"));
    assert.match(revocation, new RegExp(`${DISTRICT}撤销原处理意见`));
    assert.match(revocation, new RegExp(`交${LABOUR}重新办理，限${cnDate(due)}前`));
    const deadlines = await textOf(driver, byTestId("detail-deadlines"));
    assert.match(deadlines, new RegExp(`→ ${due} 届满`), deadlines);
    // The revoked opinion's document keeps its number, marked, not voided.
    await waitVisible(driver, byTestId("doc-revoked"));
    // The competent organ concludes anew.
    await act(driver, "conclude", async () => {
      await click(driver, radio("act-decision", "支持"));
      await typeInto(driver, byTestId("act-facts"), OPINION.facts);
      await typeInto(driver, byTestId("act-reasons"), OPINION.reasons);
      await typeInto(driver, byTestId("act-legal_basis"), OPINION.legal_basis);
    });
    await waitText(driver, byTestId("detail-status"), "已办结");
  },
  { prepare: async (db) => (caseNo = await prepareCase(db, "request_review")) },
);

appTest(
  "a re-review with a hearing: the hearing is recorded and its days are not counted in the re-review period",
  async ({ driver }) => {
    await openFromList(driver, caseNo);
    await waitText(driver, byTestId("detail-status"), "复核中");
    const before = await textOf(driver, byTestId("detail-deadlines"));
    const dueBefore = /复核期限[^→]*→ (\d{4}-\d{2}-\d{2}) 届满/.exec(before)?.[1];
    assert.ok(dueBefore, before);

    // Held over three days a week ago, recorded today.
    await act(driver, "hearing", async () => {
      await pickDate(driver, "held_from", officeDay(-8));
      await pickDate(driver, "held_to", officeDay(-6));
      await typeInto(driver, byTestId("act-participants"), "信访人张三、原办理机关代表、听证员三人");
      await typeInto(driver, byTestId("act-outcome"), "各方陈述意见，听证员认为原处理意见事实清楚。");
    });
    await waitText(driver, byTestId("detail-hearing"), "复核听证，参加人员：信访人张三");
    const after = await textOf(driver, byTestId("detail-deadlines"));
    assert.match(after, /听证3日不计入期限（《信访工作条例》第三十六条）/, after);
    const dueAfter = /复核期限[^→]*→ (\d{4}-\d{2}-\d{2}) 届满/.exec(after)?.[1];
    // Three days later, unless a long holiday swallows them (the explanation says which).
    assert.ok(dueAfter >= dueBefore, `${dueBefore} → ${dueAfter}`);

    await act(driver, "conclude_re_review", async () => {
      await click(driver, radio("act-decision", "维持"));
      await typeInto(driver, byTestId("act-facts"), OPINION.facts);
      await typeInto(driver, byTestId("act-reasons"), OPINION.reasons);
      await typeInto(driver, byTestId("act-legal_basis"), "《信访工作条例》第三十六条");
    });
    await waitText(driver, byTestId("detail-status"), "三级终结");
  },
  { prepare: async (db) => (caseNo = await prepareCase(db, "request_re_review")) },
);

appTest(
  "调解/和解: the agreement ends the claim, is kept on the case, and no review is offered",
  async ({ driver }) => {
    await openFromList(driver, caseNo);
    await waitText(driver, byTestId("detail-status"), "办理中");
    await act(driver, "settle", async () => {
      await click(driver, radio("act-mode", "和解"));
      await typeInto(driver, byTestId("act-parties"), "信访人张三、某建筑公司");
      await typeInto(driver, byTestId("act-agreement"), "某建筑公司于十日内支付拖欠工资四万元");
    });
    await waitText(driver, byTestId("detail-status"), "已办结");
    await waitText(driver, byTestId("detail-settlement"), "达成协议（信访人张三、某建筑公司）：某建筑公司于十日内支付拖欠工资四万元");
    await act(driver, "reply");
    await waitText(driver, byTestId("detail-status"), "已答复");
    // No handling opinion was made: there is nothing to ask a review of (Art. 33).
    await waitVisible(driver, byTestId("action-rate_satisfaction"));
    assert.equal((await driver.findElements(byTestId("action-request_review"))).length, 0);
    assert.equal((await driver.findElements(byTestId("action-revoke"))).length, 0);
  },
  { prepare: async (db) => (caseNo = await prepareCase(db, "accept")) },
);
