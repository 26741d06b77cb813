import assert from "node:assert/strict";
import {
  appTest, By, byTestId, click, officeDay, selectOption, textOf, typeInto, waitText, waitVisible,
} from "../lib/harness.mjs";
import { act as actOnCase, openFromList as openCase } from "../lib/case-page.mjs";
import { cli, daysAgo, initOffice, registerCase } from "../lib/office.mjs";

const WAIT = 20000;
const COURT = "揭阳市榕城区人民法院";
const BUREAU = "揭阳市榕城区住房和城乡建设局";
const LITIGATION = {
  title: "对法院民事判决不服要求改判",
  content: "我和邻居的宅基地官司法院判我输了，判得不公，要求信访局帮我改判。",
  matter_type: "政法",
  litigation_related: true,
};

const openFromList = (driver, no) => openCase(driver, no, WAIT);
const act = (driver, action, fill) => actOnCase(driver, action, fill, WAIT);

/** The numbers of the documents listed on the case, once `n` are. */
async function docNumbers(driver, n) {
  let nos = [];
  await driver.wait(async () => {
    nos = await Promise.all((await driver.findElements(byTestId("doc-no"))).map((e) => e.getText()));
    return nos.length === n;
  }, 60000);
  return nos;
}

let visitNo = "";

appTest(
  "诉访分离 of a visit in one step: declined towards the court, the 不予受理告知书 numbered, the lawyers' window on record",
  async ({ driver }) => {
    await openFromList(driver, visitNo);
    // 受理 is not offered to a litigation-related matter; 诉访分离 is.
    await waitVisible(driver, byTestId("action-separate_litigation"));
    assert.equal((await driver.findElements(byTestId("action-accept"))).length, 0);
    await waitText(driver, byTestId("accept-refused"), "第二十八条");

    await act(driver, "separate_litigation", async () => {
      await waitText(driver, byTestId("action-hint"), "不予受理告知书");
      // A bureau is refused with the article named, and nothing changes.
      await typeInto(driver, byTestId("act-authority"), BUREAU);
      await typeInto(driver, byTestId("act-statutory_channel"), "向揭阳市中级人民法院申请再审");
      await typeInto(driver, byTestId("act-lawyer_window"), "榕城区信访局律师接访窗口");
      await click(driver, byTestId("action-submit"));
      await waitText(driver, byTestId("action-error"), /政法机关.*第二十八条/, WAIT);
      await typeInto(driver, byTestId("act-authority"), COURT);
    });
    await waitText(driver, byTestId("detail-status"), "不予受理", WAIT);
    assert.match(await textOf(driver, byTestId("detail-disposal")), /已引导至榕城区信访局律师接访窗口/);
    const [notice] = await docNumbers(driver, 1);
    assert.match(notice, /^测信访不受〔\d{4}〕1号$/);
    await waitText(driver, byTestId("notice-state"), /不予受理告知书.*已出具/);
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      visitNo = await registerCase(db, { ...LITIGATION, channel: "visit", visit: { person_count: 1 } });
    },
  },
);

let letterNo = "";

appTest(
  "诉访分离 of a letter in one step: forwarded to the court with the 转送函 and the petitioner's 转送告知书",
  async ({ driver }) => {
    await openFromList(driver, letterNo);
    await act(driver, "separate_litigation", async () => {
      await waitText(driver, byTestId("action-hint"), "转送函、转送告知书");
      await typeInto(driver, byTestId("act-authority"), COURT);
    });
    await waitText(driver, byTestId("detail-status"), "已转送", WAIT);
    const nos = await docNumbers(driver, 2);
    assert.ok(nos.some((n) => /^测信访转〔\d{4}〕1号$/.test(n)), nos.join(" "));
    assert.ok(nos.some((n) => /^测信访转告〔\d{4}〕1号$/.test(n)), nos.join(" "));
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      letterNo = await registerCase(db, LITIGATION);
    },
  },
);

let forwardedNo = "";

