/* What a reader at `width` CSS px would see cut: a page wider than the screen
   (a phone then zooms out or scrolls sideways), an element reaching past
   either edge, or text clipped by its box. Used by tests/browser_checks.py. */
(width) => {
  const found = [];
  const text = (el) => `"${el.textContent.trim().slice(0, 20)}"`;
  const name = (el) => {
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean) : [];
    return [el.tagName.toLowerCase(), ...classes].join('.');
  };
  if (window.innerWidth !== width) found.push(`laid out ${window.innerWidth} px wide on a ${width} px screen`);
  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > width) found.push(`page ${pageWidth} px wide`);
  for (const el of document.querySelectorAll('body *')) {
    if (el.offsetParent === null || el.closest('.visually-hidden, .skip-link, svg')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const outside = box.right > width + 1 || box.left < -1;
    const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (!outside && !overflows) continue;
    const style = getComputedStyle(el);
    if (style.clipPath !== 'none') continue; // hidden on purpose, still read out
    if (outside) {
      found.push(`${name(el)} ${text(el)} at ${Math.round(box.left)}..${Math.round(box.right)}`);
    } else if (/(hidden|clip)/.test(style.overflowX + style.overflowY)) {
      found.push(`${name(el)} ${text(el)} clips its text`);
    }
  }
  return found;
}
