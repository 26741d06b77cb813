// The smallest window the app allows (1024×640), on a fresh demo office: 工作台, 案件, a case, 期限日程, 登记 and 同步,
// captured from the X screen as a clerk sees them (`import`, cropped to the window). With DISPLAY
// set and the app built: `node tools/screenshots-1024.mjs [outdir]`. Writes docs/img/desktop-1024-*.png.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_DIR, byTestId, click, waitVisible, waitText } from "../lib/harness.mjs";
import { launchDemo } from "../lib/office.mjs";

const out = resolve(process.argv[2] || join(REPO_DIR, "docs", "img"));
mkdirSync(out, { recursive: true });
const app = await launchDemo();
const { driver } = app;
async function shot(name) {
  await driver.sleep(2500);
  const r = await driver.manage().window().getRect();
  const file = join(out, `desktop-1024-${name}.png`);
  execFileSync("import", ["-window", "root", "-crop", `${r.width}x${r.height}+${r.x}+${r.y}`, file]);
  console.log(`wrote ${file}`);
}

try {
  await driver.manage().window().setRect({ x: 0, y: 0, width: 1024, height: 640 });
  await waitVisible(driver, byTestId("count-overdue"), 30000);
  await shot("workbench");
  await click(driver, byTestId("menu-cases"));
  await waitText(driver, byTestId("cases-total"), /\d+/);
  await shot("cases");
  await click(driver, byTestId("row-title"));
  await waitVisible(driver, byTestId("detail-timeline"));
  await shot("case-detail");
  await click(driver, byTestId("menu-agenda"));
  await waitVisible(driver, byTestId("agenda-day"));
  await shot("agenda");
  await click(driver, byTestId("agenda-view-month"));
  await waitVisible(driver, byTestId("agenda-picked"));
  await shot("agenda-month");
  await click(driver, byTestId("menu-register"));
  await waitVisible(driver, byTestId("reg-title"));
  await shot("register");
  await click(driver, byTestId("menu-sync"));
  await waitText(driver, byTestId("page-title"), "同步");
  await shot("sync");
} finally {
  await app.stop();
}
