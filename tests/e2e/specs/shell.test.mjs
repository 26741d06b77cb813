import assert from "node:assert/strict";
import { appTest, By, byTestId, click, typeInto, waitText, waitVisible } from "../lib/harness.mjs";

appTest("first start on an empty database: set up the office, then the menu navigates", async ({ driver }) => {
  await waitVisible(driver, byTestId("first-start"));
  // A wrong office code is refused with a Chinese message, nothing is set up.
  await typeInto(driver, byTestId("setup-code"), "44");
  await typeInto(driver, byTestId("setup-name"), "测试县信访局");
  await typeInto(driver, byTestId("setup-prefix"), "测信访");
  await click(driver, byTestId("setup-save"));
  await waitText(driver, By.css(".el-form-item__error"), "行政区划代码");
  await typeInto(driver, byTestId("setup-code"), "445202");
  // The first administrator's password, typed twice; a mismatch is refused.
  await typeInto(driver, byTestId("setup-admin-password"), "admin-pass-1");
  await typeInto(driver, byTestId("setup-admin-again"), "admin-pass-2");
  await click(driver, byTestId("setup-save"));
  await waitText(driver, byTestId("first-start-error"), "两次输入的管理员密码不一致");
  await typeInto(driver, byTestId("setup-admin-again"), "admin-pass-1");
  await click(driver, byTestId("setup-save"));
  await waitText(driver, byTestId("office-name"), "测试县信访局");
  await waitText(driver, byTestId("actor"), "系统管理员（管理员）");
  await waitText(driver, byTestId("page-title"), "工作台");
  await click(driver, byTestId("menu-cases"));
  await waitText(driver, byTestId("page-title"), "案件");
  assert.equal(await (await waitVisible(driver, byTestId("cases-total"))).getText(), "0");
});

appTest("first start: load the demo office instead, 工作台 shows its cases", async ({ driver }) => {
  await click(driver, byTestId("setup-demo"));
  // The demo office's accounts are offered on the sign-in screen, one per role.
  await waitVisible(driver, byTestId("demo-accounts"), 120000);
  await click(driver, byTestId("demo-account-limin"));
  await click(driver, byTestId("sign-in-submit"));
  await waitText(driver, byTestId("office-name"), "榕城区信访局");
  await waitText(driver, byTestId("actor"), "李敏（登记员）");
  await waitText(driver, byTestId("count-awaiting"), /^[1-9]\d*$/);
  await click(driver, byTestId("menu-cases"));
  await waitText(driver, byTestId("cases-total"), /^\d{3}$/);
});
