// The fields of each workflow action's dialog. The field keys are the core's `Action` field
// names; the core validates again and has the last word.
import type { Action } from "@/types/generated/Action";
import type { ActionKind } from "@/types/generated/ActionKind";
import type { Case } from "@/types/generated/Case";
import type { Progress } from "@/types/generated/Progress";
import { FIRST_DECISIONS, REVIEW_DECISIONS, STATUTORY_CHANNELS, organAuthorityKind } from "@/labels";

export type FieldType =
  | "date"
  | "text"
  | "textarea"
  | "number"
  | "decision"
  | "satisfaction"
  | "settlement"
  | "authority"
  | "suggest"
  /** An organ's name as text, with the directory's names offered. */
  | "organ";

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  placeholder?: string;
  min?: number;
  max?: number;
  options?: string[];
  /** The authority's name is optional (accept: handled here). */
  optionalAuthority?: boolean;
  /** Optional, yet the core types it `string` (serde default): a blank goes as "", not null. */
  keepBlank?: boolean;
  /** A date that may lie ahead (a deadline someone sets). */
  future?: boolean;
  /** A date that starts as today. */
  today?: boolean;
}

const date: FieldSpec = { key: "date", label: "日期", type: "date", required: true };
const facts: FieldSpec[] = [
  { key: "facts", label: "认定事实", type: "textarea", required: true },
  { key: "reasons", label: "理由", type: "textarea", required: true },
  { key: "legal_basis", label: "法律依据", type: "text", required: true, placeholder: "如：《中华人民共和国劳动合同法》第三十条" },
];
const opinion: FieldSpec[] = [{ key: "decision", label: "处理决定", type: "decision", required: true, options: FIRST_DECISIONS }, ...facts];
/** A review decides on the opinion below; on 撤销 it says who handles the matter again and by when. */
const onReview = (again: string): FieldSpec[] => [
  { key: "decision", label: "复查决定", type: "decision", required: true, options: REVIEW_DECISIONS },
  ...facts,
  { key: "authority", label: `${again}机关`, type: "authority", optionalAuthority: true, placeholder: `撤销时填写；留空由原机关${again}` },
  { key: "due_on", label: `${again}期限`, type: "date", future: true, placeholder: "撤销时可指定；留空按法定期限" },
];
const ARTICLES = ["《信访工作条例》第三十一条", "《信访工作条例》第二十八条", "《信访工作条例》第十九条"];