appTest(
  "a forwarded letter followed to its result: the organ's overdue notice in the due list under its name, its acceptance, concluded and replied",
  async ({ driver }) => {
    // Received by the organ a month ago and not yet accepted: its 15 days to tell the
    // petitioner have run out, and the 工作台 names the organ that owes them.
    await click(driver, byTestId("card-overdue"));
    await waitText(driver, byTestId("due-owed-by"), BUREAU, WAIT);

    await openFromList(driver, forwardedNo);
    await waitText(driver, byTestId("detail-status"), "已转送", WAIT);
    await waitText(driver, byTestId("detail-organ"), "签收");
    await waitVisible(driver, byTestId("deadline-organ_notice"));
    // Its result is not recorded before the organ accepted it.
    assert.equal((await driver.findElements(byTestId("action-conclude"))).length, 0);
    await act(driver, "organ_acceptance");
    await waitText(driver, byTestId("detail-organ"), "受理");
    await waitVisible(driver, byTestId("deadline-organ_handling"));

    await act(driver, "conclude", async () => {
      await click(driver, By.xpath("//*[@data-testid='act-decision']//label[.//span[normalize-space(.)='支持']]"));
      await typeInto(driver, byTestId("act-facts"), "经住建局核实，物业公司未履行维修义务属实。");
      await typeInto(driver, byTestId("act-reasons"), "物业服务企业应按合同履行维修义务。");
      await typeInto(driver, byTestId("act-legal_basis"), "《物业管理条例》第三十五条");
    });
    await waitText(driver, byTestId("detail-status"), "已办结", WAIT);
    await act(driver, "reply");
    await waitText(driver, byTestId("detail-status"), "已答复", WAIT);
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      forwardedNo = await registerCase(db, {
        title: "反映小区物业管理混乱问题",
        content: "小区物业长期不履行维修义务。",
        matter_type: "城乡建设",
        received_at: daysAgo(32),
      });
      const steps = [
        { action: "forward", date: officeDay(-31), authority: { name: BUREAU, kind: "administrative" } },
        { action: "organ_receipt", date: officeDay(-30) },
      ];
      for (const { action, ...fields } of steps) {
        await cli(db, ["case", "act", forwardedNo, action, "--json", JSON.stringify(fields)]);
      }
    },
  },
);

let wageNo = "";

appTest(
  "分类: a proposal adopted on the case page is recorded with the list version, and 受理 gives way to the statutory channel",
  async ({ driver }) => {
    await openFromList(driver, wageNo);
    await waitVisible(driver, byTestId("routing-proposals"), WAIT);
    await waitVisible(driver, byTestId("action-accept"));
    await click(driver, byTestId("routing-adopt"));
    await waitText(driver, byTestId("routing-current"), /已分类：清单第\d+项/, WAIT);
    await waitVisible(driver, byTestId("event-classify"), WAIT);
    await waitText(driver, byTestId("detail-routing"), /第\d+项.*拖欠/);
    // The wage rows send the matter to labour inspection: not accepted as a petition (Art. 31).
    await driver.wait(async () => (await driver.findElements(byTestId("action-accept"))).length === 0, WAIT);
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      wageNo = await registerCase(db, { title: "反映拖欠工资问题", content: "包工头拖欠我们十几个工人三个月工钱，过年回不了家。" });
    },
  },
);

