// 合并信访人记录: the fields a merge chooses between, and which side each keeps by default.
import type { Petitioner } from "@/types/generated/Petitioner";
import type { Side } from "@/types/generated/Side";

export type MergeField = "name" | "id_number" | "phone" | "address";

export const MERGE_FIELDS: Array<[MergeField, string]> = [
  ["name", "姓名"],
  ["id_number", "身份证号码"],
  ["phone", "联系电话"],
  ["address", "住址"],
];

/** The record's value of `field`, trimmed; "" when it has none. */
export function fieldValue(p: Petitioner, field: MergeField): string {
  return (p[field] ?? "").trim();
}

/** This record's value, unless it has none and the other one has: nothing is lost by default. */
export function defaultSides(first: Petitioner, second: Petitioner): Record<MergeField, Side> {
  const sides = {} as Record<MergeField, Side>;
  for (const [field] of MERGE_FIELDS) {
    sides[field] = !fieldValue(first, field) && fieldValue(second, field) ? "second" : "first";
  }
  return sides;
}
