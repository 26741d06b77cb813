// The 登记 form and how it becomes the core's `NewCase`. Kept out of the view so that what a
// registration sends (who is a petitioner, what goes as null) is tested without a browser.
import type { Channel } from "@/types/generated/Channel";
import type { NewCase } from "@/types/generated/NewCase";
import type { Purpose } from "@/types/generated/Purpose";
import type { RepeatCandidate } from "@/types/generated/RepeatCandidate";
import type { RepeatChoice } from "@/types/generated/RepeatChoice";
import type { RepeatProbe } from "@/types/generated/RepeatProbe";
import { officeWallToIso } from "@/util";

export interface PetitionerForm {
  name: string;
  id_number: string;
  phone: string;
  address: string;
  representative: boolean;
  idError: string;
  idOk: boolean;
}

export interface RegisterForm {
  /** The office's wall time `YYYY-MM-DD HH:mm`. */
  received: string;
  petitioners: PetitionerForm[];
  /** 匿名检举控告: only counts while the purpose is an accusation (see `isAnonymous`). */
  anonymous: boolean;
  person_count: number;
  batch_count: number;
  postmark_date: string;
  return_address: string;
  feedback_due: string;
  title: string;
  content: string;
  locality_code: string;
  locality_name: string;
  matter_type: string;
  purpose: Purpose;
  litigation_related: boolean;
  authority: string;
  handler: string;
  repeat_of: string;
}

export function blankPetitioner(): PetitionerForm {
  return { name: "", id_number: "", phone: "", address: "", representative: false, idError: "", idOk: false };
}

/** Only an accusation may be registered without a petitioner (《信访工作条例》第三十条). */
export function anonymousAllowed(purpose: Purpose): boolean {
  return purpose === "accusation";
}

/**
 * Whether the form registers no petitioner. The purpose is checked again here, not only by the
 * watcher that unticks the box, so a stale tick can never drop the petitioners of another kind.
 */
export function isAnonymous(form: Pick<RegisterForm, "anonymous" | "purpose">): boolean {
  return form.anonymous && anonymousAllowed(form.purpose);
}

const opt = (s: string) => (s.trim() ? s.trim() : null);

/** The petitioners a registration sends: none for an anonymous accusation. */
function petitionersOf(form: RegisterForm, ch: Channel): NewCase["petitioners"] {
  // The rows of an anonymous accusation stay in the form (unticking brings them back) but are
  // not sent.
  if (isAnonymous(form)) return [];
  return form.petitioners.map((p) => ({
    name: p.name,
    id_number: opt(p.id_number),
    phone: opt(p.phone),
    address: opt(p.address),
    representative: ch === "visit" && p.representative,
  }));
}

/** What the repeat candidates are looked up by, or null while there is nothing to look by. */
export function repeatProbe(form: RegisterForm, ch: Channel): RepeatProbe | null {
  const petitioners = petitionersOf(form, ch).filter((p) => p.name.trim() || p.id_number || p.phone);
  const title = form.title.trim();
  const content = form.content.trim();
  if (!petitioners.length && !`${title}${content}`) return null;
  return { petitioners, locality_code: form.locality_code.trim(), title, content, except_case_no: null };
}

/**
 * The candidates the clerk was shown, as kept with the registration: the one named in 重复信访 is
 * linked, every other one shown or dismissed is not. A candidate is kept once.
 */
export function repeatChoices(shown: RepeatCandidate[], dismissed: RepeatCandidate[], repeatOf: string): RepeatChoice[] {
  const linkedNo = repeatOf.trim();
  const seen = new Map<string, RepeatChoice>();
  for (const c of [...shown, ...dismissed]) {
    if (!seen.has(c.case_no)) {
      seen.set(c.case_no, { case_no: c.case_no, score: c.score, reasons: c.reasons, linked: c.case_no === linkedNo });
    }
  }
  return [...seen.values()];
}

/** The form as the core's `NewCase`: optional text trimmed and sent as null when empty. */
export function buildNewCase(form: RegisterForm, ch: Channel, repeats: RepeatChoice[] = []): NewCase {
  return {
    channel: ch,
    received_at: officeWallToIso(form.received),
    petitioners: petitionersOf(form, ch),
    visit: ch === "visit" ? { person_count: Number(form.person_count), batch_count: Number(form.batch_count) } : null,
    letter:
      ch === "letter" && (form.postmark_date || form.return_address.trim())
        ? { postmark_date: form.postmark_date || null, return_address: opt(form.return_address) }
        : null,
    title: form.title,
    content: form.content,
    locality: { code: form.locality_code.trim(), name: form.locality_name.trim() },
    matter_type: form.matter_type,
    purpose: form.purpose,
    litigation_related: form.litigation_related,
    authority: opt(form.authority),
    repeat_of: opt(form.repeat_of),
    repeat_candidates: repeats,
    feedback_due: ch === "referred" ? form.feedback_due || null : null,
    handler: opt(form.handler),
  };
}