appTest(
  "an anonymous accusation letter is registered without a name and forwarded to discipline inspection",
  async ({ driver }) => {
    await click(driver, byTestId("menu-register"));
    await click(driver, byTestId("reg-channel-letter"));
    await click(driver, By.xpath("//*[@data-testid='reg-purpose']//label[.//span[normalize-space(.)='检举控告类']]"));
    await click(driver, byTestId("reg-anonymous"));
    await waitVisible(driver, byTestId("reg-anonymous-hint"));
    await typeInto(driver, byTestId("reg-title"), "反映村干部优亲厚友问题");
    await typeInto(driver, byTestId("reg-content"), "村主任把低保名额给了自己亲戚。");
    await selectOption(driver, byTestId("reg-locality"), "榕华街道");
    await selectOption(driver, byTestId("reg-matter-type"), "纪检监察");
    await click(driver, byTestId("reg-save"));
    const no = await waitText(driver, byTestId("reg-case-no"), /^445202-\d{4}-\d{6}$/, WAIT);

    await openFromList(driver, no);
    await waitText(driver, byTestId("detail-status"), "待处理");
    // An accusation is not accepted or declined as a petition (Art. 30).
    assert.equal((await driver.findElements(byTestId("action-accept"))).length, 0);
    await act(driver, "forward", async () => {
      await typeInto(driver, byTestId("act-authority"), "中共揭阳市榕城区纪律检查委员会、揭阳市榕城区监察委员会");
    });
    await waitText(driver, byTestId("detail-status"), "已转送", WAIT);
  },
  { prepare: initOffice },
);

appTest(
  "分类建议 while typing a registration: the row picked is recorded when the letter is saved",
  async ({ driver }) => {
    await click(driver, byTestId("menu-register"));
    await click(driver, byTestId("reg-channel-letter"));
    await typeInto(driver, byTestId("reg-name-0"), "陈志强");
    await typeInto(driver, byTestId("reg-title"), "讨要工钱");
    await typeInto(driver, byTestId("reg-content"), "包工头拖欠我们十几个工人三个月工钱，过年回不了家。");
    await selectOption(driver, byTestId("reg-locality"), "榕华街道");
    await selectOption(driver, byTestId("reg-matter-type"), "劳动社保");
    await waitText(driver, byTestId("reg-proposals"), "工资", WAIT);
    await click(driver, byTestId("reg-proposal"));
    await click(driver, byTestId("reg-save"));
    const no = await waitText(driver, byTestId("reg-case-no"), /^445202-\d{4}-\d{6}$/, WAIT);
    await openFromList(driver, no);
    await waitText(driver, byTestId("routing-current"), /已分类：清单第\d+项/, WAIT);
    await waitVisible(driver, byTestId("event-classify"));
  },
  { prepare: initOffice },
);

appTest(
  "越级访 at a city office: found while the clerk types the visit, and declined towards the county in one step with its notice",
  async ({ driver }) => {
    await click(driver, byTestId("menu-register"));
    await click(driver, byTestId("reg-channel-visit"));
    await typeInto(driver, byTestId("reg-name-0"), "王秀英");
    await typeInto(driver, byTestId("reg-title"), "反映街道拖欠保洁员工资问题");
    await typeInto(driver, byTestId("reg-content"), "街道办聘用的保洁员工资已拖欠两个月。");
    await selectOption(driver, byTestId("reg-locality"), "榕华街道");
    // A township's matter at the city skips the county (Art. 20): said before the visit is saved.
    await waitText(driver, byTestId("reg-level-skip"), "第二十条", WAIT);
    await selectOption(driver, byTestId("reg-matter-type"), "劳动社保");
    await click(driver, byTestId("reg-save"));
    const no = await waitText(driver, byTestId("reg-case-no"), /^445200-\d{4}-\d{6}$/, WAIT);

    await openFromList(driver, no);
    await waitText(driver, byTestId("detail-level-skip"), "越级访", WAIT);
    await act(driver, "decline_level_skip");
    await waitText(driver, byTestId("detail-status"), "不予受理", WAIT);
    assert.match(await textOf(driver, byTestId("detail-disposal")), /揭阳市榕城区/);
    const [notice] = await docNumbers(driver, 1);
    assert.match(notice, /^揭信访不受〔\d{4}〕1号$/);
    assert.equal((await driver.findElements(byTestId("detail-level-skip"))).length, 0, "disposed of: no finding left");
  },
  {
    prepare: async (db) => {
      await initOffice(db, { code: "445200", name: "揭阳市信访局", prefix: "揭信访" });
    },
  },
);
