import assert from "node:assert/strict";
import { appTest, By, byTestId, click, inputOf, signIn, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, initOffice, registerCase } from "../lib/office.mjs";
import { openFromList } from "../lib/case-page.mjs";

let caseNo = "";

appTest(
  "sign in: a wrong password is refused in Chinese, 锁定 asks the same account again, a role is refused what it may not do",
  async ({ driver, dbPath }) => {
    await waitVisible(driver, byTestId("sign-in"));
    await typeInto(driver, byTestId("sign-in-name"), "limin");
    await typeInto(driver, byTestId("sign-in-password"), "wrong-password-1");
    await click(driver, byTestId("sign-in-submit"));
    await waitText(driver, byTestId("sign-in-error"), "账号或密码不正确（再错4次");
    await signIn(driver, "limin");
    await waitText(driver, byTestId("actor"), "李敏（登记员）");
    // A registrar registers; the menu has no 同步, and the rules are not theirs to change.
    await waitVisible(driver, byTestId("menu-register"));
    assert.equal((await driver.findElements(byTestId("menu-sync"))).length, 0);
    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-rules"));
    await click(driver, byTestId("rules-save"));
    await waitText(driver, byTestId("rules-error"), "您的角色“登记员”无权修改机构设置和清单");

    // 锁定: the lock screen names the account and takes only its password.
    await click(driver, byTestId("lock-now"));
    await waitText(driver, byTestId("locked-note"), "limin");
    assert.equal(await (await driver.findElement(inputOf("sign-in-name"))).isEnabled(), false);
    await signIn(driver, "limin");
    await waitText(driver, byTestId("page-title"), "设置");

    // Every step the window took is on the case's timeline under the account.
    const caseNo = await registerCase(dbPath, { title: "反映噪声扰民问题" });
    const shown = JSON.parse(await cli(dbPath, ["case", "show", caseNo, "--json"]));
    assert.equal(shown.timeline[0].account, "zhangwd");
  },
  { prepare: initOffice, signInAs: null },
);

appTest(
  "设置 › 账号: the administrator adds an account and shortens the idle lock; the window locks by itself",
  async ({ driver }) => {
    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-accounts"));
    await waitVisible(driver, byTestId("accounts-table"));
    await click(driver, byTestId("account-add"));
    await typeInto(driver, byTestId("account-name"), "zhaoli");
    await typeInto(driver, byTestId("account-display-name"), "赵丽");
    await typeInto(driver, byTestId("account-password"), "short");
    await click(driver, byTestId("account-save"));
    await waitText(driver, byTestId("account-error"), "密码至少8位");
    await typeInto(driver, byTestId("account-password"), "zhaoli-2026");
    await click(driver, byTestId("account-save"));
    await waitText(driver, By.css(".el-message"), "已新建账号 zhaoli（赵丽）");

    await typeInto(driver, inputOf("idle-minutes"), "1");
    await click(driver, byTestId("idle-save"));
    await waitText(driver, By.css(".el-message"), "无操作1分钟后自动锁定");
    // No input for a minute: the window locks by itself and asks the administrator again.
    await waitText(driver, byTestId("locked-note"), "admin", 100000);
    await signIn(driver, "admin");
    await click(driver, byTestId("sign-out"));
    await signIn(driver, "zhaoli", "zhaoli-2026");
    await waitText(driver, byTestId("actor"), "赵丽（登记员）");
  },
  { prepare: initOffice, signInAs: "admin", timeout: 240000 },
);

appTest(
  "the case page masks ID and phone numbers; 查看完整号码 asks a reason, shows them and records who looked",
  async ({ driver, dbPath }) => {
    await openFromList(driver, caseNo);
    await waitText(driver, byTestId("detail-id-number"), "110105********002X");
    await waitText(driver, byTestId("detail-phone"), "138****0000");
    await click(driver, byTestId("detail-unmask"));
    await waitVisible(driver, By.css(".el-message-box__input input"));
    await click(driver, By.css(".el-message-box__btns .el-button--primary"));
    await waitText(driver, By.css(".el-message-box__errormsg"), "请写明理由");
    await typeInto(driver, By.css(".el-message-box__input input"), "核对来访人身份");
    await click(driver, By.css(".el-message-box__btns .el-button--primary"));
    await waitText(driver, byTestId("detail-id-number"), "11010519491231002X");
    await waitText(driver, byTestId("detail-phone"), "13800000000");
    await waitText(driver, byTestId("detail-disclosures"), "张卫东（核对来访人身份）");
    const shown = JSON.parse(await cli(dbPath, ["case", "show", caseNo, "--json"]));
    assert.equal(shown.disclosures[0].account, "zhangwd");
    assert.equal(shown.case.petitioners[0].id_number, "110105********002X", "the CLI masks too");
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      caseNo = await registerCase(db, {
        petitioners: [{ name: "张三", id_number: "11010519491231002X", phone: "13800000000" }],
      });
    },
  },
);
