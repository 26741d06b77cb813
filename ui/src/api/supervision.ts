import { call } from "./invoke";
import type { Case } from "@/types/generated/Case";
import type { Suggestion } from "@/types/generated/Suggestion";
import type { SupervisionRow } from "@/types/generated/SupervisionRow";
import type { SupervisionSettings } from "@/types/generated/SupervisionSettings";

export function supervisionSuggestions(): Promise<Suggestion[]> {
  return call<Suggestion[]>("supervision_suggestions");
}

export function supervisionConfirm(s: Suggestion, note: string | null, authority: string | null): Promise<Case> {
  return call<Case>("supervision_confirm", { case_no: s.case_no, trigger: s.trigger, basis: s.basis, note, authority });
}

export function supervisionDismiss(s: Suggestion, reason: string): Promise<void> {
  return call<void>("supervision_dismiss", { case_no: s.case_no, trigger: s.trigger, basis: s.basis, reason });
}

export function supervisionsList(): Promise<SupervisionRow[]> {
  return call<SupervisionRow[]>("supervisions_list");
}

export function supervisionSettings(): Promise<SupervisionSettings> {
  return call<SupervisionSettings>("supervision_settings");
}

export function supervisionSettingsSet(settings: SupervisionSettings): Promise<SupervisionSettings> {
  return call<SupervisionSettings>("supervision_settings_set", { settings });
}
