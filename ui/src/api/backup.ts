// 备份: a checked backup of the office (database, issued documents, manifest) into a folder, the
// backups a folder holds, a check of one, and a restore that replaces the open database.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { call, inShell } from "./invoke";
import type { BackupSchedule } from "@/types/generated/BackupSchedule";
import type { BackupScheduleStatus } from "@/types/generated/BackupScheduleStatus";
import type { BackupCheck } from "@/types/generated/BackupCheck";
import type { BackupCreated } from "@/types/generated/BackupCreated";
import type { BackupInfo } from "@/types/generated/BackupInfo";
import type { Restored } from "@/types/generated/Restored";
import type { Rotation } from "@/types/generated/Rotation";

/**
 * Makes a backup under `folder` (a full path), checks it, then removes the office's older
 * backups there beyond `rotation` (none: the shell's default, 7 daily, 4 weekly, 12 monthly).
 */
export function backupCreate(folder: string, rotation?: Rotation | null): Promise<BackupCreated> {
  return call<BackupCreated>("backup_create", { folder: folder.trim(), rotation: rotation ?? null });
}

/** The backups in `folder`, newest first; rejects when the folder cannot be read. */
export function backupList(folder: string): Promise<BackupInfo[]> {
  return call<BackupInfo[]>("backup_list", { folder: folder.trim() });
}

/** Checks a backup as a restore would; no problems listed means it can be restored. */
export function backupVerify(path: string): Promise<BackupCheck> {
  return call<BackupCheck>("backup_verify", { path });
}

/**
 * Replaces the office's database and documents with the backup at `path` (checked first; a
 * damaged or another office's backup is refused with nothing changed). The database before the
 * restore is kept beside it; nobody is signed in to the restored one.
 */
export function backupRestore(path: string): Promise<Restored> {
  return call<Restored>("backup_restore", { path });
}

/** 定时备份: the schedule, what the scheduled backups last did, when the next is due. */
export function backupSchedule(): Promise<BackupScheduleStatus> {
  return call<BackupScheduleStatus>("backup_schedule");
}

/** Turns the scheduled backup on (a folder, `HH:MM`, a rotation) or off (`folder: null`). */
export function setBackupSchedule(schedule: BackupSchedule): Promise<BackupScheduleStatus> {
  return call<BackupScheduleStatus>("backup_schedule_set", { schedule });
}

/** Called when the app's timer ran the scheduled backup (written or failed). */
export async function onScheduledBackup(handler: () => void): Promise<UnlistenFn> {
  if (!inShell()) return () => {};
  return listen("backup-scheduled", () => handler());
}
