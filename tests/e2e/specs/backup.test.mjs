import assert from "node:assert/strict";
import { appendFileSync, cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { appTest, By, byTestId, click, run, signIn, tableRows, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, initOffice, registerCase } from "../lib/office.mjs";

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

/** The case numbers the office's database holds, read with the CLI. */
async function caseNumbers(db) {
  return JSON.parse(await cli(db, ["case", "list", "--json"])).map((c) => c.case_no);
}

appTest(
  "设置 · 备份: a damaged backup is refused with nothing changed; a good one restores the office and asks to sign in again",
  async ({ driver, dir, dbPath }) => {
    const before = await caseNumbers(dbPath);
    assert.equal(before.length, 1);
    const folder = join(dir, "U盘");
    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-backup"));
    await typeInto(driver, byTestId("backup-folder"), folder);
    await click(driver, byTestId("backup-create"));
    await waitVisible(driver, By.xpath("//div[contains(@class,'el-message')][contains(., '已备份并校验通过')]"), WAIT);
    const [made] = readdirSync(folder).filter((n) => !n.startsWith("."));

    // Work after the backup, which the restore takes back.
    const later = await registerCase(dbPath, { title: "反映农村道路损毁问题" });

    // A copy of the backup whose database was damaged on the drive: refused, nothing changed.
    const damaged = join(dir, "坏盘");
    cpSync(join(folder, made), join(damaged, made), { recursive: true });
    appendFileSync(join(damaged, made, "office.sqlite"), "damaged");
    await typeInto(driver, byTestId("backup-folder"), damaged);
    await click(driver, byTestId("backup-refresh"));
    await driver.wait(async () => (await tableRows(driver, "backup-table")).length === 1, WAIT);
    await click(driver, byTestId("backup-restore"));
    await click(driver, By.css(".el-message-box__btns .el-button--primary"));
    await waitText(driver, byTestId("restore-error"), "数据库文件与备份时不一致", WAIT);
    assert.deepEqual((await caseNumbers(dbPath)).sort(), [...before, later].sort());

    // The good one: the window starts over on the restored database, at the sign-in screen.
    await typeInto(driver, byTestId("backup-folder"), folder);
    await click(driver, byTestId("backup-refresh"));
    await driver.wait(async () => (await tableRows(driver, "backup-table")).length === 1, WAIT);
    await click(driver, byTestId("backup-restore"));
    await click(driver, By.css(".el-message-box__btns .el-button--primary"));
    await waitText(driver, byTestId("restored-notice"), "已从", WAIT);
    await waitText(driver, byTestId("restored-notice"), "请重新登录");
    await waitVisible(driver, byTestId("sign-in"));
    await signIn(driver, "admin");
    await waitVisible(driver, byTestId("menu-settings"));
    assert.deepEqual(await caseNumbers(dbPath), before);
    const aside = readdirSync(dir).filter((n) => n.includes(".before-restore-"));
    assert.ok(aside.some((n) => n.startsWith("office.sqlite.before-restore-")), aside.join(" "));
  },
  {
    signInAs: "admin",
    prepare: async (db) => {
      await initOffice(db);
      await registerCase(db, { title: "反映小区物业管理混乱问题", content: "小区物业长期不履行维修义务。" });
    },
  },
);

appTest(
  "设置 · 备份 · 定时备份: turned on, the app's timer backs the office up on its own and the panel says so",
  async ({ driver, dir }) => {
    await click(driver, byTestId("menu-settings"));
    await click(driver, By.css("#tab-backup"));
    await waitText(driver, byTestId("backup-schedule-status"), "定时备份未开启", WAIT);

    const folder = join(dir, "定时备份");
    await typeInto(driver, byTestId("backup-folder"), folder);
    await click(driver, byTestId("backup-schedule-on"));
    await click(driver, byTestId("backup-schedule-save"));
    await waitText(driver, byTestId("backup-schedule-status"), `每天 18:00 备份到 ${folder}`, WAIT);
    // The day's 18:00 (or yesterday's) has gone by without a backup: the timer's next minute makes one.
    await waitText(driver, byTestId("backup-schedule-last"), "上次定时备份", 100000);
    const made = readdirSync(folder).filter((n) => !n.startsWith("."));
    assert.equal(made.length, 1, made.join(" "));
    assert.ok(existsSync(join(folder, made[0], "backup.json")));
    await driver.wait(async () => (await tableRows(driver, "backup-table")).length === 1, WAIT);
    if (process.env.E2E_BACKUP_SCREENSHOT) {
      // For a look at the panel: once the messages have faded.
      await driver.sleep(3500);
      await run("import", ["-window", "root", process.env.E2E_BACKUP_SCREENSHOT]);
    }
  },
  {
    signInAs: "admin",
    prepare: async (db) => {
      await initOffice(db);
    },
  },
);
