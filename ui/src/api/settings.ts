import { call } from "./invoke";
import type { CalendarImport } from "@/types/generated/CalendarImport";
import type { CalendarYear } from "@/types/generated/CalendarYear";
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

/** `confirmed`: the clerk agreed to an import that takes published days away. */
export function importCalendar(json: string, source: string, confirmed = false): Promise<CalendarImport> {
  return call<CalendarImport>("calendar_import", { json, source, confirmed });
}
