import { call } from "./invoke";
import type { AppInfo } from "@/types/generated/AppInfo";

/** Database, office (null before the first-start setup), today, who is signed in, labels. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}
