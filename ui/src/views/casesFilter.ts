// The case list's filters live outside the view, so that coming back from a case keeps them.
import { reactive } from "vue";
import type { CaseQuery } from "@/types/generated/CaseQuery";
import type { Channel } from "@/types/generated/Channel";
import type { SortKey } from "@/types/generated/SortKey";
import type { Status } from "@/types/generated/Status";

export const casesFilter = reactive({
  statuses: [] as Status[],
  channel: "",
  due: "" as "" | "overdue" | "near_due" | string,
  range: null as [string, string] | null,
  locality: "",
  /** An account, NO_HANDLER for the cases given to no one, "" for all. */
  handler: "",
  matterType: "",
  litigation: "" as "" | "yes" | "no",
  text: "",
  sort: "received_at" as SortKey,
  descending: true,
  page: 1,
  pageSize: 50,
});

export type CasesFilter = typeof casesFilter;

/** Every filter off (the order and page size stay). */
export function clearedFilters(): Omit<CasesFilter, "sort" | "descending" | "pageSize"> {
  return { statuses: [], channel: "", due: "", range: null, locality: "", handler: "", matterType: "", litigation: "", text: "", page: 1 };
}

/** The handler filter's value for 未分派 (an account name cannot start with a dash). */
export const NO_HANDLER = "-";

/** The filters as the core's `CaseQuery`: empty fields go as null, typed text is trimmed. */
export function caseQuery(f: CasesFilter): CaseQuery {
  return {
    statuses: f.statuses,
    channel: (f.channel || null) as Channel | null,
    overdue: f.due === "overdue",
    near_due: f.due === "near_due",
    received_from: f.range?.[0] ?? null,
    received_to: f.range?.[1] ?? null,
    locality: f.locality?.trim() || null,
    handler: f.handler === NO_HANDLER ? "" : f.handler || null,
    matter_type: f.matterType || null,
    litigation_related: f.litigation === "" ? null : f.litigation === "yes",
    text: f.text.trim() || null,
    sort: f.sort,
    descending: f.descending,
    page: f.page,
    page_size: f.pageSize,
  };
}
