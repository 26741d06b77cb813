import assert from "node:assert/strict";
import { appTest, byTestId, By, click, inputOf, selectOption, textOf, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, daysAgo, initOffice, registerCase } from "../lib/office.mjs";

const WAIT = 20000;
const ID = "11010519491231002X";
let earlier = "";
let other = "";

appTest(
  "登记: a repeat is found while the clerk types, linked, and the choice kept with the registration",
  async ({ driver, dbPath }) => {
    await click(driver, byTestId("menu-register"));
    await click(driver, byTestId("reg-channel-visit"));
    await typeInto(driver, byTestId("reg-name-0"), "王秀英");
    await typeInto(driver, byTestId("reg-id-0"), ID);
    await waitVisible(driver, byTestId("reg-id-ok-0"));
    // The same ID number: the earlier case with its reason, before any content is typed.
    await waitText(driver, byTestId("repeat-case-no"), earlier, WAIT);
    await waitText(driver, byTestId("repeat-reasons"), "身份证号码相同");

    await typeInto(driver, byTestId("reg-title"), "再次反映拆迁补偿款未发放");
    await typeInto(driver, byTestId("reg-content"), "我家房屋被列入旧城改造范围，补偿款一直没有发放，请求督促。");
    await waitText(driver, byTestId("repeat-reasons"), "内容相似", WAIT);
    const shown = await driver.findElements(byTestId("repeat-candidate"));
    assert.equal(shown.length, 1, "only the earlier case of the same matter");
    assert.ok(!(await textOf(driver, byTestId("repeat-candidates"))).includes(other), "the other person's matter is not offered");

    await click(driver, byTestId("repeat-link"));
    await waitVisible(driver, byTestId("repeat-linked"));
    const repeatOf = await waitVisible(driver, inputOf("reg-repeat-of"));
    assert.equal(await repeatOf.getAttribute("value"), earlier);

    await selectOption(driver, byTestId("reg-locality"), "榕华街道");
    await selectOption(driver, byTestId("reg-matter-type"), "城乡建设");
    await click(driver, byTestId("reg-save"));
    const caseNo = await waitText(driver, byTestId("reg-case-no"), /^445202-\d{4}-\d{6}$/, WAIT);

    const shownCase = JSON.parse(await cli(dbPath, ["case", "show", caseNo, "--json"]));
    assert.equal(shownCase.case.repeat_of, earlier);
    const registered = shownCase.timeline.find((e) => e.action === "register");
    assert.deepEqual(
      registered.details.repeat_candidates.map((c) => [c.case_no, c.linked]),
      [[earlier, true]],
    );
    assert.ok(registered.details.repeat_candidates[0].reasons.includes("身份证号码相同"));
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      earlier = await registerCase(db, {
        received_at: daysAgo(40),
        petitioners: [{ name: "王秀英", id_number: ID, phone: "13800000000" }],
        title: "反映拆迁补偿款未发放问题",
        content: "本人房屋被列入旧城改造范围，拆迁补偿款至今未发放。",
        matter_type: "城乡建设",
      });
      other = await registerCase(db, {
        received_at: daysAgo(30),
        petitioners: [{ name: "李四", phone: "13900000001" }],
        title: "反映小区噪音扰民问题",
        content: "小区旁工地夜间施工，噪音扰民。",
        matter_type: "城乡建设",
      });
    },
  },
);

appTest(
  "案件页: a registered case shows the earlier case it may repeat and links it with 关联重复件",
  async ({ driver }) => {
    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("cases-total"), "3", WAIT);
    const rows = await driver.findElements(byTestId("row-title"));
    const titles = await Promise.all(rows.map((r) => r.getText()));
    await rows[titles.indexOf("再次反映拆迁补偿款问题")].click();
    await waitText(driver, byTestId("repeat-case-no"), earlier, WAIT);
    await waitText(driver, byTestId("repeat-reasons"), "同名");
    await click(driver, byTestId("repeat-link"));
    await waitText(driver, By.css(".el-message"), "已关联重复件", WAIT);
    await waitVisible(driver, byTestId("repeat-linked"), WAIT);
    await waitText(driver, byTestId("detail-timeline"), "关联重复件", WAIT);
    await waitText(driver, By.css(".el-descriptions"), `原件 ${earlier}`);
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      earlier = await registerCase(db, {
        received_at: daysAgo(40),
        petitioners: [{ name: "王秀英", phone: "13800000000" }],
        title: "反映拆迁补偿款未发放问题",
        content: "本人房屋被列入旧城改造范围，拆迁补偿款至今未发放。",
        matter_type: "城乡建设",
      });
      other = await registerCase(db, {
        received_at: daysAgo(30),
        petitioners: [{ name: "李四", phone: "13900000001" }],
        title: "反映小区噪音扰民问题",
        content: "小区旁工地夜间施工，噪音扰民。",
        matter_type: "城乡建设",
      });
      await registerCase(db, {
        petitioners: [{ name: "王秀英", phone: "13800000000" }],
        title: "再次反映拆迁补偿款问题",
        content: "房屋被列入旧城改造范围，拆迁补偿款一直未发放。",
        matter_type: "城乡建设",
      });
    },
  },
);
