import { appTest, byTestId, click, waitText } from "../lib/harness.mjs";

appTest("the window opens on the test's own database and the menu navigates", async ({ driver, dbPath }) => {
  await waitText(driver, byTestId("db-path"), dbPath);
  await click(driver, byTestId("menu-cases"));
  await waitText(driver, byTestId("page-title"), "案件");
});
