// The case list as a clerk uses it all day: at the smallest window (1024×640) every column is on
// screen, checked from the elements' geometry; and 导出Excel writes the filtered list, read back
// with calamine as the core reads a sheet.
import assert from "node:assert/strict";
import { appTest, By, byTestId, click, Key, run, SHEET_ROWS_BIN, tableRows, textOf, typeInto, waitRows, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, daysAgo, initOffice, registerCase } from "../lib/office.mjs";

const LONG_TITLE = "反映某某镇某某村集体土地征收补偿款长期未足额发放且安置房建设进度严重滞后问题";

async function prepare(db) {
  await initOffice(db);
  const accepted = await registerCase(db, { title: "反映工地拖欠工资问题", received_at: daysAgo(20) });
  await cli(db, ["case", "act", accepted, "accept", "--json", "{}"]);
  await registerCase(db, {
    channel: "visit",
    visit: { person_count: 3, batch_count: 1 },
    petitioners: [{ name: "欧阳建国", id_number: "440105196001011235" }, { name: "李四" }, { name: "王五" }],
    title: LONG_TITLE,
    locality: { code: "445202002", name: "新兴街道办事处" },
    received_at: daysAgo(40),
  });
  await registerCase(db, { channel: "online", title: "建议增设学校周边交通设施", purpose: "suggestion" });
  await registerCase(db, { channel: "phone", title: "反映夜间施工噪音扰民问题" });
}

/** Where the table's header cells, its body and the window are, in CSS pixels. */
const geometry = (driver, tableTestId = "cases-table") =>
  driver.executeScript((id) => {
    const table = document.querySelector(`[data-testid="${id}"]`);
    const body = table.querySelector(".el-table__body-wrapper .el-scrollbar__wrap") ?? table.querySelector(".el-table__body-wrapper");
    const rect = (el) => el.getBoundingClientRect();
    const headers = [...table.querySelectorAll(".el-table__header-wrapper th")].map((th) => ({
      label: th.innerText.trim(),
      left: rect(th).left,
      right: rect(th).right,
      width: rect(th).width,
    }));
    const lineHeights = [...document.querySelectorAll('[data-testid="row-received"]')].map((el) => rect(el).height);
    return {
      window: window.innerWidth,
      windowHeight: window.innerHeight,
      tableRight: rect(table).right,
      scrollWidth: body.scrollWidth,
      clientWidth: body.clientWidth,
      headers,
      lineHeights,
      aside: rect(document.querySelector('[data-testid="aside"]')).width,
    };
  }, tableTestId);

/** Every header cell of the table ends inside it and inside the window; nothing scrolls sideways. */
function assertColumnsInside(g) {
  for (const h of g.headers.filter((x) => x.label)) {
    assert.ok(h.right <= g.tableRight + 0.5 && h.right <= g.window, `${h.label} ends at ${h.right}, the table at ${g.tableRight}: ${JSON.stringify(g)}`);
  }
  assert.ok(g.scrollWidth <= g.clientWidth + 1, `no sideways scrolling: ${g.scrollWidth} > ${g.clientWidth}`);
}

