import { describe, expect, it } from "vitest";
import { addDays, addMonths, dayClass, dayMark, dayTitle, mondayOffset, monthDay, monthSpan, registerRanges, weekdayOf } from "./calendarDays";
import type { CalendarDay } from "@/types/generated/CalendarDay";

describe("office day arithmetic", () => {
  it("moves across month, year and leap-day edges", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-12-07", 13)).toBe("2026-12-20");
  });

  it("names weekdays and Monday-first offsets", () => {
    expect(weekdayOf("2026-12-07")).toBe("周一");
    expect(weekdayOf("2026-12-06")).toBe("周日");
    expect(mondayOffset("2026-12-07")).toBe(0);
    expect(mondayOffset("2026-12-06")).toBe(6);
  });

  it("spans a month in whole Monday-first weeks", () => {
    // December 2026 starts on a Tuesday and ends on a Thursday.
    expect(monthSpan("2026-12-15")).toEqual({ from: "2026-11-30", to: "2027-01-03" });
    // February 2027 starts on a Monday and ends on a Sunday: no days of other months.
    expect(monthSpan("2027-02-10")).toEqual({ from: "2027-02-01", to: "2027-02-28" });
  });

  it("steps months from their first day", () => {
    expect(addMonths("2026-12-31", 1)).toBe("2027-01-01");
    expect(addMonths("2026-01-31", -1)).toBe("2025-12-01");
    expect(monthDay("2026-01-05")).toBe("1月5日");
  });
});

describe("register ranges", () => {
  it("end today, the week from its Monday, last month whole", () => {
    const r = Object.fromEntries(registerRanges("2026-12-02").map((x) => [x.key, [x.from, x.to]]));
    expect(r.today).toEqual(["2026-12-02", "2026-12-02"]);
    expect(r.week).toEqual(["2026-11-30", "2026-12-02"]);
    expect(r.month).toEqual(["2026-12-01", "2026-12-02"]);
    expect(r.last_month).toEqual(["2026-11-01", "2026-11-30"]);
    // January's last month is the year before's December.
    expect(registerRanges("2027-01-15").find((x) => x.key === "last_month")).toMatchObject({ from: "2026-12-01", to: "2026-12-31" });
  });
});

describe("day kinds", () => {
  const day = (date: string, working: boolean, reason: CalendarDay["reason"]): CalendarDay => ({ date, working, reason });

  it("marks days off and make-up workdays, not ordinary days", () => {
    const holiday = day("2026-10-01", false, { kind: "holiday", festival: "国庆节" });
    const makeUp = day("2026-10-10", true, { kind: "make_up_workday" });
    const weekend = day("2026-12-06", false, { kind: "weekend" });
    const weekday = day("2026-12-07", true, { kind: "weekday" });
    expect([holiday, makeUp, weekend, weekday].map(dayMark)).toEqual(["休", "班", "休", ""]);
    expect([holiday, makeUp, weekend, weekday].map(dayClass)).toEqual(["off holiday", "makeup", "off", ""]);
    expect(dayTitle(holiday)).toBe("2026-10-01 国庆节放假");
    expect(dayTitle(makeUp)).toBe("2026-10-10 调休上班");
  });
});
