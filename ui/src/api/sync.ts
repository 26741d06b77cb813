// 同步: sync packages between offices (export, verified import), keys, conflicts, history and
// the automatic export. Long exports and imports report progress through a Tauri channel.
import { Channel } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { call, inShell } from "./invoke";
import type { AutoExportRun } from "@/types/generated/AutoExportRun";
import type { Keep } from "@/types/generated/Keep";
import type { KeyExport } from "@/types/generated/KeyExport";
import type { KeyFileInfo } from "@/types/generated/KeyFileInfo";
import type { SyncConflict } from "@/types/generated/SyncConflict";
import type { SyncExport } from "@/types/generated/SyncExport";
import type { SyncHistory } from "@/types/generated/SyncHistory";
import type { SyncImportReport } from "@/types/generated/SyncImportReport";
import type { SyncProgress } from "@/types/generated/SyncProgress";
import type { SyncScreenStatus } from "@/types/generated/SyncScreenStatus";
import type { SyncSettings } from "@/types/generated/SyncSettings";
import type { TrustResult } from "@/types/generated/TrustResult";

export function syncStatus(): Promise<SyncScreenStatus> {
  return call<SyncScreenStatus>("sync_status");
}

function progressChannel(onProgress: (p: SyncProgress) => void): Channel<SyncProgress> {
  const channel = new Channel<SyncProgress>();
  channel.onmessage = onProgress;
  return channel;
}

/** The next package into `outDir` (`path` null: nothing new since the last package). */
export function syncExport(outDir: string, full: boolean, onProgress: (p: SyncProgress) => void): Promise<SyncExport> {
  return call<SyncExport>("sync_export", { out_dir: outDir, full, on_progress: progressChannel(onProgress) });
}

export function syncImport(file: string, onProgress: (p: SyncProgress) => void): Promise<SyncImportReport> {
  return call<SyncImportReport>("sync_import", { file, on_progress: progressChannel(onProgress) });
}

export function syncKeyExport(file: string): Promise<KeyExport> {
  return call<KeyExport>("sync_key_export", { file });
}

export function syncTrust(file: string): Promise<TrustResult> {
  return call<TrustResult>("sync_trust", { file });
}

export function syncUntrust(officeCode: string): Promise<void> {
  return call<void>("sync_untrust", { office_code: officeCode });
}

export function syncHistory(limit = 100): Promise<SyncHistory> {
  return call<SyncHistory>("sync_history", { limit });
}

export function syncConflicts(includeResolved: boolean): Promise<SyncConflict[]> {
  return call<SyncConflict[]>("sync_conflicts", { include_resolved: includeResolved });
}

export function syncResolve(id: number, keep: Keep): Promise<SyncConflict> {
  return call<SyncConflict>("sync_resolve", { id, keep });
}

export function setSyncSettings(settings: SyncSettings): Promise<SyncSettings> {
  return call<SyncSettings>("sync_settings_set", { settings });
}

/** Masks ID and phone numbers in the packages exported from now on (or stops masking). */
export function setSyncMasking(masked: boolean): Promise<boolean> {
  return call<boolean>("sync_masking_set", { masked });
}

/** Called when the app's timer wrote a package (or failed to). */
export async function onAutoExport(handler: (run: AutoExportRun) => void): Promise<UnlistenFn> {
  if (!inShell()) return () => {};
  return listen<AutoExportRun>("sync-auto-export", (e) => handler(e.payload));
}

/** Office and fingerprint of a public-key file, to compare by telephone before trusting it. */
export function syncKeyFile(file: string): Promise<KeyFileInfo> {
  return call<KeyFileInfo>("sync_key_file", { file });
}
