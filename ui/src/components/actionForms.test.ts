import { describe, expect, it } from "vitest";
import type { Action } from "@/types/generated/Action";
import { STATUTORY_CHANNELS } from "@/labels";
import type { ChannelRow } from "@/types/generated/ChannelRow";
import type { Channel } from "@/types/generated/Channel";
import { ACTION_FIELDS, actionHint, buildAction, initialValues, submitLabel, type FormCase, type FormValues } from "./actionForms";
import type { Deadline } from "@/types/generated/Deadline";

type Kind = Action["action"];
type Of<K extends Kind> = Extract<Action, { action: K }>;

// Every field of every core `Action`, and whether the core types it `T | null`. The mapped type
// makes this table follow the generated `Action`: a field added, dropped or made (non-)nullable
// in Rust fails the typecheck here until the table — and then the form — is brought up to date.
const CORE_FIELDS: { [K in Kind]: { [P in Exclude<keyof Of<K>, "action">]-?: null extends Of<K>[P] ? "nullable" : "non-null" } } = {
  classify: { date: "nullable", row_id: "non-null", proposed: "non-null" },
  accept: { date: "nullable", authority: "nullable" },
  decline: { date: "nullable", reason: "non-null", article: "non-null", statutory_channel: "non-null", authority: "non-null" },
  forward: { date: "nullable", authority: "non-null", note: "nullable" },
  separate_litigation: {
    date: "nullable",
    authority: "non-null",
    reason: "non-null",
    statutory_channel: "non-null",
    lawyer_window: "nullable",
    note: "nullable",
  },
  decline_level_skip: { date: "nullable", authority: "nullable" },
  assign: { date: "nullable", authority: "non-null", feedback_due: "non-null", note: "nullable" },
  link_repeat: { date: "nullable", earlier_case_no: "non-null" },
  refuse_repeat: { date: "nullable", reason: "non-null", earlier_case_no: "nullable" },
  extend: { date: "nullable", days: "non-null", reason: "non-null", approver: "non-null" },
  conclude: { date: "nullable", decision: "non-null", facts: "non-null", reasons: "non-null", legal_basis: "non-null" },
  reply: { date: "nullable", received_on: "nullable", method: "nullable" },
  rate_satisfaction: { date: "nullable", satisfaction: "non-null" },
  request_review: { date: "nullable", organ: "non-null", grounds: "non-null" },
  conclude_review: {
    date: "nullable",
    decision: "non-null",
    facts: "non-null",
    reasons: "non-null",
    legal_basis: "non-null",
    received_on: "nullable",
    authority: "nullable",
    due_on: "nullable",
  },
  request_re_review: { date: "nullable", organ: "non-null", grounds: "non-null" },
  conclude_re_review: {
    date: "nullable",
    decision: "non-null",
    facts: "non-null",
    reasons: "non-null",
    legal_basis: "non-null",
    authority: "nullable",
    due_on: "nullable",
  },
  settle: { date: "nullable", mode: "non-null", parties: "non-null", agreement: "non-null" },
  hearing: { date: "nullable", held_from: "non-null", held_to: "non-null", participants: "non-null", outcome: "non-null" },
  revoke: { date: "nullable", reason: "non-null", by: "nullable", authority: "nullable", due_on: "nullable" },
  supervise: { date: "nullable", note: "non-null", authority: "nullable", step: "nullable", reply_by: "nullable", trigger: "nullable", basis: "nullable" },
  respond_supervision: { date: "nullable", response: "non-null" },
  organ_receipt: { date: "nullable" },
  organ_objection: { date: "nullable", reason: "non-null" },
  organ_acceptance: { date: "nullable" },
};
// 分类 is done from the 分类建议 card (a row picked, not a form filled in).
const KINDS = (Object.keys(CORE_FIELDS) as Kind[]).filter((k) => k !== "classify");
// Fields the app fills, not the clerk: the escalation step follows the office's chain, and a
// confirmed suggestion (督办 screen) carries its trigger.
const NOT_TYPED: Partial<Record<Kind, string[]>> = { supervise: ["step", "trigger", "basis"] };

