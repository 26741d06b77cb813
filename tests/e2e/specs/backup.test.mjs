import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { appTest, By, byTestId, click, tableRows, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { initOffice, registerCase } from "../lib/office.mjs";

const WAIT = 30000;

appTest(
  "设置 · 备份: a backup made to a folder is listed and checks out; a relative folder is refused in Chinese",
  async ({ driver, dir }) => {
    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-backup"));
    await waitVisible(driver, byTestId("backup-restore-note"));

    await typeInto(driver, byTestId("backup-folder"), "备份");
    await click(driver, byTestId("backup-create"));
    await waitText(driver, byTestId("backup-error"), "完整路径", WAIT);

    const folder = join(dir, "U盘");
    await typeInto(driver, byTestId("backup-folder"), folder);
    await click(driver, byTestId("backup-create"));
    await waitVisible(driver, By.xpath("//div[contains(@class,'el-message')][contains(., '已备份并校验通过')]"), WAIT);
    await driver.wait(async () => (await tableRows(driver, "backup-table")).length === 1, WAIT);
    const made = readdirSync(folder).filter((n) => !n.startsWith("."));
    assert.equal(made.length, 1, made.join(" "));
    assert.ok(existsSync(join(folder, made[0], "backup.json")));
    await waitText(driver, byTestId("backup-row-path"), made[0]);

    await click(driver, byTestId("backup-verify"));
    await waitText(driver, byTestId("backup-verify-result"), "完好", WAIT);
  },
  {
    signInAs: "admin",
    prepare: async (db) => {
      await initOffice(db);
      await registerCase(db, { title: "反映小区物业管理混乱问题", content: "小区物业长期不履行维修义务。" });
    },
  },
);
