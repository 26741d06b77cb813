import { call } from "./invoke";
import type { DocumentChoice } from "@/types/generated/DocumentChoice";
import type { DocumentKind } from "@/types/generated/DocumentKind";
import type { IssueReceipt } from "@/types/generated/IssueReceipt";
import type { IssuedDocument } from "@/types/generated/IssuedDocument";
import type { PrintOutcome } from "@/types/generated/PrintOutcome";
import type { CounterPaper } from "@/types/generated/CounterPaper";
import type { CounterPrint } from "@/types/generated/CounterPrint";
import type { LedgerPrint } from "@/types/generated/LedgerPrint";
import type { CaseQuery } from "@/types/generated/CaseQuery";
import type { DocumentSettings } from "@/types/generated/DocumentSettings";

export function documentChoices(caseNo: string): Promise<DocumentChoice[]> {
  return call<DocumentChoice[]>("document_choices", { case_no: caseNo });
}

export function issueDocument(
  caseNo: string,
  kind: DocumentKind,
  fields: Record<string, string>,
): Promise<IssueReceipt> {
  return call<IssueReceipt>("document_issue", { case_no: caseNo, kind, fields });
}

export function listDocuments(caseNo: string): Promise<IssuedDocument[]> {
  return call<IssuedDocument[]>("documents_list", { case_no: caseNo });
}

/** 预览: the PDF as it would be issued, numbered `…〔年〕草稿`; takes no number, stores nothing. */
export function draftDocument(caseNo: string, kind: DocumentKind, fields: Record<string, string>): Promise<ArrayBuffer> {
  return call<ArrayBuffer>("document_draft", { case_no: caseNo, kind, fields });
}

/** An issued document's stored PDF, checked against its recorded hash. */
export function documentPdf(docNo: string): Promise<ArrayBuffer> {
  return call<ArrayBuffer>("document_pdf", { doc_no: docNo });
}

export function voidDocument(docNo: string, reason: string): Promise<IssuedDocument> {
  return call<IssuedDocument>("document_void", { doc_no: docNo, reason });
}

/** 打印: to the default printer (CUPS, the Windows print verb) or into the default viewer. */
export function printDocument(docNo: string): Promise<PrintOutcome> {
  return call<PrintOutcome>("document_print", { doc_no: docNo });
}

export function openDocument(docNo: string): Promise<void> {
  return call<void>("document_open", { doc_no: docNo });
}

/** 打开所在文件夹: the file selected in the file manager. */
export function revealDocument(docNo: string): Promise<void> {
  return call<void>("document_reveal", { doc_no: docNo });
}

/** 打印回执 / 打印登记表: laid out from the case as it stands, then printed. */
export function printCounterPaper(caseNo: string, paper: CounterPaper): Promise<CounterPrint> {
  return call<CounterPrint>("counter_paper_print", { case_no: caseNo, paper });
}

/** 打印受理登记簿: the matters received on `[from, to]`, laid out and printed. */
export function printReceivedRegister(from: string, to: string): Promise<LedgerPrint> {
  return call<LedgerPrint>("received_register_print", { from, to });
}

/** 打印 on the case list: every case `query` matches (all pages). */
export function printCaseList(query: CaseQuery): Promise<LedgerPrint> {
  return call<LedgerPrint>("case_list_print", { query });
}

export function documentSettings(): Promise<DocumentSettings> {
  return call<DocumentSettings>("document_settings");
}

export function setDocumentSettings(settings: DocumentSettings): Promise<DocumentSettings> {
  return call<DocumentSettings>("document_settings_set", { settings });
}
