import assert from "node:assert/strict";
import {
  appTest, By, byTestId, click, Key, selectOption, textOf, typeInto, waitRows, waitText, waitVisible,
} from "../lib/harness.mjs";
import { initOffice } from "../lib/office.mjs";

async function fillMatter(driver, { title, content, locality = "榕华街道", matter = "劳动社保" }) {
  await typeInto(driver, byTestId("reg-title"), title);
  await typeInto(driver, byTestId("reg-content"), content);
  await selectOption(driver, byTestId("reg-locality"), locality);
  await selectOption(driver, byTestId("reg-matter-type"), matter);
}

appTest(
  "a visit with 6 representatives shows the error and saves nothing",
  async ({ driver }) => {
    await click(driver, byTestId("menu-register"));
    await click(driver, byTestId("reg-channel-visit"));
    const names = ["陈一", "林二", "黄三", "李四", "张五", "吴六"];
    for (let i = 0; i < names.length; i++) {
      if (i > 0) await click(driver, byTestId("reg-add-petitioner"));
      await typeInto(driver, byTestId(`reg-name-${i}`), names[i]);
      await click(driver, byTestId(`reg-rep-${i}`));
    }
    // The clear message appears as soon as the sixth is ticked.
    await waitText(driver, byTestId("reg-reps-warning"), "不得超过5人");
    await fillMatter(driver, { title: "反映征地补偿标准过低问题", content: "村民集体来访反映征地补偿问题。" });
    await click(driver, byTestId("reg-save"));
    // The core refuses it: its message is shown, and nothing is saved.
    await waitText(driver, byTestId("reg-error"), "代表不得超过5人");
    assert.equal((await driver.findElements(byTestId("reg-saved"))).length, 0);
    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("cases-total"), "0");
  },
  { prepare: initOffice },
);

appTest(
  "letters saved with Ctrl+S and with Enter get their numbers, the form is fresh each time, both are listed",
  async ({ driver }) => {
    await click(driver, byTestId("menu-register"));
    await click(driver, byTestId("reg-channel-letter"));
    await typeInto(driver, byTestId("reg-name-0"), "王秀英");
    // The ID number is checked as typed: a wrong check digit is named at once.
    await typeInto(driver, byTestId("reg-id-0"), "110105194912310021");
    await waitText(driver, byTestId("reg-petitioner-0"), "校验位应为X");
    await typeInto(driver, byTestId("reg-id-0"), "11010519491231002X");
    await waitVisible(driver, byTestId("reg-id-ok-0"));
    await typeInto(driver, byTestId("reg-return-address"), "揭阳市榕城区新兴街道北环路12号");
    await fillMatter(driver, {
      title: "反映小区物业管理混乱问题", content: "小区物业长期不履行维修义务。", locality: "榕华街道新风社区", matter: "城乡建设",
    });
    const content = await waitVisible(driver, byTestId("reg-content"));
    await content.sendKeys(Key.chord(Key.CONTROL, "s"));

    const caseNo = await waitText(driver, byTestId("reg-case-no"), /^445202-\d{4}-\d{6}$/);
    // Ready for the next letter: empty form, focus on the first petitioner's name.
    assert.equal(await (await waitVisible(driver, byTestId("reg-title"))).getAttribute("value"), "");
    const focused = await driver.switchTo().activeElement();
    assert.equal(await focused.getAttribute("data-testid"), "reg-name-0");

    // The next letter straight away, saved with Enter in a one-line field: the next number.
    await typeInto(driver, byTestId("reg-name-0"), "赵六");
    await typeInto(driver, byTestId("reg-content"), "反映路灯损坏。");
    await selectOption(driver, byTestId("reg-matter-type"), "城乡建设");
    const title = await typeInto(driver, byTestId("reg-title"), "反映小区路灯长期损坏问题");
    await title.sendKeys(Key.ENTER);
    const next = caseNo.replace(/\d{6}$/, (n) => String(Number(n) + 1).padStart(6, "0"));
    await waitText(driver, byTestId("reg-case-no"), next);

    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("cases-total"), "2");
    await waitRows(driver, "cases-table", 2);
    const rows = await driver.findElements(byTestId("row-case-no"));
    assert.deepEqual((await Promise.all(rows.map((r) => r.getText()))).sort(), [caseNo, next]);
    assert.match(await textOf(driver, byTestId("row-masked-id")), /^110105\*+002X$/);
    // The picked village is recorded from the county down, and the next letter kept it.
    const places = await driver.findElements(By.css("[data-testid=cases-table] .el-table__body td.col-locality"));
    const named = await Promise.all(places.map((p) => p.getAttribute("textContent")));
    assert.deepEqual(named.map((t) => t.trim()), ["榕城区榕华街道新风社区", "榕城区榕华街道新风社区"]);
  },
  { prepare: initOffice },
);
