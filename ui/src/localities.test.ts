import { describe, expect, it } from "vitest";
import { localityOptions, ordered } from "@/localities";
import type { Localities } from "@/types/generated/Localities";

const list: Localities = {
  about: "",
  county: { code: "445202", name: "榕城区" },
  places: [
    { code: "445202001", name: "榕华街道" },
    { code: "445202001001", name: "新风社区" },
    { code: "445202002", name: "新兴街道" },
    { code: "445202009001", name: "无主村" },
  ],
};

describe("localityOptions", () => {
  it("names a village after its township and records the county first", () => {
    const o = localityOptions(list);
    expect(o.map((x) => x.label)).toEqual(["榕华街道", "榕华街道新风社区", "新兴街道"]);
    expect(o[1]).toEqual({ code: "445202001001", label: "榕华街道新风社区", name: "榕城区榕华街道新风社区", village: true });
    expect(o[0].village).toBe(false);
  });
});

describe("ordered", () => {
  it("puts each village after its township and trims what was typed", () => {
    const l = ordered({
      ...list,
      places: [
        { code: "445202002", name: "新兴街道" },
        { code: " 445202001001", name: "新风社区 " },
        { code: "445202001", name: "榕华街道" },
      ],
    });
    expect(l.places.map((p) => p.code)).toEqual(["445202001", "445202001001", "445202002"]);
    expect(l.places[1].name).toBe("新风社区");
  });
});
