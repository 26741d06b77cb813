// 出具文书 end to end: the pdf.js preview of the real draft PDF, issue, print (through a
// deterministic print command), the document number in the list and as a timeline link, void
// with a required reason.
import assert from "node:assert/strict";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appTest, By, byTestId, click, textOf, typeInto, waitText, waitVisible } from "../lib/harness.mjs";
import { cli, initOffice, registerCase } from "../lib/office.mjs";

let caseNo = "";
let printed = "";

/** A declined case (its 不予受理告知书 is due), and a print command that copies the file. */
async function declinedCase(db) {
  await initOffice(db);
  caseNo = await registerCase(db, { title: "反映工地拖欠农民工工资问题" });
  const decline = {
    reason: "该诉求属于劳动争议，依法应通过劳动人事争议仲裁解决",
    article: "《信访工作条例》第三十一条",
    statutory_channel: "劳动人事争议仲裁",
    authority: { name: "测试县劳动人事争议仲裁委员会", kind: "administrative" },
  };
  await cli(db, ["case", "act", caseNo, "decline", "--json", JSON.stringify(decline)]);
  // The app inherits tauri-driver's environment, set before the app starts (see `env` below).
  writeFileSync(PRINT_SCRIPT, `#!/bin/sh\ncp "$1" "${PRINTED}"\necho "request id is 测试打印机-1 (1 file(s))"\n`);
  chmodSync(PRINT_SCRIPT, 0o755);
}

const TMP = process.env.TMPDIR || "/tmp";
const PRINT_SCRIPT = join(TMP, `xinfang-e2e-print-${process.pid}.sh`);
const PRINTED = join(TMP, `xinfang-e2e-printed-${process.pid}.pdf`);

/** Waits until pdf.js has painted every page of the PDF in `scope` (a data-testid), and
 * returns the page count and how many of the first page's sampled pixels are not white. */
async function painted(driver, scope, ms = 60000) {
  const end = Date.now() + ms;
  let last = null;
  while (Date.now() < end) {
    last = await driver.executeScript(
      `const root = document.querySelector('[data-testid="${scope}"] [data-testid="pdf-view"]');
       if (!root) return null;
       const pages = Number(root.dataset.pages || 0), done = Number(root.dataset.painted || 0);
       const c = root.querySelector('canvas.pdf-page');
       if (!pages || done < pages || !c) return { pages, done, ink: 0 };
       const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
       let ink = 0;
       for (let i = 0; i < d.length; i += 4 * 97) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) ink++;
       return { pages, done, ink, width: c.width, height: c.height };`,
    );
    if (last && last.pages > 0 && last.done === last.pages && last.ink > 50) return last;
    await driver.sleep(300);
  }
  throw new Error(`the PDF in ${scope} was not painted: ${JSON.stringify(last)}`);
}

async function gone(driver, testId, ms = 60000) {
  const end = Date.now() + ms;
  while ((await driver.findElements(byTestId(testId))).length) {
    if (Date.now() > end) throw new Error(`${testId} is still there`);
    await driver.sleep(200);
  }
}

appTest(
  "preview the real PDF as a draft, issue, print, link from the timeline, void with a reason",
  async ({ driver }) => {
    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("row-case-no"), caseNo);
    await click(driver, byTestId("row-title"));
    await waitText(driver, byTestId("detail-case-no"), caseNo);

    // 出具 → the prefilled form, and pdf.js paints the draft (numbered 〔年〕草稿) at once.
    await click(driver, byTestId("doc-issue-non_acceptance_notice"));
    await waitVisible(driver, byTestId("document-dialog"));
    const draft = await painted(driver, "document-dialog");
    assert.equal(draft.pages, 1);
    // A change to the form marks the draft stale until 预览 is clicked again.
    // The reason is the decision on record: shown, not changed on the paper.
    assert.equal(await driver.findElement(By.css('[data-testid="doc-reason"] textarea, textarea[data-testid="doc-reason"]')).isEnabled(), false);
    await waitVisible(driver, byTestId("doc-reason-recorded"));
    await typeInto(driver, byTestId("doc-petitioner"), "张三先生");
    await waitVisible(driver, byTestId("draft-stale"));
    await click(driver, byTestId("document-preview"));
    await gone(driver, "draft-stale");
    await painted(driver, "document-dialog");
    // E2E_DOC_SCREENSHOT=path: the picture of the preview in docs/desktop.md.
    if (process.env.E2E_DOC_SCREENSHOT) {
      await driver.sleep(500);
      writeFileSync(process.env.E2E_DOC_SCREENSHOT, await driver.takeScreenshot(), "base64");
    }
    // The preview took no number: nothing is listed yet.
    assert.equal((await driver.findElements(byTestId("doc-no"))).length, 0);

    // 出具: the issued document opens in the viewer, with its number, painted from the stored file.
    await click(driver, byTestId("document-submit"));
    await waitText(driver, byTestId("viewer-doc-no"), /^测信访不受〔\d{4}〕1号$/, 60000);
    const docNo = await textOf(driver, byTestId("viewer-doc-no"));
    await painted(driver, "doc-viewer");

    // 打印 through XINFANG_PRINT_COMMAND: the stored PDF reaches the command, the clerk is told.
    await click(driver, byTestId("doc-print"));
    await waitText(driver, byTestId("viewer-result"), /已用打印命令.*发送打印/);
    assert.ok(existsSync(PRINTED), "the print command got the file");
    assert.equal(readFileSync(PRINTED).subarray(0, 5).toString(), "%PDF-");
    await click(driver, byTestId("viewer-close"));

    // The list shows the number; the timeline links it.
    await waitText(driver, byTestId("doc-no"), docNo);
    await waitText(driver, byTestId("event-doc-link"), docNo);
    await click(driver, byTestId("event-doc-link"));
    await waitText(driver, byTestId("viewer-doc-no"), docNo);
    await painted(driver, "doc-viewer");

    // 作废 needs a reason; then the document stays listed with its number, marked 已作废.
    await click(driver, byTestId("doc-void"));
    await click(driver, byTestId("void-confirm"));
    await waitText(driver, byTestId("viewer-result"), "请填写作废原因");
    await typeInto(driver, byTestId("void-reason"), "信访人姓名有误");
    await click(driver, byTestId("void-confirm"));
    await waitVisible(driver, byTestId("viewer-voided"));
    await waitText(driver, byTestId("viewer-result"), /已作废/);
    await click(driver, byTestId("viewer-close"));
    await waitText(driver, byTestId("doc-voided"), "已作废");
    await waitText(driver, byTestId("doc-void-reason"), /信访人姓名有误/);
    await waitText(driver, byTestId("doc-no"), docNo);
    // Reissue: the kind is on offer again and takes a new number.
    await click(driver, byTestId("doc-issue-non_acceptance_notice"));
    await painted(driver, "document-dialog");
    await click(driver, byTestId("document-submit"));
    await waitText(driver, byTestId("viewer-doc-no"), /^测信访不受〔\d{4}〕2号$/, 60000);
  },
  { prepare: declinedCase, env: { XINFANG_PRINT_COMMAND: PRINT_SCRIPT } },
);
