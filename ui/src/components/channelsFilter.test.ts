import { describe, expect, it } from "vitest";
import { accuracyText, filterChannels } from "./channelsFilter";
import type { ChannelRow } from "@/types/generated/ChannelRow";

const row = (no: number, fields: Partial<ChannelRow>): ChannelRow => ({
  no,
  id: `row-${no}`,
  category: "其他",
  problem: "",
  route: "",
  basis: "",
  petition_kind: "claim",
  art31_route: 6,
  litigation_related: false,
  authority_kind: "government_department",
  authority: "",
  terms: [],
  ...fields,
});

const rows = [
  row(1, { category: "劳动社保", problem: "用人单位拖欠工资", authority: "区人力资源和社会保障局", terms: ["欠薪"] }),
  row(2, { category: "政法", problem: "不服法院生效判决", litigation_related: true, authority_kind: "court", authority: "区人民法院", art31_route: 1 }),
  row(3, { category: "纪检监察", problem: "举报公职人员违纪", petition_kind: "accusation", authority: "区纪委监委", id: "Discipline-Report" }),
];
const nos = (text: string) => filterChannels(rows, text).map((r) => r.no);

describe("filterChannels", () => {
  it("keeps every row for no text", () => {
    expect(nos("")).toEqual([1, 2, 3]);
    expect(nos("   ")).toEqual([1, 2, 3]);
  });

  it("finds a row by its problem, its terms or its organ", () => {
    expect(nos("工资")).toEqual([1]);
    expect(nos("欠薪")).toEqual([1]);
    expect(nos("法院")).toEqual([2]);
  });

  it("finds rows by the shown labels of kind and 涉法涉诉", () => {
    expect(nos("检举控告类")).toEqual([3]);
    expect(nos("涉法涉诉")).toEqual([2]);
  });

  it("wants every word, in any case", () => {
    expect(nos("区 人民法院")).toEqual([2]);
    expect(nos("工资 法院")).toEqual([]);
    expect(nos("discipline-report")).toEqual([3]);
  });
});

describe("accuracyText", () => {
  it("gives the rates over the cases with proposals recorded, rounded", () => {
    expect(accuracyText({ classified: 14, proposed: 12, top1: 7, top3: 10 })).toBe(
      "分类建议实际命中：已分类 14 件（有建议记录 12 件），首选命中 58%，前三命中 83%",
    );
  });

  it("gives no rates when no proposal was recorded", () => {
    expect(accuracyText({ classified: 3, proposed: 0, top1: 0, top3: 0 })).toBe("分类建议实际命中：已分类 3 件（有建议记录 0 件）");
  });
});
