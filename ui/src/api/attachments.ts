import { call } from "./invoke";
import type { Attachment } from "@/types/generated/Attachment";
import type { AttachmentKind } from "@/types/generated/AttachmentKind";

export function attachmentsList(caseNo: string): Promise<Attachment[]> {
  return call<Attachment[]>("attachments_list", { case_no: caseNo });
}

export function attachmentAdd(caseNo: string, path: string, kind: AttachmentKind, note: string | null): Promise<Attachment> {
  return call<Attachment>("attachment_add", { case_no: caseNo, path, kind, note });
}

export function attachmentWithdraw(id: string, reason: string): Promise<Attachment> {
  return call<Attachment>("attachment_withdraw", { id, reason });
}

export function attachmentOpen(id: string): Promise<void> {
  return call<void>("attachment_open", { id });
}
