// Each screen remembers the last folder it used on this machine (picked or typed, see PathField),
// as it remembers the acting clerk.

/** The folder part of a file path (`/a/b/c.xfsync` → `/a/b`; `/c.xlsx` → `/`; `c.xlsx` → ``). */
export function folderOf(path: string): string {
  const m = /^(.*)[\\/][^\\/]*$/.exec(path.trim());
  if (!m) return "";
  return m[1] || path.trim().charAt(0);
}

/** `dir` + `name`, with the separator the folder already uses (a Windows folder keeps `\`). */
export function joinPath(dir: string, name: string): string {
  const d = dir.trim();
  const sep = d.includes("\\") && !d.includes("/") ? "\\" : "/";
  return `${d.replace(/[\\/]+$/, "")}${sep}${name}`;
}

export function rememberedFolder(key: string): string {
  return localStorage.getItem(key) ?? "";
}

export function rememberFolder(key: string, folder: string) {
  localStorage.setItem(key, folder.trim());
}
