// Texts and settings of 设置 › 备份, kept out of the component so they can be tested without a shell.
import type { BackupCheck } from "@/types/generated/BackupCheck";
import type { BackupCreated } from "@/types/generated/BackupCreated";
import type { BackupScheduleStatus } from "@/types/generated/BackupScheduleStatus";
import type { Restored } from "@/types/generated/Restored";
import type { Rotation } from "@/types/generated/Rotation";

export const DEFAULT_ROTATION: Rotation = { daily: 7, weekly: 4, monthly: 12 };

/** What the clerk is told after 立即备份: where it went, and how many old ones the rotation removed. */
export function backupCreatedText(created: BackupCreated): string {
  const removed = created.removed.length;
  return `已备份并校验通过：${created.backup.path}${removed ? `，按保留规则清理旧备份 ${removed} 份` : ""}`;
}

/** A check's outcome in one line: 完好, or every problem found. */
export function backupCheckText(check: BackupCheck): string {
  return check.problems.length ? check.problems.join("；") : "完好";
}

function count(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/**
 * A rotation from what the screen holds or had saved. A cleared or damaged number falls back to
 * its default, never to 0: keeping fewer backups than meant deletes the others for good.
 */
export function toRotation(value: unknown): Rotation {
  const v = (typeof value === "object" && value !== null ? value : {}) as Partial<Record<keyof Rotation, unknown>>;
  return {
    daily: count(v.daily, DEFAULT_ROTATION.daily),
    weekly: count(v.weekly, DEFAULT_ROTATION.weekly),
    monthly: count(v.monthly, DEFAULT_ROTATION.monthly),
  };
}

/** The rotation saved on this machine (JSON), or the defaults. */
export function parseRotation(saved: string | null): Rotation {
  if (!saved) return { ...DEFAULT_ROTATION };
  try {
    return toRotation(JSON.parse(saved));
  } catch {
    return { ...DEFAULT_ROTATION };
  }
}

/** What the sign-in screen says after a restore: from when, and where the replaced database is. */
export function restoredText(restored: Restored, takenAt: string): string {
  const aside = restored.previous ? `；恢复前的数据库已另存为 ${restored.previous}` : "";
  return `已从 ${takenAt} 的备份恢复数据库${aside}。请重新登录。`;
}

/**
 * 定时备份 in a line: off, or when it runs, where to, and when next; `when` formats an
 * instant in office time.
 */
export function scheduleText(status: BackupScheduleStatus, when: (at: string) => string): string {
  const s = status.schedule;
  if (!s.folder) return "定时备份未开启";
  const next = status.next_due_at ? `；下次：${when(status.next_due_at)}` : "";
  return `每天 ${s.at} 备份到 ${s.folder}${next}`;
}

/** What the scheduled backups last did: the last one written, and a failure since. */
export function lastRunText(status: BackupScheduleStatus, when: (at: string) => string): { ok: string; failed: string } {
  const r = status.runs;
  return {
    ok: r.last_success_at ? `上次定时备份：${when(r.last_success_at)}，${r.last_path ?? ""}` : "",
    failed: r.last_failure_at ? `${when(r.last_failure_at)} 定时备份失败：${r.last_error ?? ""}（稍后自动重试）` : "",
  };
}
