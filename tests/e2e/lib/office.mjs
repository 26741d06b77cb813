// Preparing a test's database through the core's CLI, before the app opens it.
import { run, CLI_BIN } from "./harness.mjs";

export const OFFICE = { code: "445202", name: "测试县信访局", prefix: "测信访" };

export async function initOffice(db) {
  await run(CLI_BIN, ["--db", db, "init", "--code", OFFICE.code, "--name", OFFICE.name, "--doc-prefix", OFFICE.prefix]);
}

/** An ISO instant `days` days before now (backdated receipt). */
export function daysAgo(days) {
  return new Date(Date.now() - days * 86400000).toISOString();
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
  const out = await run(CLI_BIN, ["--db", db, "--actor", "测试", "case", "register", "--json", JSON.stringify(newCase)]);
  const m = /"case_no":\s*"([^"]+)"/.exec(out);
  if (!m) throw new Error(`no case number in the CLI's output: ${out.slice(0, 300)}`);
  return m[1];
}