export const ACTION_FIELDS: Partial<Record<ActionKind, FieldSpec[]>> = {
  accept: [date, { key: "authority", label: "承办机关", type: "authority", optionalAuthority: true, placeholder: "由本机关办理时可留空" }],
  decline: [
    date,
    { key: "reason", label: "不予受理理由", type: "textarea", required: true, placeholder: "如：属于劳动争议，应通过劳动人事争议仲裁解决（告知书写作“经审查，该事项……”）" },
    { key: "article", label: "依据条款", type: "suggest", required: true, options: ARTICLES },
    { key: "statutory_channel", label: "法定途径", type: "suggest", required: true, options: STATUTORY_CHANNELS },
    { key: "authority", label: "有权处理机关", type: "authority", required: true, placeholder: "如：榕城区劳动人事争议仲裁委员会" },
  ],
  forward: [
    date,
    { key: "authority", label: "转送机关", type: "authority", required: true },
    { key: "note", label: "说明", type: "textarea" },
  ],
  // 诉访分离: one dialog for both ways the core takes, by the case's channel (see actionHint).
  separate_litigation: [
    date,
    { key: "authority", label: "政法机关", type: "authority", required: true, placeholder: "如：揭阳市榕城区人民法院" },
    {
      key: "statutory_channel",
      label: "法定途径",
      type: "suggest",
      keepBlank: true,
      options: STATUTORY_CHANNELS,
      placeholder: "来访、来电时告知的法定途径；来信、网上信访转送政法机关，可不填",
    },
    {
      key: "reason",
      label: "不予受理理由",
      type: "textarea",
      keepBlank: true,
      placeholder: "留空则写明“属于涉法涉诉事项，应当依法通过诉讼等法定程序解决”",
    },
    { key: "lawyer_window", label: "律师接访窗口", type: "text", placeholder: "如：榕城区信访局律师接访窗口" },
    { key: "note", label: "转送说明", type: "textarea" },
  ],
  // 越级走访: the reason, article and way come from the core's finding (shown on the case).
  decline_level_skip: [
    date,
    { key: "authority", label: "引导至", type: "authority", optionalAuthority: true, placeholder: "留空则引导至案件页提示的机关" },
  ],
  assign: [
    date,
    { key: "authority", label: "交办机关", type: "authority", required: true },
    { key: "feedback_due", label: "反馈期限", type: "date", required: true, future: true },
    { key: "note", label: "说明", type: "textarea" },
  ],
  link_repeat: [date, { key: "earlier_case_no", label: "在先信访件编号", type: "text", required: true }],
  refuse_repeat: [
    date,
    { key: "reason", label: "不再受理理由", type: "textarea", required: true },
    { key: "earlier_case_no", label: "原信访件编号", type: "text" },
  ],
  extend: [
    date,
    { key: "days", label: "延长天数", type: "number", required: true, min: 1, max: 30 },
    { key: "reason", label: "延期理由", type: "textarea", required: true },
    { key: "approver", label: "批准人", type: "text", required: true },
  ],
  conclude: [date, ...opinion],
  reply: [
    { ...date, label: "答复日期" },
    { key: "received_on", label: "签收日期", type: "date", placeholder: "信访人收到答复的日期，默认同答复日期" },
    { key: "method", label: "送达方式", type: "suggest", options: ["直接送达", "邮寄送达", "电子送达", "留置送达"] },
  ],
  rate_satisfaction: [date, { key: "satisfaction", label: "评价结果", type: "satisfaction", required: true }],
  request_review: [
    { ...date, label: "申请日期" },
    { key: "organ", label: "复查机关", type: "organ", required: true },
    { key: "grounds", label: "申请理由", type: "textarea", keepBlank: true },
  ],
  conclude_review: [
    date,
    ...onReview("重新办理"),
    { key: "received_on", label: "签收日期", type: "date", placeholder: "信访人收到复查意见的日期，默认同办结日期" },
  ],
  request_re_review: [
    { ...date, label: "申请日期" },
    { key: "organ", label: "复核机关", type: "organ", required: true },
    { key: "grounds", label: "申请理由", type: "textarea", keepBlank: true },
  ],
  conclude_re_review: [date, ...onReview("重新复查").map((f) => (f.key === "decision" ? { ...f, label: "复核决定" } : f))],
  // Art. 33: the agreement ends the claim in place of a handling opinion.
  settle: [
    { ...date, label: "达成协议日期" },
    { key: "mode", label: "方式", type: "settlement", required: true },
    { key: "parties", label: "协议各方", type: "text", required: true, placeholder: "如：信访人王某、某某街道办事处" },
    { key: "agreement", label: "协议内容", type: "textarea", required: true, placeholder: "写明各方同意的事项、履行期限" },
  ],
  hearing: [
    { ...date, label: "记录日期" },
    { key: "held_from", label: "听证开始", type: "date", required: true, today: true },
    { key: "held_to", label: "听证结束", type: "date", required: true, today: true },
    { key: "participants", label: "参加人员", type: "textarea", required: true, placeholder: "如：信访人、原办理机关代表、听证员三人" },
    { key: "outcome", label: "听证结果", type: "textarea", required: true },
  ],
  revoke: [
    date,
    { key: "reason", label: "撤销理由", type: "textarea", required: true, placeholder: "如：该事项属于劳动保障监察职责，原办理机关无权处理" },
    { key: "by", label: "撤销机关", type: "organ" },
    { key: "authority", label: "有权处理机关", type: "authority", optionalAuthority: true, placeholder: "留空由原办理机关重新办理" },
    { key: "due_on", label: "重新办理期限", type: "date", future: true, placeholder: "留空按法定期限" },
  ],
  organ_receipt: [{ ...date, label: "签收日期", placeholder: "有权处理机关收到转送、交办材料的日期" }],
  organ_objection: [
    { ...date, label: "异议日期" },
    { key: "reason", label: "异议理由", type: "textarea", required: true, placeholder: "如：该事项属于街道办事处职责范围，已退回材料" },
  ],
  organ_acceptance: [{ ...date, label: "受理日期" }],
  supervise: [
    date,
    { key: "note", label: "督办事项", type: "textarea", required: true },
    { key: "authority", label: "被督办单位", type: "organ" },
    { key: "reply_by", label: "回复期限", type: "date", future: true, placeholder: "留空按本机关督办设置" },
  ],
  respond_supervision: [
    { ...date, label: "回复日期" },
    { key: "response", label: "回复内容", type: "textarea", required: true, placeholder: "被督办单位报送的办理情况" },
  ],
};

