// 法定途径清单: the statutory-channel list in use, its import and export as a file (by path),
// and the rows the list proposes for a case.
import { call } from "./invoke";
import type { ChannelImport } from "@/types/generated/ChannelImport";
import type { ChannelList } from "@/types/generated/ChannelList";
import type { Proposal } from "@/types/generated/Proposal";

export function channelsList(): Promise<ChannelList> {
  return call<ChannelList>("channels_list");
}

/**
 * Imports an .xlsx or .json file as the new version in use. `version` names it (a blank one
 * leaves the sheet's own 清单版本, or the file name); a bad sheet rejects with `invalid_sheet`
 * and a message naming the row and column.
 */
export function channelsImport(actor: string, path: string, version?: string | null): Promise<ChannelImport> {
  return call<ChannelImport>("channels_import", { actor, path: path.trim(), version: version?.trim() || null });
}

/** Writes the list in use to `path` (.xlsx for Excel, or .json); resolves with what was written. */
export function channelsExport(path: string): Promise<ChannelList> {
  return call<ChannelList>("channels_export", { path: path.trim() });
}

/** The list's rows a case most likely belongs to, best first, each with why. */
export function caseProposals(caseNo: string): Promise<Proposal[]> {
  return call<Proposal[]>("case_propose", { case_no: caseNo });
}
