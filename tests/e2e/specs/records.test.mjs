// Corrections to registered records in the window: two records of one person merged field by
// field, and a case holding two matters split into cases that share its history.
import assert from "node:assert/strict";
import { appTest, byTestId, click, inputOf, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { openFromList } from "../lib/case-page.mjs";
import { cli, daysAgo, initOffice, registerCase } from "../lib/office.mjs";

const WAIT = 20000;
const ID = "11010519491231002X";
let earlier = "";

let repeat = "";

appTest(
  "合并信访人记录: the same person on a repeat and its earlier case becomes one record, field by field",
  async ({ driver, dbPath }) => {
    await openFromList(driver, repeat);
    await click(driver, byTestId("merge-petitioner-0"));
    await waitVisible(driver, byTestId("merge-dialog"));
    // The earlier case the repeat names is looked up at once, its one record chosen.
    assert.equal(await driver.findElement(inputOf("merge-other-no")).getAttribute("value"), earlier);
    await waitVisible(driver, byTestId("merge-fields"), WAIT);
    // Nothing is lost by default: the phone only the earlier record holds is kept from it.
    const checked = async (id) => (await driver.findElement(byTestId(id)).getAttribute("class")).includes("is-checked");
    assert.ok(await checked("merge-id_number-first"));
    assert.ok(await checked("merge-phone-second"));
    await click(driver, byTestId("merge-name-first"));
    await click(driver, byTestId("merge-submit"));
    await waitText(driver, byTestId("detail-timeline"), "合并信访人记录", WAIT);

    for (const no of [repeat, earlier]) {
      const shown = JSON.parse(await cli(dbPath, ["case", "show", no, "--json", "--unmask", "核对合并结果"]));
      assert.deepEqual(
        [shown.case.petitioners[0].id_number, shown.case.petitioners[0].phone],
        [ID, "13800000000"],
        no,
      );
      const merged = shown.timeline.find((e) => e.action === "merge_petitioners");
      assert.ok(merged, `${no} keeps the merge on its timeline`);
    }
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      earlier = await registerCase(db, {
        received_at: daysAgo(40),
        petitioners: [{ name: "王秀英", phone: "13800000000" }],
        title: "反映拆迁补偿款未发放问题",
        matter_type: "城乡建设",
      });
      repeat = await registerCase(db, {
        petitioners: [{ name: "王秀英", id_number: ID }],
        title: "再次反映拆迁补偿款问题",
        matter_type: "城乡建设",
        repeat_of: earlier,
      });
    },
  },
);

let original = "";

appTest(
  "拆分信访件: the second matter becomes a case of its own, received with the original and showing its history",
  async ({ driver, dbPath }) => {
    await openFromList(driver, original);
    await click(driver, byTestId("detail-split"));
    await waitVisible(driver, byTestId("split-dialog"));
    await typeInto(driver, byTestId("split-title"), "反映宅基地界址纠纷");
    await typeInto(driver, byTestId("split-content"), "与邻居宅基地界址有争议，请求调处。");
    await click(driver, byTestId("split-petitioner-0"));
    await typeInto(driver, inputOf("split-remaining-title"), "反映拖欠工资问题");
    await typeInto(driver, byTestId("split-remaining-content"), "工地拖欠工资三个月未发。");
    await click(driver, byTestId("split-submit"));

    // The page moves to the new case: its own decision to take, the original's steps below.
    const taken = await waitText(driver, byTestId("detail-case-no"), (t) => /^445202-\d{4}-\d{6}$/.test(t) && t !== original, WAIT);
    await waitText(driver, byTestId("detail-status"), "待处理");
    await waitText(driver, byTestId("detail-split-from"), original);
    await waitText(driver, byTestId("detail-shared-history"), original);
    await waitVisible(driver, byTestId("shared-event-accept"));
    await waitVisible(driver, byTestId("event-split_case"));
    await waitVisible(driver, byTestId("action-accept"));

    const shown = JSON.parse(await cli(dbPath, ["case", "show", taken, "--json"]));
    assert.deepEqual(shown.case.petitioners.map((p) => p.name), ["李强"]);
    const before = JSON.parse(await cli(dbPath, ["case", "show", original, "--json"]));
    assert.equal(shown.case.received_at, before.case.received_at);
    assert.equal(before.case.title, "反映拖欠工资问题");
    assert.deepEqual(before.case.progress.split_into, [taken]);

    await click(driver, byTestId("detail-split-from"));
    await waitText(driver, byTestId("detail-case-no"), original, WAIT);
    await waitText(driver, byTestId("detail-split-into"), taken);
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      original = await registerCase(db, {
        received_at: daysAgo(3),
        petitioners: [{ name: "张三" }, { name: "李强" }],
        title: "反映拖欠工资和宅基地纠纷",
        content: "工地拖欠工资三个月未发；另与邻居宅基地界址有争议。",
      });
      await cli(db, ["case", "act", original, "accept", "--json", "{}"]);
    },
  },
);