appTest(
  "the case list at 1024×640: every column inside the window, the title given room, dates on one line",
  async ({ driver }) => {
    await driver.manage().window().setRect({ width: 1024, height: 640 });
    await driver.wait(async () => (await driver.executeScript(() => window.innerWidth)) <= 1024, 10000);
    await click(driver, byTestId("menu-cases"));
    await waitRows(driver, "cases-table", 4);
    // The layout settles after the resize (the menu folds to its icons).
    await driver.sleep(300);
    const g = await geometry(driver);
    assert.ok(g.window <= 1024, `window ${g.window}`);
    assert.ok(g.aside <= 64, `the menu keeps its icons only at this width: ${g.aside}px`);
    const labels = g.headers.map((h) => h.label).filter(Boolean);
    assert.deepEqual(labels, ["信访件编号", "收件", "信访人", "标题", "属地", "状态", "下一期限"]);
    assertColumnsInside(g);
    const title = g.headers.find((h) => h.label === "标题");
    assert.ok(title.width >= 150, `the title column has ${title.width}px`);
    for (const h of g.lineHeights) assert.ok(h < 30, `a receipt date wraps (${h}px high)`);

    // 工作台's overdue list too.
    await click(driver, byTestId("menu-workbench"));
    await waitVisible(driver, By.css('[data-testid="overdue-table"] tr.el-table__row'));
    const w = await geometry(driver, "overdue-table");
    assert.deepEqual(w.headers.map((h) => h.label).filter(Boolean), ["信访件编号", "标题", "信访人", "状态", "期限", "到期日", "剩余"]);
    assertColumnsInside(w);
    const dateHeights = await driver.executeScript(() =>
      [...document.querySelectorAll('[data-testid="overdue-table"] .el-table__body-wrapper .nowrap')].map((el) => el.getBoundingClientRect().height),
    );
    assert.ok(dateHeights.length > 0 && dateHeights.every((h) => h < 30), `due dates on one line: ${dateHeights}`);

    // Back to the usual size, the menu shows its words again.
    await driver.manage().window().setRect({ width: 1280, height: 800 });
    await waitText(driver, byTestId("office-name"), "测试县信访局");

    // Every row is in Tab order, and Enter on one opens its case.
    await click(driver, byTestId("menu-cases"));
    await waitRows(driver, "cases-table", 4);
    await driver.wait(async () => {
      const tabbable = await driver.executeScript(() =>
        [...document.querySelectorAll('[data-testid="cases-table"] .el-table__body-wrapper tr.el-table__row')].map((r) => r.tabIndex),
      );
      return tabbable.length === 4 && tabbable.every((t) => t === 0);
    }, 5000);
    const rows = await tableRows(driver, "cases-table");
    const second = await rows[1].findElement(byTestId("row-case-no")).getText();
    await driver.executeScript((el) => el.focus(), rows[1]);
    await rows[1].sendKeys(Key.ENTER);
    await waitText(driver, byTestId("detail-case-no"), second);
  },
  { prepare },
);

appTest(
  "导出Excel: the filtered list, every case it matches, written to the exports folder and read back",
  async ({ driver }) => {
    await click(driver, byTestId("menu-cases"));
    await waitRows(driver, "cases-table", 4);
    await typeInto(driver, byTestId("filter-text"), "反映");
    await waitText(driver, byTestId("cases-total"), "3");
    const shown = await Promise.all((await driver.findElements(byTestId("row-case-no"))).map((e) => e.getText()));

    await click(driver, byTestId("export-list"));
    const said = await textOf(driver, byTestId("export-result"));
    const m = /已导出 (\d+) 件到 (\S+\.xlsx)/.exec(said);
    assert.ok(m, said);
    assert.equal(m[1], "3");
    assert.match(m[2], /-documents\/导出\/信访件清单-\d{8}-\d{6}\.xlsx$/);
    await waitVisible(driver, byTestId("export-reveal"));

    const sheet = JSON.parse(await run(SHEET_ROWS_BIN, [m[2]]));
    assert.deepEqual(sheet.header, ["信访件编号", "收件日期", "渠道", "信访人", "身份证号", "标题", "属地", "状态", "下一期限", "期限情况"]);
    assert.deepEqual(sheet.rows.map((r) => r[0]), shown, "the list's cases in its order");
    const visit = sheet.rows.find((r) => r[5] === LONG_TITLE);
    assert.deepEqual([visit[2], visit[3], visit[6], visit[7]], ["来访", "欧阳建国", "新兴街道办事处", "待处理"]);
    assert.match(visit[4], /^440105\*+1235$/, "the ID number masked as on screen");
    assert.match(visit[9], /超期\d+个工作日$/);
  },
  { prepare },
);
