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
  text: "",
  sort: "received_at" as SortKey,
  descending: true,
  page: 1,
  pageSize: 50,
});

export type CasesFilter = typeof casesFilter;

/** The filters as the core's `CaseQuery`: empty fields go as null, typed text is trimmed. */
export function caseQuery(f: CasesFilter): CaseQuery {
  return {
    statuses: f.statuses,
    channel: (f.channel || null) as Channel | null,
    overdue: f.due === "overdue",
    near_due: f.due === "near_due",
    received_from: f.range?.[0] ?? null,
    received_to: f.range?.[1] ?? null,
    locality: f.locality.trim() || null,
    text: f.text.trim() || null,
    sort: f.sort,
    descending: f.descending,
    page: f.page,
    page_size: f.pageSize,
  };
}
