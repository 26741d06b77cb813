import { call } from "./invoke";
import type { Account } from "@/types/generated/Account";
import type { DemoAccounts } from "@/types/generated/DemoAccounts";
import type { NewAccount } from "@/types/generated/NewAccount";
import type { SignedIn } from "@/types/generated/SignedIn";

export function signIn(name: string, password: string): Promise<SignedIn> {
  return call<SignedIn>("sign_in", { name, password });
}

/** An office upgraded from before accounts: its first administrator, signed in at once. */
export function createFirstAdmin(account: NewAccount): Promise<SignedIn> {
  return call<SignedIn>("first_admin_create", { account });
}

export function signOut(): Promise<void> {
  return call<void>("sign_out");
}

/** Locks the window; resolves to the account that must sign in again. */
export function lockNow(): Promise<string | null> {
  return call<string | null>("lock_now");
}

/** Input without a command still counts as activity. */
export function stillHere(): Promise<void> {
  return call<void>("still_here");
}

export function listAccounts(): Promise<Account[]> {
  return call<Account[]>("accounts_list");
}

export function createAccount(account: NewAccount): Promise<Account> {
  return call<Account>("account_create", { account });
}

export function updateAccount(account: Account): Promise<Account> {
  return call<Account>("account_update", { account });
}

export function setPassword(name: string, current: string | null, password: string): Promise<void> {
  return call<void>("account_password_set", { name, current, password });
}

export function setIdleLock(minutes: number): Promise<number> {
  return call<number>("idle_lock_set", { minutes });
}

/** The demo office's accounts while they take the demo password (one password check). */
export function demoAccounts(): Promise<DemoAccounts | null> {
  return call<DemoAccounts | null>("demo_accounts");
}
