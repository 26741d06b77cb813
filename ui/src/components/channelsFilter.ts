// The 法定途径清单 table's filter box: a clerk types what the petitioner said (工资, 征地…) or
// a column's value (涉法涉诉, 检举控告类, an organ) and sees the rows that match every word; and
// the line above it on how the list's proposals fared.
import type { ChannelRow } from "@/types/generated/ChannelRow";
import type { FieldAccuracy } from "@/types/generated/FieldAccuracy";
import { PURPOSES, pick } from "@/labels";

function haystack(r: ChannelRow): string {
  return [
    String(r.no),
    r.id,
    r.category,
    r.problem,
    r.route,
    r.basis,
    pick(PURPOSES, r.petition_kind),
    r.litigation_related ? "涉法涉诉" : "",
    r.authority,
    ...r.terms,
  ]
    .join("\n")
    .toLowerCase();
}

/** The rows containing every whitespace-separated word of `text` (all rows for no text). */
export function filterChannels(rows: ChannelRow[], text: string): ChannelRow[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return rows;
  return rows.filter((r) => {
    const h = haystack(r);
    return words.every((w) => h.includes(w));
  });
}

const percent = (n: number, of: number) => `${Math.round((n / of) * 100)}%`;

/** The proposals' hit rates over the classified cases that recorded proposals (none: no rates). */
export function accuracyText(a: FieldAccuracy): string {
  const counts = `分类建议实际命中：已分类 ${a.classified} 件（有建议记录 ${a.proposed} 件）`;
  if (!a.proposed) return counts;
  return `${counts}，首选命中 ${percent(a.top1, a.proposed)}，前三命中 ${percent(a.top3, a.proposed)}`;
}
