// The one place the UI talks to the desktop shell. Every command either returns its value or
// rejects with `{ code, message, field? }` (message already in Chinese); anything else — a
// malformed request, a missing shell — is turned into the same shape, so screens only ever show
// Chinese messages and never a raw error string.
import { invoke } from "@tauri-apps/api/core";
import type { UiError } from "@/types/generated/UiError";
import { signedOut } from "@/session";

export class AppError extends Error {
  readonly code: string;
  readonly field?: string;
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
    this.name = "AppError";
  }
}

function isUiError(e: unknown): e is UiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as UiError).code === "string" &&
    typeof (e as UiError).message === "string"
  );
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isUiError(e)) return new AppError(e.code, e.message, e.field);
  // Tauri reports malformed arguments as a plain string: a bug, not the clerk's fault.
  console.error("desk command failed:", e);
  return new AppError("internal", "操作未能完成，请重试；如问题持续出现，请联系系统管理员。");
}

/** True when the page runs inside the desktop shell (not in a plain browser). */
export function inShell(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!inShell()) {
    throw new AppError("no_shell", "未在桌面程序中运行，无法访问案件数据库。");
  }
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    const err = toAppError(e);
    // Locked for inactivity, or signed out: the sign-in screen takes over.
    if (err.code === "locked" || err.code === "not_signed_in") signedOut(err.code === "locked");
    throw err;
  }
}
