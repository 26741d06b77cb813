import { call } from "./invoke";
import type { DocumentChoice } from "@/types/generated/DocumentChoice";
import type { DocumentKind } from "@/types/generated/DocumentKind";
import type { IssueReceipt } from "@/types/generated/IssueReceipt";
import type { IssuedDocument } from "@/types/generated/IssuedDocument";

export function documentChoices(caseNo: string): Promise<DocumentChoice[]> {
  return call<DocumentChoice[]>("document_choices", { case_no: caseNo });
}

export function issueDocument(
  actor: string,
  caseNo: string,
  kind: DocumentKind,
  fields: Record<string, string>,
): Promise<IssueReceipt> {
  return call<IssueReceipt>("document_issue", { actor, case_no: caseNo, kind, fields });
}

export function listDocuments(caseNo: string): Promise<IssuedDocument[]> {
  return call<IssuedDocument[]>("documents_list", { case_no: caseNo });
}
