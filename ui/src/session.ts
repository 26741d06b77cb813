// What every screen shares: the opened office, today, the acting clerk, and the core's labels.
import { reactive } from "vue";
import type { AppInfo } from "@/types/generated/AppInfo";
import type { ActionKind } from "@/types/generated/ActionKind";
import type { Channel } from "@/types/generated/Channel";
import type { DeadlineKind } from "@/types/generated/DeadlineKind";
import type { DeadlineState } from "@/types/generated/DeadlineState";
import type { Status } from "@/types/generated/Status";

const ACTOR_KEY = "xinfang.actor";

export const session = reactive({
  info: null as AppInfo | null,
  actor: "",
});

export function setInfo(info: AppInfo) {
  session.info = info;
  session.actor = localStorage.getItem(ACTOR_KEY) || info.default_actor;
}

export function setActor(name: string) {
  session.actor = name.trim() || session.info?.default_actor || "";
  localStorage.setItem(ACTOR_KEY, session.actor);
}

export function today(): string {
  return session.info?.today ?? new Date().toISOString().slice(0, 10);
}

function lookup<K extends string>(pairs: Array<[K, string]> | undefined, key: K | null | undefined): string {
  if (!key) return "";
  return pairs?.find(([k]) => k === key)?.[1] ?? key;
}

export const statusLabel = (s: Status | null | undefined) => lookup(session.info?.labels.status, s);
export const channelLabel = (c: Channel | null | undefined) => lookup(session.info?.labels.channel, c);
export const actionLabel = (a: ActionKind | string | null | undefined) =>
  lookup(session.info?.labels.action as Array<[string, string]> | undefined, a);
export const deadlineKindLabel = (k: DeadlineKind | null | undefined) => lookup(session.info?.labels.deadline_kind, k);
export const deadlineStateLabel = (s: DeadlineState | null | undefined) => lookup(session.info?.labels.deadline_state, s);

export const recordKindLabel = (k: string) => lookup(session.info?.labels.record_kind, k);
export const fieldLabel = (f: string) => lookup(session.info?.labels.field, f);
/** Art. 31's route `n` in the core's words. */
export const art31RouteLabel = (n: number) => session.info?.labels.art31_route.find(([k]) => k === n)?.[1] ?? "";
/** Sync record kinds in the order a package carries them. */
export const recordKindOrder = (): string[] => (session.info?.labels.record_kind ?? []).map(([k]) => k);

/** What a provisional due date says beside it (the core's wording). */
export const provisionalMark = () => session.info?.labels.provisional_mark ?? "";

export const allStatuses = (): Array<[Status, string]> => session.info?.labels.status ?? [];
export const allChannels = (): Array<[Channel, string]> => session.info?.labels.channel ?? [];
