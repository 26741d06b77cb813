import { call } from "./invoke";
import type { AppInfo } from "@/types/generated/AppInfo";
import type { StartupCheck } from "@/types/generated/StartupCheck";

/** Database, office (null before the first-start setup), today, who is signed in, labels. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}

/** The start-up check (database quick check, document hashes); null while it still runs. */
export function startupCheck(): Promise<StartupCheck | null> {
  return call<StartupCheck | null>("startup_check");
}
