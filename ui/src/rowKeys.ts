// v-row-keys on an el-table: every body row takes the focus in Tab order and Enter (or Space)
// opens it, as a click does. The value is the function a click calls, given the row's data.
import type { Directive } from "vue";

type Open = (index: number) => void;
const handlers = new WeakMap<HTMLElement, { open: Open; onKey: (e: KeyboardEvent) => void }>();

/** The table's body rows, in order (the fixed-column copies left out). */
function rows(table: HTMLElement): HTMLElement[] {
  return [...table.querySelectorAll<HTMLElement>(".el-table__body-wrapper tr.el-table__row")];
}

function mark(table: HTMLElement) {
  for (const row of rows(table)) {
    if (row.tabIndex !== 0) row.tabIndex = 0;
  }
}

export const rowKeys: Directive<HTMLElement, (index: number) => void> = {
  mounted(el, binding) {
    const entry = {
      open: binding.value,
      onKey(e: KeyboardEvent) {
        if (e.key !== "Enter" && e.key !== " ") return;
        const row = (e.target as HTMLElement | null)?.closest?.("tr.el-table__row");
        if (!row) return;
        const index = rows(el).indexOf(row as HTMLElement);
        if (index < 0) return;
        e.preventDefault();
        entry.open(index);
      },
    };
    handlers.set(el, entry);
    el.addEventListener("keydown", entry.onKey);
    mark(el);
  },
  updated(el, binding) {
    const entry = handlers.get(el);
    if (entry) entry.open = binding.value;
    // Rows are drawn after the data changes: mark them once they are there.
    requestAnimationFrame(() => mark(el));
  },
  unmounted(el) {
    const entry = handlers.get(el);
    if (entry) el.removeEventListener("keydown", entry.onKey);
    handlers.delete(el);
  },
};