/** A form left empty: every field blank, as a clerk who typed nothing would submit it. */
function blank(kind: Kind): FormValues {
  const v = initialValues(kind, "2026-03-05");
  for (const k of Object.keys(v)) if (!k.endsWith(".kind")) v[k] = "";
  return v;
}

describe("ACTION_FIELDS", () => {
  it("has a form for exactly the actions a clerk submits", () => {
    expect(Object.keys(ACTION_FIELDS).sort()).toEqual([...KINDS].sort());
  });

  it.each(KINDS)("%s: the form's fields are the core action's fields", (kind) => {
    const keys = (ACTION_FIELDS[kind] ?? []).map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    const typed = Object.keys(CORE_FIELDS[kind]).filter((k) => !NOT_TYPED[kind]?.includes(k));
    expect(keys.sort()).toEqual(typed.sort());
  });

  it("offers the statutory channels when declining", () => {
    const channel = ACTION_FIELDS.decline?.find((f) => f.key === "statutory_channel");
    expect(channel?.options).toEqual(STATUTORY_CHANNELS);
  });

  it("bounds an extension to 1–30 days", () => {
    expect(ACTION_FIELDS.extend?.find((f) => f.key === "days")).toMatchObject({ type: "number", min: 1, max: 30 });
  });
});

describe("initialValues", () => {
  it("dates the act today, splits an authority into name and kind, and leaves the rest blank", () => {
    expect(initialValues("assign", "2026-03-05")).toEqual({
      date: "2026-03-05",
      "authority.name": "",
      "authority.kind": "administrative",
      feedback_due: "",
      note: "",
    });
  });

  it("starts a number at its maximum", () => {
    expect(initialValues("extend", "2026-03-05").days).toBe(30);
  });

  it("has nothing for an action without a form", () => {
    expect(initialValues("classify", "2026-03-05")).toEqual({});
    expect(initialValues("register", "2026-03-05")).toEqual({});
  });
});

const row = (fields: Partial<ChannelRow>): ChannelRow => ({
  no: 12,
  id: "Labour-Wages",
  category: "劳动社保",
  problem: "用人单位拖欠工资",
  route: "申请劳动人事争议仲裁",
  basis: "",
  petition_kind: "claim",
  art31_route: 2,
  litigation_related: false,
  authority_kind: "government_department",
  authority: "榕城区劳动人事争议仲裁委员会",
  terms: [],
  ...fields,
});
const routed = (r: ChannelRow | null, channel: Channel = "visit"): FormCase => ({
  channel,
  progress: { routing: r && { on: "2026-03-04", list_version: "2026-12", row: r, proposed: [r.id] } },
});
const courtRow = row({
  id: "Litigation-Judgment",
  problem: "不服法院生效判决",
  litigation_related: true,
  authority_kind: "court",
  authority: "揭阳市榕城区人民法院",
  art31_route: 1,
});

