// The window locks after the office's idle time without keyboard or mouse input; input without
// a command is reported now and then, so that the core's own idle lock agrees.
import { onBeforeUnmount, onMounted } from "vue";
import { lockNow, stillHere } from "@/api/accounts";
import { session, signedOut } from "@/session";

const INPUT_EVENTS = ["pointerdown", "keydown", "wheel", "pointermove"] as const;
/** Input is told to the core at most this often. */
const REPORT_EVERY_MS = 30_000;
const CHECK_EVERY_MS = 1_000;

/** Whether `idleMs` of no input reaches the office's limit of `minutes`. */
export function idleTooLong(idleMs: number, minutes: number): boolean {
  return minutes > 0 && idleMs >= minutes * 60_000;
}

export function useIdleLock() {
  let lastInput = Date.now();
  let lastReport = Date.now();
  let timer: number | undefined;

  function onInput() {
    lastInput = Date.now();
    if (session.signedIn && lastInput - lastReport > REPORT_EVERY_MS) {
      lastReport = lastInput;
      stillHere().catch(() => undefined);
    }
  }

  async function check() {
    if (!session.signedIn) {
      lastInput = Date.now();
      return;
    }
    if (idleTooLong(Date.now() - lastInput, session.info?.idle_lock_minutes ?? 15)) {
      try {
        await lockNow();
      } finally {
        signedOut(true);
      }
    }
  }

  onMounted(() => {
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true });
    timer = window.setInterval(check, CHECK_EVERY_MS);
  });
  onBeforeUnmount(() => {
    for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput);
    window.clearInterval(timer);
  });
}
