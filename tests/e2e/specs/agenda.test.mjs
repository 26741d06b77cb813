// 期限日程 in the real window: the coming two weeks by day and a month with a count on each day,
// every deadline on the date the case itself records (read back through the CLI), each one
// opening its case by mouse or keyboard, the rows inside a 1024 px window.
import assert from "node:assert/strict";
import { appTest, By, byTestId, click, Key, officeDay, textOf, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, daysAgo, initOffice, registerCase } from "../lib/office.mjs";

let waiting = "";
let accepted = "";
let late = "";
/** [due_on, case_no, kind] of the open duties that the agenda must show. */
let duties = [];

async function openDuties(db, caseNo) {
  const shown = JSON.parse(await cli(db, ["case", "show", caseNo, "--json"]));
  return shown.case.deadlines.filter((d) => d.met_on === null).map((d) => [d.due_on, caseNo, d.kind]);
}

async function prepare(db) {
  await initOffice(db);
  waiting = await registerCase(db, { title: "反映道路破损问题", received_at: daysAgo(5) });
  accepted = await registerCase(db, { title: "反映噪声扰民问题", received_at: daysAgo(8) });
  await cli(db, ["case", "act", accepted, "accept", "--json", "{}"]);
  late = await registerCase(db, { title: "反映河道排污问题", received_at: daysAgo(40) });
  duties = [...(await openDuties(db, waiting)), ...(await openDuties(db, accepted))];
}

const item = (caseNo, kind) => By.css(`[data-testid="agenda-item"][data-case-no="${caseNo}"][data-kind="${kind}"]`);
const inDay = (date, caseNo, kind) =>
  By.css(`[data-testid="agenda-day"][data-date="${date}"] [data-testid="agenda-item"][data-case-no="${caseNo}"][data-kind="${kind}"]`);

appTest(
  "two weeks by day: each duty under its due date, the overdue case pointed to the 工作台, a row opens its case",
  async ({ driver }) => {
    await driver.manage().window().setRect({ width: 1024, height: 640 });
    await click(driver, byTestId("menu-agenda"));
    await waitText(driver, byTestId("page-title"), "期限日程");
    await waitVisible(driver, byTestId("agenda-day"));
    const dates = await driver.executeScript(() =>
      [...document.querySelectorAll('[data-testid="agenda-day"]')].map((e) => e.dataset.date),
    );
    assert.equal(dates.length, 14);
    assert.equal(dates[0], officeDay(0));
    assert.equal(dates[13], officeDay(13));
    const within = duties.filter(([due]) => due >= dates[0] && due <= dates[13]);
    // Both the disposal of the waiting letter and the acceptance's written notice fall in these weeks.
    assert.ok(within.some(([, no, kind]) => no === waiting && kind === "disposal"), JSON.stringify(duties));
    assert.ok(within.some(([, no, kind]) => no === accepted && kind === "notice"), JSON.stringify(duties));
    for (const [due, no, kind] of within) await waitVisible(driver, inDay(due, no, kind));
    const shown = await driver.findElements(byTestId("agenda-item"));
    assert.equal(shown.length, within.length, "only these cases' duties are due in the two weeks");
    const late40 = await driver.findElements(By.css(`[data-testid="agenda-item"][data-case-no="${late}"]`));
    assert.equal(late40.length, 0, "an overdue duty is not on the agenda");
    await waitText(driver, byTestId("agenda-overdue"), /已超期 1 件/);

    // Every row fits the 1024 px window: its tag's right edge is on screen.
    const edges = await driver.executeScript(() => ({
      width: document.documentElement.clientWidth,
      rights: [...document.querySelectorAll('[data-testid="agenda-item"] .tags')].map((e) => e.getBoundingClientRect().right),
    }));
    for (const r of edges.rights) assert.ok(r <= edges.width, `a row ends at ${r} px, the window is ${edges.width} px`);

    await click(driver, item(waiting, "disposal"));
    await waitText(driver, byTestId("detail-case-no"), waiting);
  },
  { prepare },
);

appTest(
  "the month view counts each day's duties and the day's list opens a case from the keyboard",
  async ({ driver }) => {
    const [handlingDue] = duties.find(([, no, kind]) => no === accepted && kind === "handling");
    await click(driver, byTestId("menu-agenda"));
    await click(driver, byTestId("agenda-view-month"));
    await waitVisible(driver, byTestId("agenda-month"));
    const todayCell = By.css(`[data-testid="agenda-cell"][data-date="${officeDay(0)}"]`);
    await waitVisible(driver, todayCell);
    // The 60-day handling period ends a month or two ahead: step there month by month.
    const want = `${Number(handlingDue.slice(0, 4))}年${Number(handlingDue.slice(5, 7))}月`;
    for (let i = 0; i < 4 && !(await textOf(driver, byTestId("agenda-heading"))).startsWith(want); i++) {
      await click(driver, byTestId("agenda-next"));
      await driver.sleep(300);
    }
    await waitText(driver, byTestId("agenda-heading"), new RegExp(`^${want}`));
    const cell = By.css(`[data-testid="agenda-cell"][data-date="${handlingDue}"]`);
    const sameDay = duties.filter(([due]) => due === handlingDue).length;
    await waitText(driver, By.css(`[data-testid="agenda-cell"][data-date="${handlingDue}"] [data-testid="agenda-cell-count"]`), `${sameDay}项`);
    await click(driver, cell);
    const picked = By.css(`[data-testid="agenda-picked"][data-date="${handlingDue}"] [data-testid="agenda-item"][data-case-no="${accepted}"][data-kind="handling"]`);
    const row = await waitVisible(driver, picked);
    await driver.executeScript((el) => el.focus(), row);
    await row.sendKeys(Key.ENTER);
    await waitText(driver, byTestId("detail-case-no"), accepted);
  },
  { prepare },
);
