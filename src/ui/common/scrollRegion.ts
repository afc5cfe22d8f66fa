/**
 * A Svelte attachment for a box that may scroll (`.table-scroll`): while its content overflows,
 * it joins the tab order so keyboard users can scroll it with the arrow keys (WCAG 2.1.1; axe's
 * scrollable-region-focusable). A box that fits stays out of the tab order.
 */
export function scrollRegion(el: HTMLElement): () => void {
  const update = () => {
    const scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (scrolls) el.tabIndex = 0;
    else el.removeAttribute('tabindex');
  };
  // Measured in the next frame, not when the content changes: reading scrollWidth right after
  // Svelte inserted a table forced its layout inside the same task (120 ms for a 100-row profile).
  let frame = 0;
  const later = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), update()));
  };
  const resized = new ResizeObserver(update);
  resized.observe(el);
  // The box keeps its size once it reaches its max-height; its content's size is what changes.
  const watchContent = () => {
    for (const child of el.children) resized.observe(child);
  };
  const added = new MutationObserver(() => {
    watchContent();
    later();
  });
  added.observe(el, { childList: true });
  watchContent();
  later();
  return () => {
    cancelAnimationFrame(frame);
    resized.disconnect();
    added.disconnect();
  };
}
