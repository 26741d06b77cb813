// What every screen shares: the opened office, today, who is signed in, and the core's labels.
import { forgetHandlers } from "@/handlers";
import { reactive } from "vue";
import type { AppInfo } from "@/types/generated/AppInfo";
import type { Permission } from "@/types/generated/Permission";
import type { Role } from "@/types/generated/Role";
import type { SignedIn } from "@/types/generated/SignedIn";
import type { ActionKind } from "@/types/generated/ActionKind";
import type { Channel } from "@/types/generated/Channel";
import type { DeadlineKind } from "@/types/generated/DeadlineKind";
import type { DeadlineState } from "@/types/generated/DeadlineState";
import type { Status } from "@/types/generated/Status";
import type { SupervisionTrigger } from "@/types/generated/SupervisionTrigger";

export const session = reactive({
  info: null as AppInfo | null,
  signedIn: null as SignedIn | null,
  /** The account the window locked: the sign-in screen asks for its password again. */
  lockedAccount: null as string | null,
});

/** How far the office's clock (set by XINFANG_NOW) runs from this machine's, in ms. */
let clockOffsetMs = 0;

export function setInfo(info: AppInfo) {
  clockOffsetMs = info.set_clock ? Date.parse(info.set_clock) - Date.now() : 0;
  session.info = info;
  session.signedIn = info.signed_in;
  session.lockedAccount = info.locked_account;
}

export function setSignedIn(s: SignedIn) {
  session.signedIn = s;
  session.lockedAccount = null;
}

/** Where 设置 › 备份 leaves its word for the sign-in screen across the reload after a restore. */
export const RESTORED_NOTICE_KEY = "xinfang.restoredNotice";

/** What a restore just before this page load said, once. */
export function takeRestoredNotice(): string {
  const notice = sessionStorage.getItem(RESTORED_NOTICE_KEY) ?? "";
  sessionStorage.removeItem(RESTORED_NOTICE_KEY);
  return notice;
}

/** The core refused for want of a signed-in account: back to the sign-in screen. */
export function signedOut(locked: boolean) {
  const account = session.signedIn?.actor.account ?? session.lockedAccount;
  session.signedIn = null;
  session.lockedAccount = locked ? account : null;
  forgetHandlers();
}

/** Whether the signed-in account may do `p` (the core checks again). */
export function can(p: Permission): boolean {
  return session.signedIn?.permissions.includes(p) ?? false;
}

export const roleLabel = (r: Role | null | undefined) => lookup(session.info?.labels.role, r);
/** Every role with its Chinese name, in the core's order. */
export const allRoles = (): Array<[Role, string]> => session.info?.labels.role ?? [];

/** Now on the office's clock: the machine's, unless XINFANG_NOW set it. */
export function officeClock(): Date {
  return new Date(Date.now() + clockOffsetMs);
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

export const triggerLabel = (t: SupervisionTrigger | null | undefined) => lookup(session.info?.labels.supervision_trigger, t);
/** The supervision triggers in the core's order, with their names. */
export const allTriggers = (): Array<[SupervisionTrigger, string]> => session.info?.labels.supervision_trigger ?? [];
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
