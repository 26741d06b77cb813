// Office days as `YYYY-MM-DD` strings: arithmetic in UTC so that the machine's time zone and
// daylight saving never shift a day; the day kinds as the calendar screens colour them.
import type { CalendarDay } from "@/types/generated/CalendarDay";

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

function utc(ymd: string): Date {
  return new Date(`${ymd.slice(0, 10)}T00:00:00Z`);
}

/** `ymd` moved by `n` days (negative goes back). */
export function addDays(ymd: string, n: number): string {
  const d = utc(ymd);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** "周一" … "周日". */
export function weekdayOf(ymd: string): string {
  return WEEKDAYS[utc(ymd).getUTCDay()];
}

/** Blank cells before `ymd` in a Monday-first week row (0 for a Monday, 6 for a Sunday). */
export function mondayOffset(ymd: string): number {
  return (utc(ymd).getUTCDay() + 6) % 7;
}

/** The Monday-first weeks that hold the month of `ymd`: from the Monday on or before its 1st to the Sunday on or after its last day. */
export function monthSpan(ymd: string): { from: string; to: string } {
  const first = `${ymd.slice(0, 7)}-01`;
  const next = utc(first);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const last = addDays(next.toISOString().slice(0, 10), -1);
  return { from: addDays(first, -mondayOffset(first)), to: addDays(last, 6 - mondayOffset(last)) };
}

/** The 1st of the month `n` months after that of `ymd`. */
export function addMonths(ymd: string, n: number): string {
  const d = utc(`${ymd.slice(0, 7)}-01`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

/** `2026-12-07` → `12月7日`. */
export function monthDay(ymd: string): string {
  return `${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;
}

/** The class the calendar grids colour a day with: holiday, weekend or make-up workday. */
export function dayClass(d: CalendarDay): string {
  if (d.reason.kind === "holiday") return "off holiday";
  if (d.reason.kind === "make_up_workday") return "makeup";
  if (!d.working) return "off";
  return "";
}

/** The day's kind in words: "2026-10-01 国庆节放假". */
export function dayTitle(d: CalendarDay): string {
  switch (d.reason.kind) {
    case "holiday":
      return `${d.date} ${d.reason.festival || "法定节假日"}放假`;
    case "make_up_workday":
      return `${d.date} 调休上班`;
    case "weekend":
      return `${d.date} 周末`;
    default:
      return `${d.date} 工作日`;
  }
}

/** The one-character mark of a day that is not an ordinary one: 休 (day off) or 班 (make-up workday). */
export function dayMark(d: CalendarDay): string {
  if (d.reason.kind === "make_up_workday") return "班";
  return d.working ? "" : "休";
}

/** The ranges a register is printed for, each ending on `ymd` except the last month's. */
export function registerRanges(ymd: string): Array<{ key: string; label: string; from: string; to: string }> {
  const monthStart = `${ymd.slice(0, 7)}-01`;
  const lastStart = addMonths(ymd, -1);
  return [
    { key: "today", label: "今天", from: ymd, to: ymd },
    { key: "week", label: "本周", from: addDays(ymd, -mondayOffset(ymd)), to: ymd },
    { key: "month", label: "本月", from: monthStart, to: ymd },
    { key: "last_month", label: "上月", from: lastStart, to: addDays(monthStart, -1) },
  ];
}
