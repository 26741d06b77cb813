// Every screen at the smallest window (1024×640), checked from the elements' geometry: nothing
// in the page ends past the window's right edge, no page scrolls sideways, and every table's
// columns end inside it. The case list and 工作台 have their own checks (case-list.test.mjs).
import assert from "node:assert/strict";
import { appTest, By, byTestId, click, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, daysAgo, initOffice, registerCase } from "../lib/office.mjs";

let caseNo = "";

/** What in the page reaches past the window: elements (outside tables, which scroll their own
 * rows) and table columns, in CSS pixels. */
const overflow = (driver) =>
  driver.executeScript(() => {
    const W = window.innerWidth;
    const main = document.querySelector(".el-main");
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""} “${(el.innerText || "").trim().slice(0, 16)}”`;
    const out = [];
    for (const el of main.querySelectorAll("*")) {
      if (el.closest(".el-table") || !visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > W + 1) out.push(`${name(el)} ends at ${Math.round(r.right)}`);
    }
    for (const table of main.querySelectorAll(".el-table")) {
      if (!visible(table)) continue;
      const t = table.getBoundingClientRect();
      for (const th of table.querySelectorAll(".el-table__header-wrapper th")) {
        const r = th.getBoundingClientRect();
        if (r.width && (r.right > t.right + 0.5 || r.right > W + 1)) out.push(`column ${name(th)} ends at ${Math.round(r.right)} (table ${Math.round(t.right)})`);
      }
    }
    return { W, sideways: main.scrollWidth - main.clientWidth, out: out.slice(0, 8) };
  });

async function assertFits(driver, screen) {
  // The layout settles after a route or tab change.
  await driver.sleep(300);
  const g = await overflow(driver);
  assert.ok(g.W <= 1024, `window ${g.W}`);
  assert.ok(g.sideways <= 1, `${screen}: the page scrolls sideways by ${g.sideways}px`);
  assert.deepEqual(g.out, [], `${screen}: past the right edge`);
}

async function small(driver) {
  await driver.manage().window().setRect({ width: 1024, height: 640 });
  await driver.wait(async () => (await driver.executeScript(() => window.innerWidth)) <= 1024, 10000);
}

appTest(
  "登记, 案件详情, 期限日程, 督办 and 同步 fit a 1024×640 window",
  async ({ driver }) => {
    await small(driver);
    await click(driver, byTestId("menu-register"));
    await waitVisible(driver, byTestId("reg-title"));
    await assertFits(driver, "登记");
    await click(driver, byTestId("reg-channel-visit"));
    await assertFits(driver, "登记（来访）");

    await click(driver, byTestId("menu-cases"));
    await click(driver, By.xpath(`//*[@data-testid="row-case-no"][normalize-space(.)="${caseNo}"]`));
    await waitText(driver, byTestId("page-title"), caseNo);
    await assertFits(driver, "案件详情");

    await click(driver, byTestId("menu-agenda"));
    await waitVisible(driver, byTestId("agenda-day"));
    await assertFits(driver, "期限日程");

    await click(driver, byTestId("menu-supervision"));
    await waitText(driver, byTestId("suggestion-table"), caseNo);
    await assertFits(driver, "督办");
    await click(driver, By.css("#tab-records"));
    await assertFits(driver, "督办记录");

    await click(driver, byTestId("menu-sync"));
    await waitText(driver, byTestId("page-title"), "同步");
    await assertFits(driver, "同步");
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      caseNo = await registerCase(db, { title: "反映某某镇某某村集体土地征收补偿款长期未足额发放问题", received_at: daysAgo(20) });
      // Accepted late, its Art. 23 notice not yet issued: 督办 has a suggestion to show.
      await cli(db, ["case", "act", caseNo, "accept", "--json", "{}"]);
    },
  },
);

appTest(
  "every tab of 设置 fits a 1024×640 window",
  async ({ driver }) => {
    await small(driver);
    await click(driver, byTestId("menu-settings"));
    for (const [tab, label] of [
      ["office", "机构与本人账号"], ["accounts", "账号"], ["rules", "期限规则"], ["calendar", "工作日历"],
      ["localities", "问题属地"], ["channels", "法定途径清单"], ["audit", "审计"], ["backup", "备份"],
    ]) {
      await click(driver, By.css(`#tab-${tab}`));
      await assertFits(driver, `设置 · ${label}`);
    }
  },
  { signInAs: "admin", prepare: initOffice },
);
