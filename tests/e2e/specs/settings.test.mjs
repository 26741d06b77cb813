import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appTest, byTestId, By, click, selectOption, signIn, typeInto, waitText, waitVisible, REPO_DIR } from "../lib/harness.mjs";
import { cli, initOffice, registerCase } from "../lib/office.mjs";

let caseNo = "";
let dueOn = "";

appTest(
  "设置 · 工作日历: importing a calendar file makes a deadline's last day a holiday and moves the deadline",
  async ({ driver, dir }) => {
    // The period is counted in calendar days and rolls forward off a day off: declaring its
    // last day a holiday moves it to the next working day.
    const day = dueOn;
    const year = day.slice(0, 4);
    const file = join(dir, "calendar.json");
    // The year as shipped, plus one more day off (an import replaces whole years).
    const shipped = JSON.parse(readFileSync(join(REPO_DIR, "data/cn-public-holidays.json"), "utf8")).years[year] ?? [];
    const days = [...shipped.filter((e) => e.date !== day), { date: day, kind: "day_off", festival: "测试节" }];
    writeFileSync(file, JSON.stringify({ years: { [year]: days } }));

    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-calendar"));
    await waitVisible(driver, byTestId("cal-grid"));
    // The file input is hidden behind the button: show it to WebDriver, then hand it the file.
    const input = await driver.findElement(byTestId("cal-file"));
    await driver.executeScript("arguments[0].hidden = false", input);
    await input.sendKeys(file);
    // Nothing is saved before the clerk has seen what changes.
    await waitText(driver, byTestId("cal-preview-added"), "测试节");
    await click(driver, byTestId("cal-preview-confirm"));

    const text = await waitText(driver, byTestId("cal-imported"), caseNo, 20000);
    assert.match(text, new RegExp(`已导入${year}年`));
    const m = new RegExp(`${caseNo} \\S+：(\\d{4}-\\d{2}-\\d{2}) → (\\d{4}-\\d{2}-\\d{2})`).exec(text);
    assert.ok(m, `the moved deadline is listed: ${text}`);
    assert.ok(m[2] > m[1], `one more day off pushes the deadline later: ${m[1]} → ${m[2]}`);
    // The year view shows the day as a holiday with its name (the view turns to the file's year).
    await waitVisible(driver, By.css(`[data-testid="cal-grid"] [title="${day} 测试节放假"].holiday`));
  },
  {
    // The administrator keeps the calendar.
    signInAs: "admin",
    prepare: async (db) => {
      await initOffice(db);
      caseNo = await registerCase(db, { title: "反映河道排污问题" });
      const shown = JSON.parse(await cli(db, ["case", "show", caseNo, "--json"]));
      dueOn = (shown.deadlines ?? shown.case.deadlines).find((d) => d.kind === "disposal").due_on;
    },
  },
);

// A year the program does not ship, as the State Council's notice reads (weekdays in brackets).
const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2027年元旦、春节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至11日（周四）放假调休，共7天。2月13日（周六）上班。
国务院办公厅`;

appTest(
  "设置 · 工作日历: the notice pasted as text is previewed day by day, then imported as the year",
  async ({ driver }) => {
    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-calendar"));
    await click(driver, byTestId("cal-import"));
    await click(driver, byTestId("cal-import-paste"));
    await typeInto(driver, byTestId("cal-paste-text"), NOTICE_2027);
    await click(driver, byTestId("cal-paste-read"));
    const added = await waitText(driver, byTestId("cal-preview-added"), "2027年2月13日　调休上班");
    assert.match(added, /2027年1月1日　放假（元旦）/);
    const listed = await driver.findElements(By.css('[data-testid="cal-preview-added"] li'));
    assert.equal(listed.length, 11, `3 + 7 days off and one workday: ${added}`);
    await click(driver, byTestId("cal-preview-confirm"));
    await waitText(driver, byTestId("cal-imported"), "已导入2027年");
    await waitVisible(driver, By.css('[data-testid="cal-grid"] [title="2027-02-13 调休上班"]'));
    await waitVisible(driver, By.css('[data-testid="cal-grid"] [title="2027-02-08 春节放假"]'));
  },
  { signInAs: "admin", prepare: initOffice },
);

appTest(
  "设置 · 问题属地: a township added to the list is offered on the register form and recorded by name",
  async ({ driver, dbPath }) => {
    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-localities"));
    await waitVisible(driver, byTestId("localities-table"));
    await click(driver, byTestId("locality-add-town"));
    // The last row's inputs (Element Plus puts the test id on the input itself).
    const last = (id) => By.xpath(`(//input[@data-testid="${id}"] | //*[@data-testid="${id}"]//input)[last()]`);
    const lastName = last("locality-name");
    const lastCode = last("locality-code");
    await typeInto(driver, lastName, "空港街道");
    // A code outside the county is refused with the row named, and nothing is saved.
    const given = await (await waitVisible(driver, lastCode)).getAttribute("value");
    assert.match(given, /^445202\d{3}$/);
    await typeInto(driver, lastCode, "445299011");
    await click(driver, byTestId("localities-save"));
    await waitText(driver, byTestId("localities-error"), "以445202开头");
    await typeInto(driver, lastCode, given);
    await click(driver, byTestId("localities-save"));
    await waitText(driver, byTestId("localities-panel"), "11个乡镇（街道）");

    // The administrator keeps the list; a clerk registers with it.
    await click(driver, byTestId("sign-out"));
    await signIn(driver, "zhangwd");
    await click(driver, byTestId("menu-register"));
    await selectOption(driver, byTestId("reg-locality"), "空港街道");
    const listed = JSON.parse(await cli(dbPath, ["localities", "list", "--json"]));
    assert.ok(listed.places.some((p) => p.code === given && p.name === "空港街道"), "saved in the office database");
  },
  { signInAs: "admin", prepare: initOffice },
);
