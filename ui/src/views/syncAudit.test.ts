import { describe, expect, it } from "vitest";
import { auditLevel, auditText } from "./syncAudit";

describe("the audit chain of an imported package", () => {
  it("tells a package without a chain from a whole one", () => {
    expect(auditLevel(null)).toBe("none");
    expect(auditText(null)).toContain("未附");
    expect(auditLevel([])).toBe("ok");
    expect(auditText([])).toContain("衔接");
  });

  it("names every problem found", () => {
    const problems = ["审计链与上次收到的（第 3 条）不衔接", "1 条办理记录或文书不在对方的审计链中"];
    expect(auditLevel(problems)).toBe("warning");
    expect(auditText(problems)).toBe(`警示：${problems.join("；")}`);
  });
});
