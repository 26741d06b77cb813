import assert from "node:assert/strict";
import { appTest, byTestId, click, textOf, waitText } from "../lib/harness.mjs";
import { daysAgo, initOffice, registerCase } from "../lib/office.mjs";

let late = "";
let fresh = "";

appTest(
  "a backdated case shows as overdue on 工作台, a fresh one does not",
  async ({ driver }) => {
    await waitText(driver, byTestId("count-overdue"), /^1$/);
    await waitText(driver, byTestId("overdue-table"), late);
    assert.match(await textOf(driver, byTestId("due-days-left")), /^超期\d+个工作日$/);
    const listed = await driver.findElements(byTestId("due-case-no"));
    assert.deepEqual(await Promise.all(listed.map((e) => e.getText())), [late]);
    assert.notEqual(late, fresh);
    // Both wait for a decision.
    assert.equal(await textOf(driver, byTestId("count-awaiting")), "2");
    // A click on the row opens the case.
    await click(driver, byTestId("due-case-no"));
    await waitText(driver, byTestId("detail-case-no"), late);
    await waitText(driver, byTestId("deadline-state-disposal"), "超期");
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      late = await registerCase(db, { title: "反映河道排污问题", received_at: daysAgo(40) });
      fresh = await registerCase(db, { title: "反映餐饮油烟污染问题" });
    },
  },
);
