import { call } from "./invoke";
import type { ChainReport } from "@/types/generated/ChainReport";

/** Reads every chained event, document and disclosure back and checks the hash chain. */
export function auditVerify(): Promise<ChainReport> {
  return call<ChainReport>("audit_verify");
}
