import { afterEach, describe, expect, it, vi } from "vitest";
import { cnDate, daysLeftText, localYmd, officeDateTime, officeNow, officeWallToIso } from "./util";

describe("cnDate", () => {
  it("writes a date the Chinese way, without leading zeros", () => {
    expect(cnDate("2026-03-05")).toBe("2026年3月5日");
    expect(cnDate("2026-12-31")).toBe("2026年12月31日");
  });

  it("reads only the date of a date-time", () => {
    expect(cnDate("2026-03-05T23:59:00Z")).toBe("2026年3月5日");
  });

  it("is empty for no date", () => {
    expect(cnDate(null)).toBe("");
    expect(cnDate(undefined)).toBe("");
    expect(cnDate("")).toBe("");
  });
});

describe("office wall time (UTC+8)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows an instant as the office's wall time", () => {
    expect(officeDateTime("2026-03-05T01:30:00Z")).toBe("2026-03-05 09:30");
    // After 16:00 UTC it is already the next day in the office.
    expect(officeDateTime("2026-03-04T16:00:00Z")).toBe("2026-03-05 00:00");
    expect(officeDateTime("2026-12-31T23:59:59.999Z")).toBe("2027-01-01 07:59");
  });

  it("is empty for no instant", () => {
    expect(officeDateTime(null)).toBe("");
    expect(officeDateTime(undefined)).toBe("");
  });

  it("reads the office's wall time back as an instant", () => {
    expect(officeWallToIso("2026-03-05 09:30")).toBe("2026-03-05T01:30:00.000Z");
    expect(officeWallToIso("2026-03-05 00:00")).toBe("2026-03-04T16:00:00.000Z");
    expect(officeWallToIso(" 2026-03-05 09:30:15 ")).toBe("2026-03-05T01:30:15.000Z");
  });

  it("takes a bare date as the office's midnight", () => {
    expect(officeWallToIso("2026-03-05")).toBe("2026-03-04T16:00:00.000Z");
  });

  it("round-trips a wall time", () => {
    for (const wall of ["2026-01-01 00:00", "2026-03-05 09:30", "2026-12-31 23:59"]) {
      expect(officeDateTime(officeWallToIso(wall))).toBe(wall);
    }
  });

  it("gives now as the office's wall time", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-04T16:05:00Z"));
    expect(officeNow()).toBe("2026-03-05 00:05");
  });

  it("does not depend on the machine's time zone", async () => {
    vi.stubEnv("TZ", "America/Los_Angeles");
    try {
      vi.resetModules();
      const util = await import("./util");
      // The machine now really is in Los Angeles (UTC-8 in early March)…
      expect(new Date("2026-03-04T16:00:00Z").getHours()).toBe(8);
      // …and the office's times are still China Standard Time.
      expect(util.officeDateTime("2026-03-04T16:00:00Z")).toBe("2026-03-05 00:00");
      expect(util.officeWallToIso("2026-03-05 00:00")).toBe("2026-03-04T16:00:00.000Z");
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe("daysLeftText", () => {
  it("counts the working days left, the day itself, and the days over", () => {
    expect(daysLeftText(3)).toBe("剩3个工作日");
    expect(daysLeftText(1)).toBe("剩1个工作日");
    expect(daysLeftText(0)).toBe("今日到期");
    expect(daysLeftText(-2)).toBe("超期2个工作日");
  });

  it("reads no count as due today", () => {
    expect(daysLeftText(null)).toBe("今日到期");
    expect(daysLeftText(undefined)).toBe("今日到期");
  });
});

describe("localYmd", () => {
  it("writes a picker's local date with zero padding", () => {
    expect(localYmd(new Date(2026, 0, 5))).toBe("2026-01-05");
    expect(localYmd(new Date(2026, 11, 31, 23, 59))).toBe("2026-12-31");
  });
});
