/// <reference types="node" />
import { describe, expect, it } from "vitest";
import type { AuthorityKind } from "@/types/generated/AuthorityKind";
import type { DeadlineState } from "@/types/generated/DeadlineState";
import type { Decision } from "@/types/generated/Decision";
import type { OrganKind } from "@/types/generated/OrganKind";
import type { PeriodUnit } from "@/types/generated/PeriodUnit";
import type { Purpose } from "@/types/generated/Purpose";
import type { Satisfaction } from "@/types/generated/Satisfaction";
import type { Status } from "@/types/generated/Status";
import {
  AUTHORITY_KINDS,
  DECISIONS,
  MATTER_TYPES,
  PERIOD_UNITS,
  PURPOSES,
  SATISFACTIONS,
  STATUTORY_CHANNELS,
  organAuthorityKind,
  pick,
  stateTagType,
  statusTagType,
} from "./labels";

// Every value of each generated enum. `Record<Enum, true>` makes the typecheck fail here when the
// core adds or drops a value, so these lists cannot silently fall behind the Rust enums.
const PURPOSE: Record<Purpose, true> = { suggestion: true, accusation: true, claim: true };
const DECISION: Record<Decision, true> = { support: true, explain: true, reject: true, uphold: true, change: true, revoke: true };
const SATISFACTION: Record<Satisfaction, true> = { satisfied: true, basically_satisfied: true, dissatisfied: true };
const AUTHORITY_KIND: Record<AuthorityKind, true> = { administrative: true, political_legal: true, discipline: true, petition: true };
const PERIOD_UNIT: Record<PeriodUnit, true> = { calendar_days: true, working_days: true };

const HAN = /\p{Script=Han}/u;

describe.each([
  ["PURPOSES", PURPOSES, PURPOSE],
  ["DECISIONS", DECISIONS, DECISION],
  ["SATISFACTIONS", SATISFACTIONS, SATISFACTION],
  ["AUTHORITY_KINDS", AUTHORITY_KINDS, AUTHORITY_KIND],
  ["PERIOD_UNITS", PERIOD_UNITS, PERIOD_UNIT],
] as Array<[string, Array<[string, string]>, Record<string, true>]>)("%s", (_name, pairs, all) => {
  it("labels every value of the enum once", () => {
    expect(pairs.map(([k]) => k).sort()).toEqual(Object.keys(all).sort());
  });

  it("labels in Chinese, no two values alike", () => {
    for (const [key, label] of pairs) expect(label, key).toMatch(HAN);
    expect(new Set(pairs.map(([, l]) => l)).size).toBe(pairs.length);
  });
});

describe.each([
  ["MATTER_TYPES", MATTER_TYPES],
  ["STATUTORY_CHANNELS", STATUTORY_CHANNELS],
])("%s", (_name, list) => {
  it("is a list of distinct Chinese names", () => {
    expect(list.length).toBeGreaterThan(0);
    for (const s of list) expect(s).toMatch(HAN);
    expect(new Set(list).size).toBe(list.length);
  });
});

describe("pick", () => {
  it("finds a value's label", () => {
    expect(pick(DECISIONS, "explain")).toBe("解释说明");
    expect(pick(AUTHORITY_KINDS, "petition")).toBe("信访部门 / 乡镇");
  });

  it("is empty for no value", () => {
    expect(pick(PURPOSES, null)).toBe("");
    expect(pick(PURPOSES, undefined)).toBe("");
  });

  it("shows an unknown value as it is rather than nothing", () => {
    expect(pick(PURPOSES, "petition_new" as Purpose)).toBe("petition_new");
  });
});

describe("organAuthorityKind", () => {
  // Keyed by every OrganKind, so a kind added in Rust fails the typecheck until it is mapped here.
  const expected: Record<OrganKind, AuthorityKind> = {
    court: "political_legal",
    procuratorate: "political_legal",
    public_security: "political_legal",
    justice_bureau: "political_legal",
    discipline_inspection: "discipline",
    petition_office: "petition",
    government_department: "administrative",
    township_government: "administrative",
  };
  it.each(Object.entries(expected) as Array<[OrganKind, AuthorityKind]>)("%s → %s", (organ, kind) => {
    expect(organAuthorityKind(organ)).toBe(kind);
  });
});

type Tag = ReturnType<typeof statusTagType>;

describe("stateTagType", () => {
  const expected: Record<DeadlineState, Tag> = {
    on_time: "primary",
    near_due: "warning",
    overdue: "danger",
    met_on_time: "success",
    met_late: "danger",
  };
  it.each(Object.entries(expected))("%s → %s", (state, tag) => {
    expect(stateTagType(state as DeadlineState)).toBe(tag);
  });

  it("is neutral without a state", () => {
    expect(stateTagType(null)).toBe("info");
    expect(stateTagType(undefined)).toBe("info");
  });
});

describe("statusTagType", () => {
  const expected: Record<Status, Tag> = {
    registered: "warning",
    accepted: "primary",
    declined: "danger",
    forwarded: "success",
    assigned: "primary",
    refused_repeat: "danger",
    concluded: "success",
    replied: "success",
    review_requested: "primary",
    reviewed: "success",
    re_review_requested: "primary",
    terminated: "info",
  };
  it.each(Object.entries(expected))("%s → %s", (status, tag) => {
    expect(statusTagType(status as Status)).toBe(tag);
  });
});