describe("initialValues from the case's classification", () => {
  it("declines towards the classified row's organ, its kind mapped from the row's", () => {
    expect(initialValues("decline", "2026-03-05", routed(row({})))).toMatchObject({
      "authority.name": "榕城区劳动人事争议仲裁委员会",
      "authority.kind": "administrative",
      reason: "",
      statutory_channel: "",
    });
    expect(initialValues("decline", "2026-03-05", routed(courtRow))).toMatchObject({
      "authority.name": "揭阳市榕城区人民法院",
      "authority.kind": "political_legal",
    });
  });

  it("starts a litigation-related decline from a political-legal organ and Art. 28", () => {
    const unrouted = { ...routed(null), litigation_related: true };
    expect(initialValues("decline", "2026-03-05", unrouted)).toMatchObject({
      "authority.name": "",
      "authority.kind": "political_legal",
      article: "《信访工作条例》第二十八条",
      statutory_channel: "申请再审",
    });
    expect(initialValues("decline", "2026-03-05", { ...routed(courtRow), litigation_related: true })).toMatchObject({
      "authority.name": "揭阳市榕城区人民法院",
      article: "《信访工作条例》第二十八条",
    });
  });

  it("leaves a decline blank for an unclassified case", () => {
    expect(initialValues("decline", "2026-03-05", routed(null))).toEqual(initialValues("decline", "2026-03-05"));
  });

  it("separates a litigation matter towards its row's political-legal organ, the channel left to the clerk", () => {
    expect(initialValues("separate_litigation", "2026-03-05", routed(courtRow))).toEqual({
      date: "2026-03-05",
      "authority.name": "揭阳市榕城区人民法院",
      "authority.kind": "political_legal",
      statutory_channel: "",
      reason: "",
      lawyer_window: "",
      note: "",
    });
  });

  it("names no organ for 诉访分离 when the row is not litigation-related, the kind political-legal", () => {
    for (const kase of [routed(row({})), routed(null), null]) {
      expect(initialValues("separate_litigation", "2026-03-05", kase)).toMatchObject({
        "authority.name": "",
        "authority.kind": "political_legal",
      });
    }
  });

  it("prefills nothing else from the classification", () => {
    expect(initialValues("forward", "2026-03-05", routed(courtRow))).toEqual(initialValues("forward", "2026-03-05"));
  });
});

describe("actionHint", () => {
  it("says 诉访分离 declines at the counter and forwards what was written", () => {
    expect(actionHint("separate_litigation", routed(null, "visit"))).toBe("将作出不予受理决定并出具不予受理告知书");
    expect(actionHint("separate_litigation", routed(null, "phone"))).toBe("将作出不予受理决定并出具不予受理告知书");
    for (const channel of ["letter", "online", "referred"] as Channel[]) {
      expect(actionHint("separate_litigation", routed(null, channel))).toBe("将转送政法机关并出具转送函、转送告知书");
    }
  });

  it("says 越级走访 declines with the notice towards the lawful level", () => {
    expect(actionHint("decline_level_skip", null)).toContain("不予受理告知书");
    expect(buildAction("decline_level_skip", { date: "2026-03-05", "authority.name": " ", "authority.kind": "administrative" })).toEqual({
      action: "decline_level_skip",
      date: "2026-03-05",
      authority: null,
    });
  });

  it("says a reply issues the 信访处理意见书 the case still owes, and only then", () => {
    const owed = (met_on: string | null): Deadline => ({
      kind: "handling_opinion",
      start_on: "2026-03-04",
      due_on: "2026-05-06",
      basis: { basis: "fixed", set_by: "测试" },
      explanation: "",
      skipped: [],
      met_on,
    });
    const concluded = (d: Deadline[]): FormCase => ({ ...routed(null, "letter"), deadlines: d });
    expect(actionHint("reply", concluded([owed(null)]))).toContain("尚未出具");
    expect(submitLabel("reply", "答复", concluded([owed(null)]))).toBe("出具意见书并答复");
    expect(actionHint("reply", concluded([owed("2026-04-01")]))).toBe("");
    expect(submitLabel("reply", "答复", concluded([owed("2026-04-01")]))).toBe("确定答复");
    expect(submitLabel("reply", "答复", routed(null))).toBe("确定答复");
  });

  it("says nothing for other actions or without the case", () => {
    expect(actionHint("decline", routed(null))).toBe("");
    expect(actionHint("separate_litigation", null)).toBe("");
  });
});

