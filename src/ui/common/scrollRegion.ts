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
  const resized = new ResizeObserver(update);
  resized.observe(el);
  // The box keeps its size once it reaches its max-height; its content's size is what changes.
  const watchContent = () => {
    for (const child of el.children) resized.observe(child);
  };
  const added = new MutationObserver(() => {
    watchContent();
    update();
  });
  added.observe(el, { childList: true });
  watchContent();
  update();
  return () => {
    resized.disconnect();
    added.disconnect();
  };
}
