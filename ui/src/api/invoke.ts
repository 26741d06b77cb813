// The one place the UI talks to the desktop shell. Every command either returns its value or
// rejects with `{ code, message }` (message already in Chinese); anything else — a missing shell,
// a panic — is turned into the same shape so screens only ever show Chinese messages.
import { invoke } from "@tauri-apps/api/core";

export interface AppErrorPayload {
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = "AppError";
  }
}

function isPayload(e: unknown): e is AppErrorPayload {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as AppErrorPayload).code === "string" &&
    typeof (e as AppErrorPayload).message === "string"
  );
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isPayload(e)) return new AppError(e.code, e.message);
  if (typeof e === "string") return new AppError("internal", `操作失败：${e}`);
  return new AppError("internal", "操作失败，请重试；如问题持续，请联系系统管理员。");
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
    throw toAppError(e);
  }
}
