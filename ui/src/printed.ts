// How a print went, told in a toast: green when a printer took it, grey when the viewer opened.
import { ElMessage } from "element-plus";
import type { PrintOutcome } from "@/types/generated/PrintOutcome";

/** `what` (e.g. "受理登记簿（12件）") leads the message when given. */
export function tellPrinted(outcome: PrintOutcome, what?: string) {
  ElMessage({
    type: outcome.way === "printer" ? "success" : "info",
    message: what ? `${what}：${outcome.message}` : outcome.message,
    duration: 6000,
  });
}
