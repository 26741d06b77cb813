import { describe, expect, it } from "vitest";
import { folderOf, joinPath } from "./paths";

describe("folderOf", () => {
  it("drops the file name", () => {
    expect(folderOf("/media/U盘/同步包/445203-000001.xfsync")).toBe("/media/U盘/同步包");
    expect(folderOf("  D:\\信访\\清单.xlsx ")).toBe("D:\\信访");
  });

  it("keeps the root, and is empty for a bare file name", () => {
    expect(folderOf("/清单.xlsx")).toBe("/");
    expect(folderOf("清单.xlsx")).toBe("");
  });
});

describe("joinPath", () => {
  it("joins with one separator", () => {
    expect(joinPath("/media/U盘/", "清单.xlsx")).toBe("/media/U盘/清单.xlsx");
    expect(joinPath("/", "清单.xlsx")).toBe("/清单.xlsx");
  });

  it("keeps a Windows folder's separator", () => {
    expect(joinPath("D:\\信访\\", "清单.xlsx")).toBe("D:\\信访\\清单.xlsx");
    expect(joinPath("D:/信访", "清单.xlsx")).toBe("D:/信访/清单.xlsx");
  });

  it("round-trips with folderOf", () => {
    expect(joinPath(folderOf("/a/b/c.xlsx"), "d.xlsx")).toBe("/a/b/d.xlsx");
  });
});
