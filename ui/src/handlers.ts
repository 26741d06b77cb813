// The accounts a case can be given to (承办人), read once per sign-in and shared by the
// register form, the list's filter and the case page.
import { ref } from "vue";
import { call } from "@/api/invoke";
import type { Account } from "@/types/generated/Account";
import type { Case } from "@/types/generated/Case";

export const handlers = ref<Account[] | null>(null);

export async function loadHandlers(): Promise<Account[]> {
  if (!handlers.value) handlers.value = await call<Account[]>("handlers");
  return handlers.value;
}

/** Forgets the list (an account was added or changed). */
export function forgetHandlers() {
  handlers.value = null;
}

/** "陈志强" for `chenzq`; the account name itself while the list is unknown or lacks it. */
export function handlerName(account: string | null | undefined): string {
  if (!account) return "";
  return handlers.value?.find((a) => a.name === account)?.display_name ?? account;
}

/** 分派承办人: the case given to `handler`, or taken back with null. */
export function assignHandler(caseNo: string, handler: string | null): Promise<Case> {
  return call<Case>("case_assign_handler", { case_no: caseNo, handler });
}
