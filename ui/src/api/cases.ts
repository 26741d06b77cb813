import { call } from "./invoke";
import type { Action } from "@/types/generated/Action";
import type { Agenda } from "@/types/generated/Agenda";
import type { Case } from "@/types/generated/Case";
import type { CaseDetail } from "@/types/generated/CaseDetail";
import type { CaseSplit } from "@/types/generated/CaseSplit";
import type { CaseListExport } from "@/types/generated/CaseListExport";
import type { CaseListPage } from "@/types/generated/CaseListPage";
import type { CaseQuery } from "@/types/generated/CaseQuery";
import type { DueList } from "@/types/generated/DueList";
import type { NewCase } from "@/types/generated/NewCase";
import type { PetitionerMerge } from "@/types/generated/PetitionerMerge";

export function registerCase(newCase: NewCase): Promise<Case> {
  return call<Case>("case_register", { new_case: newCase });
}

export function listCases(query: CaseQuery): Promise<CaseListPage> {
  return call<CaseListPage>("case_list", { query });
}

/** Every case `query` matches (all pages) into an .xlsx in the exports folder. */
export function exportCaseList(query: CaseQuery): Promise<CaseListExport> {
  return call<CaseListExport>("case_list_export", { query });
}

/** Opens an export, or with `reveal` selects it in the file manager. */
export function showExport(path: string, reveal: boolean): Promise<void> {
  return call<void>("case_list_export_show", { path, reveal });
}

export function caseDetail(caseNo: string): Promise<CaseDetail> {
  return call<CaseDetail>("case_detail", { case_no: caseNo });
}

export function actOnCase(caseNo: string, action: Action): Promise<Case> {
  return call<Case>("case_act", { case_no: caseNo, action });
}

export function dueList(limit?: number): Promise<DueList> {
  return call<DueList>("due_list", { limit: limit ?? null });
}

/** 期限日程: the open duties due on each day of `[from, to]` (at most 62 days). */
export function agenda(from: string, to: string, limit?: number): Promise<Agenda> {
  return call<Agenda>("agenda", { from, to, limit: limit ?? null });
}

/** Resolves with the normalised number, or rejects with the reason in Chinese. */
export function checkIdNumber(idNumber: string): Promise<string> {
  return call<string>("identity_check", { id_number: idNumber });
}

/** The case page with full ID and phone numbers; the core records who looked and why. */
export function caseUnmask(caseNo: string, reason: string): Promise<CaseDetail> {
  return call<CaseDetail>("case_unmask", { case_no: caseNo, reason });
}

/** 合并信访人记录: the cases changed (one when both records were on one case). */
export function mergePetitioners(merge: PetitionerMerge): Promise<Case[]> {
  return call<Case[]>("petitioners_merge", { merge });
}

/** 拆分信访件: the new case holding the matter taken out. */
export function splitCase(caseNo: string, split: CaseSplit): Promise<Case> {
  return call<Case>("case_split", { case_no: caseNo, split });
}
