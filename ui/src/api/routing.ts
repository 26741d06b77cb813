// 法定途径清单: the statutory-channel list in use, its import and export as a file (by path),
// the rows the list proposes for a case, how well those proposals did, and the directory of
// authorities decisions and letters name.
import { call } from "./invoke";
import type { ChannelImport } from "@/types/generated/ChannelImport";
import type { ChannelList } from "@/types/generated/ChannelList";
import type { Directory } from "@/types/generated/Directory";
import type { FieldAccuracy } from "@/types/generated/FieldAccuracy";
import type { Proposal } from "@/types/generated/Proposal";

export function channelsList(): Promise<ChannelList> {
  return call<ChannelList>("channels_list");
}

/**
 * Imports an .xlsx or .json file as the new version in use. `version` names it (a blank one
 * leaves the sheet's own 清单版本, or the file name); a bad sheet rejects with `invalid_sheet`
 * and a message naming the row and column.
 */
export function channelsImport(path: string, version?: string | null): Promise<ChannelImport> {
  return call<ChannelImport>("channels_import", { path: path.trim(), version: version?.trim() || null });
}

/** Writes the list in use to `path` (.xlsx for Excel, or .json); resolves with what was written. */
export function channelsExport(path: string): Promise<ChannelList> {
  return call<ChannelList>("channels_export", { path: path.trim() });
}

/** The list's rows a case most likely belongs to, best first, each with why. */
export function caseProposals(caseNo: string): Promise<Proposal[]> {
  return call<Proposal[]>("case_propose", { case_no: caseNo });
}

/** On the office's classified cases: how often the clerk's row was the first proposal, or among three. */
export function routingAccuracy(): Promise<FieldAccuracy> {
  return call<FieldAccuracy>("routing_accuracy");
}

/** The directory of organs, for picking an authority by name. */
export function authoritiesList(): Promise<Directory> {
  return call<Directory>("authorities_list");
}

/** The list's rows a registration being typed most likely belongs to (no case number yet). */
export function registrationProposals(title: string, content: string): Promise<Proposal[]> {
  return call<Proposal[]>("registration_propose", { title, content });
}
