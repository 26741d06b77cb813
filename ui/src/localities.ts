// 问题属地: the county's townships and villages, read once per sign-in and shared by the
// register form, the case list's filter and the settings panel.
import { ref } from "vue";
import { localitiesList } from "@/api/settings";
import type { Localities } from "@/types/generated/Localities";

export interface LocalityOption {
  code: string;
  /** As the picker lists it, without the county: 榕华街道, 榕华街道新风社区. */
  label: string;
  /** As the case records it, from the county down. */
  name: string;
  village: boolean;
}

/** The picker's options in the list's order; a village without its township is left out. */
export function localityOptions(l: Localities): LocalityOption[] {
  const towns = new Map(l.places.filter((p) => p.code.length === 9).map((p) => [p.code, p.name]));
  const options: LocalityOption[] = [];
  for (const p of l.places) {
    const village = p.code.length === 12;
    const town = village ? towns.get(p.code.slice(0, 9)) : "";
    if (town === undefined) continue;
    const label = `${town}${p.name}`;
    options.push({ code: p.code, label, name: `${l.county.name}${label}`, village });
  }
  return options;
}

/** The list as saved, codes in order so that each village follows its township. */
export function ordered(l: Localities): Localities {
  const places = l.places
    .map((p) => ({ code: p.code.trim(), name: p.name.trim() }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { ...l, places };
}

export const localities = ref<Localities | null>(null);

export async function loadLocalities(): Promise<Localities> {
  if (!localities.value) localities.value = await localitiesList();
  return localities.value;
}
