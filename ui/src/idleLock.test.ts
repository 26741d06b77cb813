import { describe, expect, it } from "vitest";
import { idleTooLong } from "./idleLock";

describe("idleTooLong", () => {
  it("locks once the office's minutes of no input have passed, not before", () => {
    expect(idleTooLong(15 * 60_000 - 1, 15)).toBe(false);
    expect(idleTooLong(15 * 60_000, 15)).toBe(true);
    expect(idleTooLong(61_000, 1)).toBe(true);
  });
  it("never locks without a limit", () => {
    expect(idleTooLong(10 * 3600_000, 0)).toBe(false);
  });
});
