import { describe, expect, it } from "vitest";
import { defaultSides } from "./petitionerMerge";
import type { Petitioner } from "@/types/generated/Petitioner";

const person = (p: Partial<Petitioner>): Petitioner => ({
  name: "王秀英",
  id_number: null,
  phone: null,
  address: null,
  representative: false,
  ...p,
});

describe("defaultSides", () => {
  it("keeps this record's values and takes the other's only where this one is empty", () => {
    const sides = defaultSides(
      person({ phone: "138****0001", address: "  " }),
      person({ id_number: "440105********1235", phone: "139****0002", address: "榕华街道" }),
    );
    expect(sides).toEqual({ name: "first", id_number: "second", phone: "first", address: "second" });
  });
});
