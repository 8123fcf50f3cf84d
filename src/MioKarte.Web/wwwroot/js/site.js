// MIO Karte: progressive enhancement only; every page works without this file.
(() => {
  "use strict";
  // A submit button is disabled after the first click, so a double tap on an iPad sends one form.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    // A download leaves the page as it is: its button must stay usable for a second try.
    if (form.hasAttribute("data-download")) return;
    // A file over its limit is not sent at all (the server would refuse it after a long upload).
    const oversized = Array.from(form.querySelectorAll("input[type=file][data-max-bytes]")).find((i) => i.validationMessage);
    if (oversized) {
      event.preventDefault();
      oversized.reportValidity();
      return;
    }
    window.setTimeout(() => {
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
    }, 0);
  });
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach((input) => {
    input.addEventListener("change", () => {
      const tooLarge = Array.from(input.files || []).some((file) => file.size > Number(input.dataset.maxBytes));
      input.setCustomValidity(tooLarge ? input.dataset.tooLarge || "" : "");
      if (tooLarge) input.reportValidity();
    });
  });
  // The language selector submits itself when changed, so the 切替 button is only a fallback.
  document.querySelectorAll(".language-switch select").forEach((select) => {
    select.addEventListener("change", () => select.form?.requestSubmit());
  });
})();
