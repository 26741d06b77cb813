import { call } from "./invoke";
import type { CalendarImport } from "@/types/generated/CalendarImport";
import type { CalendarYear } from "@/types/generated/CalendarYear";
import type { Localities } from "@/types/generated/Localities";
import type { RuleSet } from "@/types/generated/RuleSet";

export function getPeriodRules(): Promise<RuleSet> {
  return call<RuleSet>("period_rules_get");
}

export function setPeriodRules(rules: RuleSet): Promise<RuleSet> {
  return call<RuleSet>("period_rules_set", { rules });
}

export function calendarYear(year: number): Promise<CalendarYear> {
  return call<CalendarYear>("calendar_year", { year });
}

/**
 * Imports (or with `preview`, only reads and compares) a calendar: `source` is its file name,
 * which says how to read `content` (.xlsx of days, .json, or the State Council's notice as text).
 * `confirmed`: the clerk agreed to an import that takes published days away.
 */
export function importCalendar(
  content: Uint8Array,
  source: string,
  { confirmed = false, preview = false }: { confirmed?: boolean; preview?: boolean } = {},
): Promise<CalendarImport> {
  return call<CalendarImport>("calendar_import", { content: Array.from(content), source, confirmed, preview });
}

/** The townships and villages 问题属地 is picked from (the demo county's until the office saves its own). */
export function localitiesList(): Promise<Localities> {
  return call<Localities>("localities_list");
}

/** Replaces the list; a bad row rejects with `invalid` naming it. */
export function setLocalities(localities: Localities): Promise<Localities> {
  return call<Localities>("localities_set", { localities });
}
