// What the check of a sending office's audit chain found, as the 同步 screen says it.

/** `null`: the package (an older program's) carried no chain; empty: whole and continuous. */
export type AuditProblems = string[] | null;

export type AuditLevel = "ok" | "warning" | "none";

export function auditLevel(problems: AuditProblems): AuditLevel {
  if (problems === null) return "none";
  return problems.length ? "warning" : "ok";
}

/** One line for the history table. */
export function auditText(problems: AuditProblems): string {
  switch (auditLevel(problems)) {
    case "none":
      return "未附（旧版本程序导出）";
    case "ok":
      return "完整，与此前收到的衔接";
    default:
      return `警示：${(problems ?? []).join("；")}`;
  }
}
