import { call } from "./invoke";
import type { Office } from "@/types/generated/Office";
import type { DemoSummary } from "@/types/generated/DemoSummary";
import type { NewAccount } from "@/types/generated/NewAccount";

/** Sets up the office with its first administrator, who is signed in afterwards. */
export function initOffice(office: Office, admin: NewAccount): Promise<Office> {
  return call<Office>("office_init", { office, admin });
}

export function updateOffice(office: Office): Promise<Office> {
  return call<Office>("office_update", { office });
}

export function loadDemo(count?: number): Promise<DemoSummary> {
  return call<DemoSummary>("demo_load", { count: count ?? null });
}
