import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppInfo } from "@/types/generated/AppInfo";
import { officeClock, setInfo } from "./session";
import { officeNow } from "./util";

const info = (set_clock: string | null) => ({ set_clock, signed_in: null, locked_account: null }) as unknown as AppInfo;

describe("the office's clock", () => {
  afterEach(() => vi.useRealTimers());

  it("runs on from the instant XINFANG_NOW set", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2027-05-01T03:00:00Z"));
    setInfo(info("2026-12-02T01:30:00Z"));
    vi.advanceTimersByTime(60_000);
    expect(officeNow(officeClock())).toBe("2026-12-02 09:31");
  });

  it("is the machine's when nothing is set", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2027-05-01T03:00:00Z"));
    setInfo(info(null));
    expect(officeNow(officeClock())).toBe("2027-05-01 11:00");
  });
});
