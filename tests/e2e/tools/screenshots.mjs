// Takes the README's screenshots of the four main screens from the real window (under Xvfb),
// on a fresh demo office: `scripts/e2e.sh --screenshots` (or, with DISPLAY set and the app built,
// `node tools/screenshots.mjs [outdir]`). Writes docs/img/desktop-*.png.
import { writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_DIR, byTestId, click, selectOption, waitVisible, waitText, typeInto, By } from "../lib/harness.mjs";
import { launchDemo } from "../lib/office.mjs";

const out = resolve(process.argv[2] || join(REPO_DIR, "docs", "img"));
mkdirSync(out, { recursive: true });

const app = await launchDemo();
const { driver } = app;
const settle = (ms = 3000) => driver.sleep(ms);
async function shot(name) {
  await settle();
  const file = join(out, `desktop-${name}.png`);
  writeFileSync(file, await driver.takeScreenshot(), "base64");
  console.log(`wrote ${file}`);
}

try {
  await waitVisible(driver, byTestId("count-overdue"), 30000);
  await shot("workbench");

  await click(driver, byTestId("menu-register"));
  await click(driver, byTestId("reg-channel-visit"));
  await typeInto(driver, byTestId("reg-name-0"), "陈志强");
  await typeInto(driver, byTestId("reg-id-0"), "11010519491231002X");
  await click(driver, byTestId("reg-add-petitioner"));
  await typeInto(driver, byTestId("reg-name-1"), "林秀英");
  await typeInto(driver, byTestId("reg-id-1"), "44520219900101123X");
  await typeInto(driver, byTestId("reg-title"), "反映旧城改造拆迁补偿问题");
  await typeInto(driver, byTestId("reg-content"), "来访人称其位于榕华街道的房屋在旧城改造中被拆除，补偿款至今未按协议发放，要求尽快兑现。");
  await selectOption(driver, byTestId("reg-locality"), "榕华街道");
  await selectOption(driver, byTestId("reg-matter-type"), "城乡建设");
  await click(driver, byTestId("reg-rep-0"));
  await click(driver, byTestId("reg-rep-1"));
  await driver.executeScript("document.querySelector('.el-main').scrollTo(0, 0)");
  await shot("register");

  await click(driver, byTestId("menu-cases"));
  await waitText(driver, byTestId("cases-total"), /\d+/);
  await shot("cases");

  // A case with some history: replied, review window open.
  await driver.executeScript(`location.hash = "#/cases?status=replied"`);
  await driver.sleep(1500);
  await click(driver, byTestId("row-title"));
  await waitVisible(driver, byTestId("detail-timeline"));
  await shot("case-detail");

  await click(driver, byTestId("menu-settings"));
  await click(driver, By.css("#tab-calendar"));
  await waitVisible(driver, By.css('[data-testid="cal-grid"] .month'));
  await shot("settings-calendar");
} finally {
  await app.stop();
}
process.exit(0);
