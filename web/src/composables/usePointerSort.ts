import { nextTick, ref, type Ref } from 'vue';

/**
 * Reordering by dragging a handle, with pointer events so mouse, pen and touch all work (HTML5
 * drag-and-drop does not fire on touch screens), plus arrow keys on the focused handle.
 * Items inside `container` carry `data-sort-item`; handles carry `data-sort-handle="<index>"`.
 */
export function usePointerSort(container: Ref<HTMLElement | null>, move: (from: number, to: number) => void) {
  const dragging = ref<number | null>(null);

  function itemRects(): DOMRect[] {
    return [...(container.value?.querySelectorAll<HTMLElement>('[data-sort-item]') ?? [])].map((el) =>
      el.getBoundingClientRect(),
    );
  }

  function onPointerDown(e: PointerEvent, index: number): void {
    if (e.button !== 0) return;
    e.preventDefault();
    dragging.value = index;
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
  }

  function onPointerMove(e: PointerEvent): void {
    const from = dragging.value;
    if (from === null) return;
    // New index = how many of the other items have their middle above the pointer.
    const rects = itemRects();
    let to = 0;
    rects.forEach((r, i) => {
      if (i !== from && e.clientY > r.top + r.height / 2) to += 1;
    });
    if (to !== from) {
      move(from, to);
      dragging.value = to;
    }
  }

  function onPointerUp(e: PointerEvent): void {
    if (dragging.value === null) return;
    (e.currentTarget as HTMLElement).releasePointerCapture?.(e.pointerId);
    dragging.value = null;
  }

  async function focusHandle(index: number): Promise<void> {
    await nextTick();
    container.value?.querySelector<HTMLElement>(`[data-sort-handle="${index}"]`)?.focus();
  }

  async function onKeydown(e: KeyboardEvent, index: number, count: number): Promise<void> {
    const to =
      e.key === 'ArrowUp'
        ? index - 1
        : e.key === 'ArrowDown'
          ? index + 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? count - 1
              : null;
    if (to === null || to < 0 || to >= count || to === index) return;
    e.preventDefault();
    move(index, to);
    await focusHandle(to);
  }

  return { dragging, onPointerDown, onPointerMove, onPointerUp, onKeydown, focusHandle };
}
