import { call } from "./invoke";
import type { Office } from "@/types/generated/Office";
import type { DemoSummary } from "@/types/generated/DemoSummary";

export function initOffice(office: Office): Promise<Office> {
  return call<Office>("office_init", { office });
}

export function updateOffice(office: Office): Promise<Office> {
  return call<Office>("office_update", { office });
}

export function loadDemo(count?: number): Promise<DemoSummary> {
  return call<DemoSummary>("demo_load", { count: count ?? null });
}
