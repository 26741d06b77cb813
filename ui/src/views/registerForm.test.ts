import { describe, expect, it } from "vitest";
import type { Purpose } from "@/types/generated/Purpose";
import type { RepeatCandidate } from "@/types/generated/RepeatCandidate";
import {
  anonymousAllowed,
  blankPetitioner,
  buildNewCase,
  isAnonymous,
  repeatChoices,
  repeatProbe,
  type RegisterForm,
} from "./registerForm";

/** A filled-in form with one petitioner, as a clerk would save it. */
function filled(over: Partial<RegisterForm> = {}): RegisterForm {
  return {
    received: "2026-03-05 09:30",
    petitioners: [{ ...blankPetitioner(), name: "王秀英", id_number: " 440102199003071234 ", phone: "", address: "榕华街道" }],
    anonymous: false,
    person_count: 1,
    batch_count: 1,
    postmark_date: "",
    return_address: "",
    feedback_due: "",
    title: "反映某村干部侵占集体资金问题",
    content: "……",
    locality_code: "445202",
    locality_name: "榕华街道",
    matter_type: "农村农业",
    purpose: "accusation",
    litigation_related: false,
    authority: "",
    handler: "",
    repeat_of: "",
    ...over,
  };
}

describe("buildNewCase", () => {
  it("sends the petitioners of an ordinary registration, optional text trimmed or null", () => {
    const c = buildNewCase(filled(), "letter");
    expect(c.petitioners).toEqual([
      { name: "王秀英", id_number: "440102199003071234", phone: null, address: "榕华街道", representative: false },
    ]);
    expect(c.received_at).toBe("2026-03-05T01:30:00.000Z");
    expect(c.purpose).toBe("accusation");
    expect(c.letter).toBeNull();
    expect(c.authority).toBeNull();
  });

  it("sends no petitioner for an anonymous accusation (Art. 30), even with rows left in the form", () => {
    const c = buildNewCase(filled({ anonymous: true }), "letter");
    expect(c.petitioners).toEqual([]);
    expect(c.purpose).toBe("accusation");
    expect(c.title).toBe("反映某村干部侵占集体资金问题");
  });

  it("never makes a claim or a suggestion anonymous, whatever the box says", () => {
    for (const purpose of ["claim", "suggestion"] as Purpose[]) {
      const c = buildNewCase(filled({ purpose, anonymous: true }), "letter");
      expect(c.petitioners.map((p) => p.name)).toEqual(["王秀英"]);
      expect(c.purpose).toBe(purpose);
    }
  });

  it("marks representatives only on a visit", () => {
    const form = filled({ petitioners: [{ ...blankPetitioner(), name: "李四", representative: true }] });
    expect(buildNewCase(form, "visit").petitioners[0].representative).toBe(true);
    expect(buildNewCase(form, "letter").petitioners[0].representative).toBe(false);
  });
});

function candidate(case_no: string, score: number): RepeatCandidate {
  return {
    case_no,
    received_on: "2026-02-01",
    status: "replied",
    title: "反映某村干部侵占集体资金问题",
    petitioners: "王秀英",
    score,
    reasons: ["身份证号码相同"],
  };
}

describe("repeat candidates", () => {
  it("are looked up by the petitioners typed so far and the text", () => {
    const probe = repeatProbe(filled({ petitioners: [blankPetitioner(), { ...blankPetitioner(), phone: "13800000000" }] }), "letter");
    expect(probe?.petitioners.map((p) => p.phone)).toEqual(["13800000000"]);
    expect(probe?.title).toBe("反映某村干部侵占集体资金问题");
    expect(probe?.except_case_no).toBeNull();
    expect(repeatProbe(filled({ petitioners: [blankPetitioner()], title: " ", content: "" }), "letter")).toBeNull();
    // An anonymous accusation is looked up by its text only.
    expect(repeatProbe(filled({ anonymous: true }), "letter")?.petitioners).toEqual([]);
  });

  it("are kept with the registration: the one linked, the others shown or dismissed", () => {
    const a = candidate("445202-2026-000001", 0.9);
    const b = candidate("445202-2026-000002", 0.6);
    const choices = repeatChoices([a, b], [b], " 445202-2026-000001 ");
    expect(choices).toEqual([
      { case_no: a.case_no, score: 0.9, reasons: ["身份证号码相同"], linked: true },
      { case_no: b.case_no, score: 0.6, reasons: ["身份证号码相同"], linked: false },
    ]);
    const c = buildNewCase(filled({ repeat_of: a.case_no }), "letter", choices);
    expect(c.repeat_of).toBe(a.case_no);
    expect(c.repeat_candidates).toBe(choices);
    expect(buildNewCase(filled(), "letter").repeat_candidates).toEqual([]);
  });
});

describe("anonymity", () => {
  it("is for accusations only", () => {
    expect(anonymousAllowed("accusation")).toBe(true);
    expect(anonymousAllowed("claim")).toBe(false);
    expect(anonymousAllowed("suggestion")).toBe(false);
    expect(isAnonymous({ anonymous: true, purpose: "accusation" })).toBe(true);
    expect(isAnonymous({ anonymous: false, purpose: "accusation" })).toBe(false);
    expect(isAnonymous({ anonymous: true, purpose: "claim" })).toBe(false);
  });
});