export type FormValues = Record<string, string | number | null>;

/** What of the case a form is prefilled from. */
export type FormCase = Pick<Case, "channel"> & Partial<Pick<Case, "litigation_related" | "deadlines">> & { progress: Pick<Progress, "routing"> };

/** A written reply serves the 信访处理意见书: the case still owes it (the core issues it with the reply). */
export const owesOpinion = (kase?: FormCase | null) =>
  (kase?.deadlines ?? []).some((d) => d.kind === "handling_opinion" && !d.met_on);

/**
 * The form as it opens: dated today, blank, except for the organ the case's classification
 * already names — the clerk chose the list row, so its organ is the likely addressee.
 */
export function initialValues(kind: ActionKind, today: string, kase?: FormCase | null): FormValues {
  const v: FormValues = {};
  for (const f of ACTION_FIELDS[kind] ?? []) {
    if (f.type === "authority") {
      v[`${f.key}.name`] = "";
      v[`${f.key}.kind`] = "administrative";
    } else if (f.key === "date" || f.today) {
      v[f.key] = today;
    } else if (f.type === "number") {
      v[f.key] = f.max ?? 1;
    } else if (f.type === "settlement") {
      v[f.key] = "mediation";
    } else {
      v[f.key] = "";
    }
  }
  const row = kase?.progress.routing?.row;
  if (kind === "decline" && kase?.litigation_related && !row?.litigation_related) {
    // 诉访分离 (Art. 28): a litigation-related matter goes to a political-legal organ.
    v["authority.kind"] = "political_legal";
    v.article = "《信访工作条例》第二十八条";
    v.statutory_channel = "申请再审";
  } else if (kind === "decline" && row) {
    v["authority.name"] = row.authority;
    v["authority.kind"] = organAuthorityKind(row.authority_kind);
    if (row.litigation_related) v.article = "《信访工作条例》第二十八条";
  } else if (kind === "separate_litigation") {
    // The core takes a litigation matter only to a political-legal organ; a row that is not
    // litigation-related names some other organ, which would only be refused.
    const litigation = row?.litigation_related;
    v["authority.name"] = litigation ? row.authority : "";
    v["authority.kind"] = litigation ? organAuthorityKind(row.authority_kind) : "political_legal";
  }
  return v;
}

/** A grey line under the dialog's title saying what the action will do for this case. */
export function actionHint(kind: ActionKind, kase?: FormCase | null): string {
  if (kind === "decline_level_skip") return "将作出不予受理决定并出具不予受理告知书，引导信访人到有权处理的本级或者上一级机关";
  if (kind === "reply" && owesOpinion(kase))
    return "书面答复即送达信访处理意见书，该件尚未出具：确定后将按办结意见出具信访处理意见书（编文号）并记录答复。如需先修改意见书文字，请取消并在“文书”中出具。";
  if (kind !== "separate_litigation" || !kase) return "";
  return kase.channel === "visit" || kase.channel === "phone"
    ? "将作出不予受理决定并出具不予受理告知书"
    : "将转送政法机关并出具转送函、转送告知书";
}

/** The dialog's confirm button: says so when a reply issues the opinion with it. */
export const submitLabel = (kind: ActionKind, label: string, kase?: FormCase | null) =>
  kind === "reply" && owesOpinion(kase) ? "出具意见书并答复" : `确定${label}`;

/** The flat form values as the core's `Action`. */
export function buildAction(kind: ActionKind, v: FormValues): Action {
  const a: Record<string, unknown> = { action: kind };
  for (const f of ACTION_FIELDS[kind] ?? []) {
    if (f.type === "authority") {
      const name = String(v[`${f.key}.name`] ?? "").trim();
      a[f.key] = name || !f.optionalAuthority ? { name, kind: v[`${f.key}.kind`] } : null;
    } else if (f.type === "number") {
      a[f.key] = Number(v[f.key]);
    } else {
      const s = String(v[f.key] ?? "").trim();
      // Optional fields the core types as `T | null` go as null; required text stays a string.
      a[f.key] = s || f.required || f.keepBlank ? s : null;
    }
  }
  return a as Action;
}
