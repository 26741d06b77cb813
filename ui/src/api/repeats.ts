// 重复信访: the earlier cases a registration may repeat, each with a score and the reasons.
import { call } from "./invoke";
import type { Channel } from "@/types/generated/Channel";
import type { LevelSkip } from "@/types/generated/LevelSkip";
import type { RepeatCandidate } from "@/types/generated/RepeatCandidate";
import type { RepeatProbe } from "@/types/generated/RepeatProbe";

/** The candidates for a registration being typed (no case number yet), best first. */
export function registrationRepeats(probe: RepeatProbe): Promise<RepeatCandidate[]> {
  return call<RepeatCandidate[]>("registration_repeats", { probe });
}

/** The earlier cases a registered case may repeat, best first. */
export function caseRepeats(caseNo: string): Promise<RepeatCandidate[]> {
  return call<RepeatCandidate[]>("case_repeats", { case_no: caseNo });
}

/** 越级访: why this office should not take a visit being typed, or null when it may. */
export function registrationLevelSkip(channel: Channel, localityCode: string, repeatOf: string): Promise<LevelSkip | null> {
  return call<LevelSkip | null>("registration_level_skip", {
    channel,
    locality_code: localityCode,
    repeat_of: repeatOf.trim() || null,
  });
}
