// Paper at the counter: a letter registered in the form, its 回执 printed straight from the
// saved message, and the 登记表 from the case page; the 受理登记簿 of a date range and the
// filtered case list from 案件. Every PDF reaches the print command and is read back with
// pdftotext.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appTest, byTestId, click, selectOption, typeInto, waitText } from "../lib/harness.mjs";
import { daysAgo, initOffice, registerCase } from "../lib/office.mjs";

const TMP = process.env.TMPDIR || "/tmp";
const PRINT_SCRIPT = join(TMP, `xinfang-e2e-counter-print-${process.pid}.sh`);
const PRINTED = join(TMP, `xinfang-e2e-counter-printed-${process.pid}.pdf`);

async function prepare(db) {
  await initOffice(db);
  writeFileSync(PRINT_SCRIPT, `#!/bin/sh\ncp "$1" "${PRINTED}"\n`);
  chmodSync(PRINT_SCRIPT, 0o755);
}

/** Waits for the print command's copy and returns its text, joined without whitespace. */
async function printedText(driver) {
  const end = Date.now() + 30000;
  while (!existsSync(PRINTED)) {
    if (Date.now() > end) throw new Error("the print command never got the file");
    await driver.sleep(200);
  }
  const text = execFileSync("pdftotext", [PRINTED, "-"]).toString().replace(/\s+/g, "");
  rmSync(PRINTED);
  return text;
}

appTest(
  "a letter's 回执 prints right after saving, and its 登记表 from the case page",
  async ({ driver }) => {
    await click(driver, byTestId("menu-register"));
    await click(driver, byTestId("reg-channel-letter"));
    await typeInto(driver, byTestId("reg-name-0"), "王秀英");
    await typeInto(driver, byTestId("reg-title"), "反映小区物业管理混乱问题");
    await typeInto(driver, byTestId("reg-content"), "小区物业长期不履行维修义务。");
    await selectOption(driver, byTestId("reg-locality"), "榕华街道");
    await selectOption(driver, byTestId("reg-matter-type"), "城乡建设");
    await click(driver, byTestId("reg-save"));
    const caseNo = await waitText(driver, byTestId("reg-case-no"), /^445202-\d{4}-\d{6}$/);

    await click(driver, byTestId("print-receipt"));
    const receipt = await printedText(driver);
    for (const want of ["信访事项登记回执", caseNo, "“反映小区物业管理混乱问题”已登记", "前决定是否受理", "测试县信访局"]) {
      assert.ok(receipt.includes(want), `${want} missing from the receipt: ${receipt}`);
    }

    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("row-case-no"), caseNo);
    await click(driver, byTestId("row-title"));
    await waitText(driver, byTestId("detail-case-no"), caseNo);
    await click(driver, byTestId("print-registration_form"));
    const form = await printedText(driver);
    for (const want of ["信访事项登记表", `登记编号：${caseNo}`, "信访方式：来信", "（一）王秀英", "问题属地：榕城区榕华街道"]) {
      assert.ok(form.includes(want), `${want} missing from the form: ${form}`);
    }
  },
  { prepare, env: { XINFANG_PRINT_COMMAND: PRINT_SCRIPT } },
);

let fresh = "";
let old = "";

appTest(
  "the 受理登记簿 of this month holds this month's letters; 打印 on the list prints what the filter shows",
  async ({ driver }) => {
    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("cases-total"), "2");
    await click(driver, byTestId("register-book"));
    await click(driver, byTestId("register-book-month"));
    await click(driver, byTestId("register-book-print"));
    const register = await printedText(driver);
    for (const want of ["信访事项受理登记簿", "共1件", fresh, "反映夜间施工噪音", "待处理", "测试县信访局"]) {
      assert.ok(register.includes(want), `${want} missing from the register: ${register}`);
    }
    assert.ok(!register.includes(old), `the letter of 40 days ago is not this month's: ${register}`);

    await click(driver, byTestId("filter-due-overdue"));
    await waitText(driver, byTestId("cases-total"), "1");
    await click(driver, byTestId("print-list"));
    const list = await printedText(driver);
    for (const want of ["信访件清单", "共1件", old, "反映河道排污"]) {
      assert.ok(list.includes(want), `${want} missing from the printed list: ${list}`);
    }
    assert.ok(!list.includes(fresh), `the fresh letter is not overdue: ${list}`);
  },
  {
    prepare: async (db) => {
      await prepare(db);
      fresh = await registerCase(db, { title: "反映夜间施工噪音扰民问题" });
      old = await registerCase(db, { title: "反映河道排污问题", received_at: daysAgo(40) });
    },
    env: { XINFANG_PRINT_COMMAND: PRINT_SCRIPT },
  },
);
