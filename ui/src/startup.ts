// Launch timing: the UI tells the shell when the first screen is usable (工作台 painted with its
// data), with its own steps on the way. The shell prints them only when XINFANG_STARTUP_LOG is
// set (bench/desktop.sh); otherwise the report is one cheap call, made once.
import { call } from "@/api/invoke";

const marks: Array<[string, number]> = [["page", performance.timeOrigin]];
let reported = false;

/** Records a step, as epoch milliseconds (the shell compares them with its own start). */
export function mark(name: string) {
  if (!reported) marks.push([name, performance.timeOrigin + performance.now()]);
}

/** The first screen is shown with its data: report once, after the next frame is painted. */
export function firstScreenUsable() {
  if (reported) return;
  reported = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      marks.push(["usable", performance.timeOrigin + performance.now()]);
      call("ui_ready", { marks }).catch(() => {});
    }, 0),
  );
}
