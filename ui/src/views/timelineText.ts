// How the case page's timeline reads: each event once (the action's name, then what its summary
// adds), and under 变更内容 what changed in words, field by field.

/** What the summary adds to the action's name: "登记来信" under 登记 reads "来信". */
export function eventText(label: string, summary: string): string {
  const s = summary.trim();
  if (!label || !s.startsWith(label)) return s;
  return s.slice(label.length).replace(/^[：:，,、\s]+/, "");
}

export interface Names {
  status: (s: string) => string;
  purpose: (p: string) => string;
  deadline: (k: string) => string;
}

export interface Change {
  key: string;
  field: string;
  lines: string[];
}

const FIELD: Record<string, string> = {
  status: "状态",
  progress: "办理情况",
  deadlines: "期限",
  handler: "承办人",
  purpose: "信访目的",
  litigation_related: "涉法涉诉",
  petitioners: "信访人",
  title: "标题",
  content: "信访内容",
  matter_type: "内容分类",
  repeat_of: "重复信访原件",
};

const PROGRESS: Record<string, string> = {
  disposal: "处理方式",
  extension: "延期",
  opinion: "处理意见",
  reply: "答复",
  satisfaction: "满意度评价",
  review: "复查",
  re_review: "复核",
  revoked: "撤销记录",
  supervisions: "督办",
  routing: "清单分类",
  organ: "有权机关办理情况",
  objections: "异议退回",
  hearings: "听证",
  settlement: "调解和解",
  split_from: "拆分自",
  split_into: "拆分出",
};

const PERSON: Array<[string, string]> = [
  ["name", "姓名"],
  ["id_number", "身份证号码"],
  ["phone", "电话"],
  ["address", "住址"],
];

type Row = Record<string, unknown>;
const isEmpty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length);
const plain = (v: unknown) => (isEmpty(v) ? "（空）" : typeof v === "string" ? v : typeof v === "boolean" ? (v ? "是" : "否") : JSON.stringify(v));
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function deadlineLines(before: Row[], after: Row[], names: Names): string[] {
  const key = (d: Row) => `${d.kind}|${d.start_on}`;
  const was = new Map(before.map((d) => [key(d), d]));
  const lines: string[] = [];
  for (const d of after) {
    const label = names.deadline(String(d.kind));
    const old = was.get(key(d));
    was.delete(key(d));
    if (!old) lines.push(`${label}：${d.start_on}起算，${d.due_on}届满`);
    else if (d.met_on && !old.met_on) lines.push(`${label}：已于${d.met_on}完成`);
    else if (!same(old.due_on, d.due_on)) lines.push(`${label}：届满日 ${old.due_on} → ${d.due_on}`);
    else if (!same(old, d)) lines.push(`${label}：说明已更新`);
  }
  for (const d of was.values()) lines.push(`${names.deadline(String(d.kind))}：不再计算`);
  return lines;
}

function progressLines(before: Row | null, after: Row | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const added: string[] = [];
  const changed: string[] = [];
  for (const k of keys) {
    const [b, a] = [before?.[k], after?.[k]];
    if (same(b, a)) continue;
    (isEmpty(b) ? added : changed).push(PROGRESS[k] ?? k);
  }
  return [...(added.length ? [`记录${added.join("、")}`] : []), ...(changed.length ? [`更新${changed.join("、")}`] : [])];
}

function petitionerLines(before: Row[], after: Row[]): string[] {
  const lines: string[] = [];
  after.forEach((p, i) => {
    const old = before[i];
    if (!old) {
      lines.push(`第${i + 1}位：新增${plain(p.name)}`);
      return;
    }
    for (const [f, label] of PERSON) {
      if (!same(old[f], p[f])) lines.push(`第${i + 1}位${label}：${plain(old[f])} → ${plain(p[f])}`);
    }
  });
  for (let i = after.length; i < before.length; i++) lines.push(`第${i + 1}位（${plain(before[i].name)}）：移除`);
  return lines;
}

/** The fields an event changed, each with what it reads as. */
export function describeChanges(before: Row | null, after: Row | null, names: Names): Change[] {
  return Object.keys(after ?? {})
    .filter((k) => !["version", "updated_at"].includes(k))
    .map((k) => {
      const [b, a] = [before?.[k], after?.[k]];
      let lines: string[];
      if (k === "deadlines") lines = deadlineLines((b as Row[]) ?? [], (a as Row[]) ?? [], names);
      else if (k === "progress") lines = progressLines(b as Row | null, a as Row | null);
      else if (k === "petitioners") lines = petitionerLines((b as Row[]) ?? [], (a as Row[]) ?? []);
      else {
        const text = (v: unknown) =>
          k === "status" ? names.status(String(v)) : k === "purpose" ? names.purpose(String(v)) : plain(v);
        lines = [`${text(b)} → ${text(a)}`];
      }
      return { key: k, field: FIELD[k] ?? k, lines };
    })
    .filter((c) => c.lines.length);
}