describe("buildAction", () => {
  it("builds the decline the core expects, text trimmed", () => {
    const v: FormValues = {
      date: "2026-03-05",
      reason: "  该诉求属于劳动争议 ",
      article: "《信访工作条例》第三十一条",
      statutory_channel: "劳动人事争议仲裁",
      "authority.name": " 榕城区劳动人事争议仲裁委员会 ",
      "authority.kind": "administrative",
    };
    const expected: Action = {
      action: "decline",
      date: "2026-03-05",
      reason: "该诉求属于劳动争议",
      article: "《信访工作条例》第三十一条",
      statutory_channel: "劳动人事争议仲裁",
      authority: { name: "榕城区劳动人事争议仲裁委员会", kind: "administrative" },
    };
    expect(buildAction("decline", v)).toEqual(expected);
  });

  it("sends accept without an authority when its name is left empty, with one when given", () => {
    expect(buildAction("accept", { date: "2026-03-05", "authority.name": "  ", "authority.kind": "administrative" })).toEqual({
      action: "accept",
      date: "2026-03-05",
      authority: null,
    });
    expect(buildAction("accept", { date: "2026-03-05", "authority.name": "县人社局", "authority.kind": "political_legal" })).toEqual({
      action: "accept",
      date: "2026-03-05",
      authority: { name: "县人社局", kind: "political_legal" },
    });
  });

  it("keeps a required authority as an object even when empty, for the core to reject", () => {
    const a = buildAction("forward", { date: "2026-03-05", "authority.name": "", "authority.kind": "discipline", note: "" });
    expect(a).toEqual({ action: "forward", date: "2026-03-05", authority: { name: "", kind: "discipline" }, note: null });
  });

  it("builds 诉访分离 with a blank reason and channel as strings, a blank window and note as null", () => {
    const v = initialValues("separate_litigation", "2026-03-05", routed(courtRow, "letter"));
    const expected: Action = {
      action: "separate_litigation",
      date: "2026-03-05",
      authority: { name: "揭阳市榕城区人民法院", kind: "political_legal" },
      statutory_channel: "",
      reason: "",
      lawyer_window: null,
      note: null,
    };
    expect(buildAction("separate_litigation", v)).toEqual(expected);
    expect(
      buildAction("separate_litigation", { ...v, statutory_channel: " 申请再审 ", lawyer_window: " 榕城区信访局律师接访窗口 " }),
    ).toMatchObject({ statutory_channel: "申请再审", lawyer_window: "榕城区信访局律师接访窗口" });
  });

  it("sends a number as a number", () => {
    const a = buildAction("extend", { date: "2026-03-05", days: "15", reason: "情况复杂", approver: "王主任" });
    expect(a).toEqual({ action: "extend", date: "2026-03-05", days: 15, reason: "情况复杂", approver: "王主任" });
  });

  it("sends a blank optional text as null and keeps the grounds of a review request a string", () => {
    expect(buildAction("reply", { date: "2026-03-05", received_on: "", method: "  " })).toEqual({
      action: "reply",
      date: "2026-03-05",
      received_on: null,
      method: null,
    });
    expect(buildAction("request_review", { date: "2026-03-05", organ: "县政府", grounds: "" })).toEqual({
      action: "request_review",
      date: "2026-03-05",
      organ: "县政府",
      grounds: "",
    });
  });

  it.each(KINDS)("%s: a blank form never sends null for a field the core does not allow null", (kind) => {
    const a = buildAction(kind, blank(kind)) as unknown as Record<string, unknown>;
    expect(a.action).toBe(kind);
    for (const [key, nullability] of Object.entries(CORE_FIELDS[kind])) {
      if (nullability === "non-null") expect(a[key], key).not.toBeNull();
    }
  });

  it.each(KINDS)("%s: a blank optional field goes as null", (kind) => {
    const a = buildAction(kind, blank(kind)) as unknown as Record<string, unknown>;
    for (const f of ACTION_FIELDS[kind] ?? []) {
      const nullable = (CORE_FIELDS[kind] as Record<string, string>)[f.key] === "nullable";
      if (nullable && !f.required) expect(a[f.key], f.key).toBeNull();
    }
  });
});
