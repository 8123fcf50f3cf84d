// Image viewer: zoom (buttons, wheel, pinch, + and -), pan (drag, one finger), fit (0), previous and
// next (← →, the links work without script). No inline script or style: the transform is set
// through the CSSOM, which the CSP allows.
(() => {
  "use strict";
  const stage = document.querySelector("[data-viewer-stage]");
  const img = stage?.querySelector("img");
  if (!stage || !img) return;
  stage.classList.remove("viewer__stage--static");

  let scale = 1, x = 0, y = 0;
  const apply = () => { img.style.transform = `translate(${x}px, ${y}px) scale(${scale})`; stage.dataset.scale = scale.toFixed(3); };
  const fit = () => {
    const w = img.naturalWidth || 1, h = img.naturalHeight || 1;
    scale = Math.min(stage.clientWidth / w, stage.clientHeight / h);
    x = (stage.clientWidth - w * scale) / 2;
    y = (stage.clientHeight - h * scale) / 2;
    apply();
  };
  const zoomAt = (factor, cx, cy) => {
    const next = Math.min(20, Math.max(0.05, scale * factor));
    x = cx - (cx - x) * (next / scale);
    y = cy - (cy - y) * (next / scale);
    scale = next;
    apply();
  };
  const center = () => [stage.clientWidth / 2, stage.clientHeight / 2];

  if (img.complete) fit(); else img.addEventListener("load", fit);
  window.addEventListener("resize", fit);

  document.querySelector("[data-zoom-in]")?.addEventListener("click", () => zoomAt(1.25, ...center()));
  document.querySelector("[data-zoom-out]")?.addEventListener("click", () => zoomAt(0.8, ...center()));
  document.querySelector("[data-fit]")?.addEventListener("click", fit);

  stage.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = stage.getBoundingClientRect();
    zoomAt(e.deltaY < 0 ? 1.1 : 0.9, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });

  // Pointer events: one pointer pans, two pointers pinch (iPad).
  const pointers = new Map();
  let lastDistance = 0;
  stage.addEventListener("pointerdown", (e) => {
    try { stage.setPointerCapture(e.pointerId); } catch { /* a pointer the browser no longer tracks */ }
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
  });
  stage.addEventListener("pointermove", (e) => {
    const previous = pointers.get(e.pointerId);
    if (!previous) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 1) {
      x += e.clientX - previous.x;
      y += e.clientY - previous.y;
      apply();
    } else if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      const r = stage.getBoundingClientRect();
      if (lastDistance > 0) zoomAt(distance / lastDistance, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
      lastDistance = distance;
    }
  });
  const end = (e) => { pointers.delete(e.pointerId); if (pointers.size < 2) lastDistance = 0; };
  stage.addEventListener("pointerup", end);
  stage.addEventListener("pointercancel", end);

  // Safari's gesture events (older iPadOS) for pinch where pointer events do not report two fingers.
  let gestureStart = 1;
  stage.addEventListener("gesturestart", (e) => { e.preventDefault(); gestureStart = scale; });
  stage.addEventListener("gesturechange", (e) => { e.preventDefault(); zoomAt((gestureStart * e.scale) / scale, ...center()); });

  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement) return;
    const go = (selector) => { const link = document.querySelector(selector); if (link) location.href = link.href; };
    switch (e.key) {
      case "+": case "=": zoomAt(1.25, ...center()); break;
      case "-": zoomAt(0.8, ...center()); break;
      case "0": fit(); break;
      case "ArrowLeft": go("[data-previous]"); break;
      case "ArrowRight": go("[data-next]"); break;
      case "Escape": go("[data-back]"); break;
      default: return;
    }
    e.preventDefault();
  });
})();
