import { describe, expect, it } from "vitest";
import { describeChanges, eventText } from "./timelineText";

const names = {
  status: (s: string) => ({ registered: "待处理", accepted: "办理中" })[s] ?? s,
  purpose: (p: string) => p,
  deadline: (k: string) => ({ disposal: "登记处理期限", handling: "办理期限" })[k] ?? k,
};

describe("eventText", () => {
  it("reads each event once", () => {
    expect(eventText("登记", "登记来信")).toBe("来信");
    expect(eventText("受理", "受理")).toBe("");
    expect(eventText("不予受理", "不予受理：属于诉讼事项")).toBe("属于诉讼事项");
    expect(eventText("督办", "发出督办函")).toBe("发出督办函");
  });
});

describe("describeChanges", () => {
  it("says which deadline opened, which was met and what progress was recorded", () => {
    const before = {
      status: "registered",
      deadlines: [{ kind: "disposal", start_on: "2026-12-01", due_on: "2026-12-17", met_on: null }],
      progress: { disposal: null, revoked: [] },
    };
    const after = {
      status: "accepted",
      deadlines: [
        { kind: "disposal", start_on: "2026-12-01", due_on: "2026-12-17", met_on: "2026-12-03" },
        { kind: "handling", start_on: "2026-12-03", due_on: "2027-01-30", met_on: null },
      ],
      progress: { disposal: { kind: "accepted" }, revoked: [] },
    };
    expect(describeChanges(before, after, names)).toEqual([
      { key: "status", field: "状态", lines: ["待处理 → 办理中"] },
      {
        key: "deadlines",
        field: "期限",
        lines: ["登记处理期限：已于2026-12-03完成", "办理期限：2026-12-03起算，2027-01-30届满"],
      },
      { key: "progress", field: "办理情况", lines: ["记录处理方式"] },
    ]);
  });

  it("names the petitioner fields a merge changed and the record it removed", () => {
    const before = {
      petitioners: [
        { name: "赵敏", phone: "138****0001", id_number: null },
        { name: "赵敏", phone: null, id_number: "4401********1235" },
      ],
    };
    const after = { petitioners: [{ name: "赵敏", phone: "138****0001", id_number: "4401********1235" }] };
    expect(describeChanges(before, after, names)[0].lines).toEqual([
      "第1位身份证号码：（空） → 4401********1235",
      "第2位（赵敏）：移除",
    ]);
  });
});
