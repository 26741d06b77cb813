import { describe, expect, it } from "vitest";
import { isReactive } from "vue";
import type { CaseQuery } from "@/types/generated/CaseQuery";
import { caseQuery, casesFilter, clearedFilters, NO_HANDLER, type CasesFilter } from "./casesFilter";

const fresh = (over: Partial<CasesFilter> = {}): CasesFilter => ({
  ...clearedFilters(),
  sort: "received_at",
  descending: true,
  page: 1,
  pageSize: 50,
  ...over,
});

const ALL_CASES: CaseQuery = {
  statuses: [],
  channel: null,
  overdue: false,
  near_due: false,
  received_from: null,
  received_to: null,
  locality: null,
  handler: null,
  matter_type: null,
  litigation_related: null,
  text: null,
  sort: "received_at",
  descending: true,
  page: 1,
  page_size: 50,
};

describe("casesFilter", () => {
  it("is shared reactive state, so the list keeps its filters when the clerk comes back", () => {
    expect(isReactive(casesFilter)).toBe(true);
  });

  it("starts with no filter: the newest cases first, 50 a page", () => {
    expect(caseQuery(casesFilter)).toEqual(ALL_CASES);
  });
});

describe("caseQuery", () => {
  it("sends empty filters as null", () => {
    expect(caseQuery(fresh())).toEqual(ALL_CASES);
  });

  it("maps every filter to its field of the core's query", () => {
    const q = caseQuery(
      fresh({
        statuses: ["registered", "accepted"],
        channel: "visit",
        due: "overdue",
        range: ["2026-03-01", "2026-03-31"],
        locality: "445202",
        handler: "chenzq",
        matterType: "城乡建设",
        litigation: "yes",
        text: "欠薪",
        sort: "next_due",
        descending: false,
        page: 3,
        pageSize: 20,
      }),
    );
    expect(q).toEqual({
      statuses: ["registered", "accepted"],
      channel: "visit",
      overdue: true,
      near_due: false,
      received_from: "2026-03-01",
      received_to: "2026-03-31",
      locality: "445202",
      handler: "chenzq",
      matter_type: "城乡建设",
      litigation_related: true,
      text: "欠薪",
      sort: "next_due",
      descending: false,
      page: 3,
      page_size: 20,
    });
  });

  it("asks for the unassigned cases with an empty handler, and for the others by litigation", () => {
    expect(caseQuery(fresh({ handler: NO_HANDLER }))).toMatchObject({ handler: "" });
    expect(caseQuery(fresh({ handler: "" }))).toMatchObject({ handler: null });
    expect(caseQuery(fresh({ litigation: "no" }))).toMatchObject({ litigation_related: false });
  });

  it("turns the due filter into exactly one of overdue / near_due, or neither", () => {
    expect(caseQuery(fresh({ due: "overdue" }))).toMatchObject({ overdue: true, near_due: false });
    expect(caseQuery(fresh({ due: "near_due" }))).toMatchObject({ overdue: false, near_due: true });
    expect(caseQuery(fresh({ due: "" }))).toMatchObject({ overdue: false, near_due: false });
    // A link with an unknown ?due= filters nothing rather than everything.
    expect(caseQuery(fresh({ due: "tomorrow" }))).toMatchObject({ overdue: false, near_due: false });
  });

  it("trims typed text, and typed blanks filter nothing", () => {
    expect(caseQuery(fresh({ locality: " 4452 ", text: "  张三 " }))).toMatchObject({ locality: "4452", text: "张三" });
    expect(caseQuery(fresh({ locality: "   ", text: "\t" }))).toMatchObject({ locality: null, text: null });
  });
});
