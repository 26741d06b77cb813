import { describe, expect, it } from "vitest";
import {
  backupCheckText,
  backupCreatedText,
  DEFAULT_ROTATION,
  lastRunText,
  parseRotation,
  restoredText,
  scheduleText,
  toRotation,
} from "./backupText";
import type { BackupScheduleStatus } from "@/types/generated/BackupScheduleStatus";
import type { BackupCreated } from "@/types/generated/BackupCreated";

const created = (path: string, removed: string[]): BackupCreated => ({
  backup: {
    path,
    manifest: {
      format: "xinfang-backup",
      format_version: 1,
      office_code: "110105",
      office_name: "朝阳区信访局",
      created_at: "2026-03-05T01:30:00Z",
      database_sha256: "0".repeat(64),
      documents: [],
    },
  },
  removed,
});

describe("backupCreatedText", () => {
  it("names where the backup went", () => {
    expect(backupCreatedText(created("/media/U盘/信访备份/20260305-093000", []))).toBe(
      "已备份并校验通过：/media/U盘/信访备份/20260305-093000",
    );
  });

  it("counts the old backups the rotation removed", () => {
    expect(backupCreatedText(created("/b/3", ["/b/1", "/b/2"]))).toBe("已备份并校验通过：/b/3，按保留规则清理旧备份 2 份");
  });
});

describe("backupCheckText", () => {
  it("is 完好 without problems", () => {
    expect(backupCheckText({ path: "/b/1", office_code: "110105", problems: [] })).toBe("完好");
  });

  it("lists every problem", () => {
    expect(backupCheckText({ path: "/b/1", office_code: null, problems: ["缺少备份清单", "数据库校验值不符"] })).toBe(
      "缺少备份清单；数据库校验值不符",
    );
  });
});

describe("rotation", () => {
  it("defaults to 7 daily, 4 weekly, 12 monthly", () => {
    expect(parseRotation(null)).toEqual({ daily: 7, weekly: 4, monthly: 12 });
    expect(parseRotation("")).toEqual(DEFAULT_ROTATION);
  });

  it("reads back what was saved, 0 included", () => {
    expect(parseRotation(JSON.stringify({ daily: 30, weekly: 0, monthly: 24 }))).toEqual({ daily: 30, weekly: 0, monthly: 24 });
  });

  it("falls back per number, never to 0, for a cleared or damaged value", () => {
    expect(toRotation({ daily: null, weekly: 8, monthly: undefined })).toEqual({ daily: 7, weekly: 8, monthly: 12 });
    expect(toRotation({ daily: -1, weekly: 2.5, monthly: "6" })).toEqual(DEFAULT_ROTATION);
    expect(parseRotation("{not json")).toEqual(DEFAULT_ROTATION);
    expect(parseRotation("null")).toEqual(DEFAULT_ROTATION);
  });

  it("does not share the defaults with the screen", () => {
    const r = parseRotation(null);
    r.daily = 1;
    expect(DEFAULT_ROTATION.daily).toBe(7);
  });
});

describe("restoredText", () => {
  it("says from when, where the replaced database went, and to sign in again", () => {
    const text = restoredText(
      { database: "/d/office.sqlite", documents: "/d/office-documents", previous: "/d/office.sqlite.before-restore-20261203-101500" },
      "2026-12-02 18:00",
    );
    expect(text).toBe(
      "已从 2026-12-02 18:00 的备份恢复数据库；恢复前的数据库已另存为 /d/office.sqlite.before-restore-20261203-101500。请重新登录。",
    );
  });

  it("leaves out the replaced database when there was none", () => {
    const text = restoredText({ database: "/d/office.sqlite", documents: "/d/office-documents", previous: null }, "2026-12-02 18:00");
    expect(text).toBe("已从 2026-12-02 18:00 的备份恢复数据库。请重新登录。");
  });
});

describe("the scheduled backup", () => {
  const when = (at: string) => `[${at}]`;
  const status = (folder: string | null, runs: Partial<BackupScheduleStatus["runs"]> = {}): BackupScheduleStatus => ({
    schedule: { folder, at: "18:00", rotation: DEFAULT_ROTATION },
    runs: { last_success_at: null, last_path: null, last_failure_at: null, last_error: null, ...runs },
    next_due_at: folder ? "2026-12-03T10:00:00Z" : null,
  });

  it("says when it runs, where to and when next, or that it is off", () => {
    expect(scheduleText(status(null), when)).toBe("定时备份未开启");
    expect(scheduleText(status("/media/备份"), when)).toBe("每天 18:00 备份到 /media/备份；下次：[2026-12-03T10:00:00Z]");
  });

  it("names the last backup written and a failure since", () => {
    expect(lastRunText(status("/m"), when)).toEqual({ ok: "", failed: "" });
    const runs = lastRunText(
      status("/m", {
        last_success_at: "2026-12-02T10:00:00Z",
        last_path: "/m/445202-20261202-180000",
        last_failure_at: "2026-12-03T10:00:00Z",
        last_error: "备份文件夹不存在",
      }),
      when,
    );
    expect(runs.ok).toBe("上次定时备份：[2026-12-02T10:00:00Z]，/m/445202-20261202-180000");
    expect(runs.failed).toContain("备份文件夹不存在");
  });
});
