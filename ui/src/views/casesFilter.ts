// The case list's filters live outside the view, so that coming back from a case keeps them.
import { reactive } from "vue";
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
