// The 法定途径清单 table's filter box: a clerk types what the petitioner said (工资, 征地…) or
// a column's value (涉法涉诉, 检举控告类, an organ) and sees the rows that match every word.
import type { ChannelRow } from "@/types/generated/ChannelRow";
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
