// 一連の表: progressive enhancement only. Without this file every cell is a plain link whose
// address keeps the table's state; with it, a detail opens beside the table without reloading,
// so the table keeps its place (scroll position, focus).
(() => {
  "use strict";
  const pane = document.querySelector("[data-detail-pane]");
  const layout = document.querySelector(".record-layout");
  const scroller = document.querySelector("[data-record-scroller]");

  // Bring the selected column into view (a bookmarked or reloaded detail).
  // Otherwise open on the newest period that holds a record, not on empty weeks at the right edge,
  // and start the view on a whole column: a header half under the sticky 区分 column ("1/9～" for
  // 11/9～) reads as another month.
  const selected = scroller?.querySelector(".record-table__cell.is-selected, .record-table__period.is-selected");
  if (scroller) {
    const sticky = scroller.querySelector(".record-table__corner")?.offsetWidth ?? 0;
    const headers = [...scroller.querySelectorAll(".record-table__period")];
    const wholeColumnFrom = (target) => {
      const first = headers.find((h) => h.offsetLeft - sticky >= target);
      return first ? first.offsetLeft - sticky : target;
    };
    if (selected) {
      scroller.scrollLeft = wholeColumnFrom(Math.max(0, selected.offsetLeft - scroller.clientWidth / 2));
    } else {
      const cells = [...scroller.querySelectorAll(".record-table__cell")];
      const right = cells.length ? Math.max(...cells.map((c) => c.offsetLeft + c.offsetWidth)) : scroller.scrollWidth;
      scroller.scrollLeft = wholeColumnFrom(Math.max(0, right - scroller.clientWidth));
    }
    // Say that the table scrolls sideways when it does (touch screens show no scroll bar).
    const hint = document.getElementById("record-scroll-hint");
    if (hint && scroller.scrollWidth > scroller.clientWidth + 1) hint.hidden = false;
  }

  // While a facility is still being read (#record-progress), ask the portal how far it is and
  // show the whole table as soon as everything is in. Without script the banner's link does it.
  const progress = document.getElementById("record-progress");
  if (progress && window.fetch) {
    const list = progress.querySelector(".record-progress__facilities");
    const poll = async () => {
      try {
        const response = await fetch(progress.dataset.progressUrl, { credentials: "same-origin", cache: "no-store" });
        if (!response.ok) return; // signed out or gone: the link stays
        const state = await response.json();
        if (state.complete) { location.reload(); return; }
        list.replaceChildren(...state.loading.map((name) => Object.assign(document.createElement("li"), { textContent: name })));
      } catch {
        // a network hiccup: try again
      }
      setTimeout(poll, 700);
    };
    setTimeout(poll, 500);
  }

  if (!pane || !layout || !window.fetch) return;

  const markSelected = (url) => {
    const sel = new URL(url, location.href).searchParams.get("sel");
    document.querySelectorAll(".record-table__cell.is-selected").forEach((c) => c.classList.remove("is-selected"));
    document.querySelectorAll(".record-table a.cell").forEach((a) => {
      const isIt = new URL(a.href).searchParams.get("sel") === sel;
      a.setAttribute("aria-current", isIt ? "true" : "false");
      if (isIt) a.parentElement.classList.add("is-selected");
    });
    layout.classList.toggle("record-layout--detail", !!sel);
  };

  const open = async (href, push) => {
    const url = new URL(href, location.href);
    url.hash = "";
    const partial = new URL(url);
    partial.searchParams.set("partial", "true");
    try {
      const response = await fetch(partial, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } });
      if (!response.ok) { location.href = href; return; }
      pane.innerHTML = await response.text();
      if (push) history.pushState({ detail: true }, "", url);
      markSelected(url);
      if (window.matchMedia("(max-width: 999px)").matches) pane.scrollIntoView({ block: "start" });
      pane.focus({ preventScroll: true });
    } catch {
      location.href = href;
    }
  };

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-detail], a[data-detail-close]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    if (link.hasAttribute("data-detail-close")) {
      const url = new URL(link.href);
      history.pushState({}, "", url);
      pane.innerHTML = "";
      markSelected(url);
      return;
    }
    open(link.href, true);
  });

  window.addEventListener("popstate", () => {
    const sel = new URL(location.href).searchParams.get("sel");
    if (sel) open(location.href, false); else { pane.innerHTML = ""; markSelected(location.href); }
  });
})();
