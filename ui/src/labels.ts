// Labels the core does not (yet) provide, and the colours of states. The core's own labels
// (status, channel, action, deadline kind and state) come from `app_info` (see session.ts).
import type { AuthorityKind } from "@/types/generated/AuthorityKind";
import type { DeadlineState } from "@/types/generated/DeadlineState";
import type { Finality } from "@/types/generated/Finality";
import type { Decision } from "@/types/generated/Decision";
import type { OrganKind } from "@/types/generated/OrganKind";
import type { PeriodUnit } from "@/types/generated/PeriodUnit";
import type { Purpose } from "@/types/generated/Purpose";
import type { Satisfaction } from "@/types/generated/Satisfaction";
import type { SettlementMode } from "@/types/generated/SettlementMode";
import type { Status } from "@/types/generated/Status";

export const PURPOSES: Array<[Purpose, string]> = [
  ["suggestion", "建议意见类"],
  ["accusation", "检举控告类"],
  ["claim", "申诉求决类"],
];

/** A handling opinion's decisions (Art. 32), then a review's on the opinion below (Arts. 35, 36). */
export const DECISIONS: Array<[Decision, string]> = [
  ["support", "支持"],
  ["explain", "解释说明"],
  ["reject", "不予支持"],
  ["uphold", "维持"],
  ["change", "变更"],
  ["revoke", "撤销"],
];
export const FIRST_DECISIONS: Decision[] = ["support", "explain", "reject"];
export const REVIEW_DECISIONS: Decision[] = ["uphold", "change", "revoke"];

/** Why an earlier opinion is final, as a 不再受理 states it (Arts. 35, 36). */
export const FINALITIES: Record<Finality, string> = {
  re_reviewed: "已复核终结",
  review_window_lapsed: "逾期未请求复查，处理意见已生效",
  re_review_window_lapsed: "逾期未请求复核，复查意见已生效",
  already_refused: "此前已告知不再受理",
};

export const SATISFACTIONS: Array<[Satisfaction, string]> = [
  ["satisfied", "满意"],
  ["basically_satisfied", "基本满意"],
  ["dissatisfied", "不满意"],
];

export const SETTLEMENT_MODES: Array<[SettlementMode, string]> = [
  ["mediation", "调解"],
  ["reconciliation", "和解"],
];

export const AUTHORITY_KINDS: Array<[AuthorityKind, string]> = [
  ["administrative", "行政机关"],
  ["political_legal", "政法机关"],
  ["discipline", "纪检监察机关"],
  ["petition", "信访部门 / 乡镇"],
];

/**
 * The authority kind an organ of the directory (or a list row's organ) is sent matters as. The
 * core maps the same way and refuses a 诉访分离 or a litigation decline to a non-political-legal
 * kind, so picking an organ must not leave a stale kind behind.
 */
export function organAuthorityKind(k: OrganKind): AuthorityKind {
  switch (k) {
    case "court":
    case "procuratorate":
    case "public_security":
    case "justice_bureau":
      return "political_legal";
    case "discipline_inspection":
      return "discipline";
    case "petition_office":
      return "petition";
    case "government_department":
    case "township_government":
      return "administrative";
  }
}

export const PERIOD_UNITS: Array<[PeriodUnit, string]> = [
  ["calendar_days", "自然日"],
  ["working_days", "工作日"],
];

export const MATTER_TYPES = [
  "城乡建设",
  "劳动社保",
  "农村农业",
  "国土资源",
  "环境保护",
  "教育",
  "卫生健康",
  "民政",
  "交通运输",
  "市场监管",
  "纪检监察",
  "政法",
  "其他",
];

export const STATUTORY_CHANNELS = [
  "民事诉讼",
  "行政诉讼",
  "行政复议",
  "劳动人事争议仲裁",
  "农村土地承包经营纠纷仲裁",
  "商事仲裁",
  "申请再审",
  "检察监督",
  "纪检监察举报",
];

export function pick<K extends string>(pairs: Array<[K, string]>, key: K | null | undefined): string {
  if (!key) return "";
  return pairs.find(([k]) => k === key)?.[1] ?? key;
}

/** Element Plus tag type for a deadline state. */
export function stateTagType(s: DeadlineState | null | undefined): "success" | "warning" | "danger" | "info" | "primary" {
  switch (s) {
    case "overdue":
    case "met_late":
      return "danger";
    case "near_due":
      return "warning";
    case "met_on_time":
      return "success";
    case "on_time":
      return "primary";
    default:
      return "info";
  }
}

/** Element Plus tag type for a case status. */
export function statusTagType(s: Status): "success" | "warning" | "danger" | "info" | "primary" {
  switch (s) {
    case "registered":
      return "warning";
    case "accepted":
    case "assigned":
    case "review_requested":
    case "re_review_requested":
      return "primary";
    case "declined":
    case "refused_repeat":
      return "danger";
    case "terminated":
      return "info";
    default:
      return "success";
  }
}
