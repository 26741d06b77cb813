// Preparing a test's database through the core's CLI, before the app opens it.
import { launchApp, run, CLI_BIN, DEFAULT_USER, PASSWORD, officeNow } from "./harness.mjs";

export const OFFICE = { code: "445202", name: "测试县信访局", prefix: "测信访" };

/** The accounts of a spec's office besides `admin`, one per role, as in the demo office. */
export const ACCOUNTS = [
  ["limin", "李敏", "registrar"],
  ["chenzq", "陈志强", "handler"],
  ["wangjg", "王建国", "section_head"],
  ["zhangwd", "张卫东", "director"],
  ["liufang", "刘芳", "auditor"],
];

/**
 * The CLI signed in as `user` for this one command (`admin` keeps keys and settings), on the
 * office's clock or, with `on` (an office date), at ten that morning.
 */
export function cli(db, args, { user = DEFAULT_USER, input, on } = {}) {
  const clock = on ? { XINFANG_NOW: `${on}T10:00:00+08:00` } : {};
  return run(CLI_BIN, ["--db", db, ...args], {
    env: { XINFANG_USER: user, XINFANG_PASSWORD: PASSWORD, XINFANG_NEW_PASSWORD: PASSWORD, ...clock },
    input,
  });
}

/** Sets up an office (OFFICE unless `office` says otherwise) with its administrator and ACCOUNTS. */
export async function initOffice(db, office = OFFICE) {
  await cli(db, ["init", "--code", office.code, "--name", office.name, "--doc-prefix", office.prefix], { user: "admin" });
  for (const [name, displayName, role] of ACCOUNTS) {
    await cli(db, ["user", "add", name, "--display-name", displayName, "--role", role], { user: "admin" });
  }
}

/** The app on a fresh demo office, on the machine's clock: pictures for the docs show no set-clock banner. */
export function launchDemo() {
  const systemClock = { XINFANG_NOW: "" };
  return launchApp({
    prepare: (db) => run(CLI_BIN, ["--db", db, "demo"], { timeoutMs: 120000, env: systemClock }),
    env: systemClock,
  });
}

/** An ISO instant `days` days before now on the office's clock (backdated receipt). */
export function daysAgo(days) {
  return new Date(officeNow().getTime() - days * 86400000).toISOString();
}

/** Registers a case (a letter unless `fields` say otherwise) and returns its case number. */
export async function registerCase(db, fields = {}) {
  const newCase = {
    channel: "letter",
    petitioners: [{ name: "张三" }],
    title: "反映拖欠工资问题",
    content: "工地拖欠工资三个月未发。",
    locality: { code: "445202001", name: "榕华街道" },
    matter_type: "劳动社保",
    purpose: "claim",
    ...fields,
  };
  const out = await cli(db, ["case", "register", "--json", JSON.stringify(newCase)]);
  const m = /"case_no":\s*"([^"]+)"/.exec(out);
  if (!m) throw new Error(`no case number in the CLI's output: ${out.slice(0, 300)}`);
  return m[1];
}
