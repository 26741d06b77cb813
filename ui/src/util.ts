// Dates and numbers as clerks read them. Office dates are China Standard Time (UTC+8, no
// daylight saving) whatever the machine's time zone.

const TZ = "Asia/Shanghai";

/** `2026-03-05` → `2026年3月5日`. */
export function cnDate(d: string | null | undefined): string {
  if (!d) return "";
  const [y, m, day] = d.slice(0, 10).split("-").map(Number);
  return `${y}年${m}月${day}日`;
}

const wallFmt = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TZ,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** An instant (ISO, UTC) as the office's wall time: `2026-03-05 09:30`. */
export function officeDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return wallFmt.format(new Date(iso)).replace("T", " ");
}

/** `at` (now unless given) as the office's wall time, for a date-time picker's default. */
export function officeNow(at: Date = new Date()): string {
  return wallFmt.format(at).replace("T", " ");
}

/** The office's wall time `YYYY-MM-DD HH:mm` → an ISO instant in UTC. */
export function officeWallToIso(wall: string): string {
  const [d, t = "00:00"] = wall.trim().split(" ");
  return new Date(`${d}T${t.length === 5 ? t + ":00" : t}+08:00`).toISOString();
}

/** "剩3个工作日" / "今日到期" / "超期2个工作日". */
export function daysLeftText(days: number | null | undefined): string {
  const n = days ?? 0;
  if (n > 0) return `剩${n}个工作日`;
  if (n === 0) return "今日到期";
  return `超期${-n}个工作日`;
}

/** A date picker's Date (local midnight) as `YYYY-MM-DD`. */
export function localYmd(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A file's size as a clerk reads it: 812 字节, 48.2 KB, 3.1 MB. */
export function sizeText(n: number): string {
  if (n < 1024) return `${n} 字节`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
