import { call } from "./invoke";

export interface AppInfo {
  version: string;
  db_path: string;
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}
