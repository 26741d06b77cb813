// Driving the case page as a clerk does: open a case from the list, take an action through its
// dialog and wait for it on the timeline.
import { byTestId, click, waitText, waitVisible, STEP_MS } from "./harness.mjs";

export async function openFromList(driver, no, ms = STEP_MS) {
  await click(driver, byTestId("menu-cases"));
  await waitText(driver, byTestId("row-case-no"), no, ms);
  await click(driver, byTestId("row-title"));
  await waitText(driver, byTestId("detail-case-no"), no, ms);
}

/** Opens `action`'s dialog, lets `fill` complete it, submits, and waits for its timeline event. */
export async function act(driver, action, fill = async () => {}, ms = STEP_MS) {
  await click(driver, byTestId(`action-${action}`));
  await waitVisible(driver, byTestId("action-dialog"));
  await fill();
  await click(driver, byTestId("action-submit"));
  await waitVisible(driver, byTestId(`event-${action}`), ms);
}
