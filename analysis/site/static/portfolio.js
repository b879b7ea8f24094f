/* Paper lists (analysis/site/render.py): copy buttons for BibTeX, and the list filter.
 * Loaded (deferred) only on pages with a paper list. Without it every paper stays listed. */
(() => {
  "use strict";

  // A copy button is added when a BibTeX block is first opened, not on load: 1,000 cards
  // would otherwise carry 1,000 buttons nobody uses.
  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (!details.open || !details.matches("details.portfolio-bibtex")) return;
    if (details.querySelector(".portfolio-copy")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "portfolio-copy copybtn";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the BibTeX");
    button.addEventListener("click", async () => {
      const text = details.querySelector("pre").textContent;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
      } catch (error) {
        button.textContent = "Select and copy";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
    details.querySelector("summary").after(button);
  }, true);

  const FIELDS = ["theme", "type", "year", "q"];

  function setUp(form) {
    // The directive writes the form, its status line, then the list.
    const status = form.nextElementSibling;
    const list = status && status.nextElementSibling;
    if (!list || !list.matches(".portfolio-publications")) return;
    const cards = [...list.querySelectorAll("li.portfolio-paper")];
    const texts = cards.map((card) => card.textContent.toLowerCase());
    const headings = [...list.querySelectorAll(".portfolio-year")];

    // The URL holds the state (?theme=...&type=...&year=...&q=...), so a filtered list can be
    // shared and the back button works.
    const params = new URLSearchParams(location.search);
    for (const name of FIELDS) {
      const control = form.elements[name];
      const value = params.get(name);
      if (control && value !== null) control.value = value;
    }

    function apply(updateUrl) {
      const want = Object.fromEntries(FIELDS.map((n) => [n, (form.elements[n].value || "").trim()]));
      const words = want.q.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      cards.forEach((card, i) => {
        const d = card.dataset;
        const match = (!want.theme || d.themes.split(" ").includes(want.theme))
          && (!want.type || d.type === want.type)
          && (!want.year || d.year === want.year)
          && words.every((w) => texts[i].includes(w));
        card.hidden = !match;
        shown += match;
      });
      // A year heading and its list go when none of its papers is shown.
      for (const heading of headings) {
        const group = heading.nextElementSibling;
        const empty = !group.querySelector("li.portfolio-paper:not([hidden])");
        heading.hidden = empty;
        group.hidden = empty;
      }
      const filtered = FIELDS.some((n) => want[n]);
      status.textContent = filtered
        ? `${shown} of ${cards.length} papers shown`
        : `All ${cards.length} papers shown`;
      if (updateUrl) {
        const next = new URLSearchParams(location.search);
        for (const n of FIELDS) want[n] ? next.set(n, want[n]) : next.delete(n);
        const query = next.toString();
        history.replaceState(null, "", `${location.pathname}${query ? "?" + query : ""}${location.hash}`);
      }
    }

    form.addEventListener("input", () => apply(true));
    form.addEventListener("change", () => apply(true));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", () => setTimeout(() => apply(true), 0));
    form.hidden = false;
    apply(false);
  }

  function start() {
    document.querySelectorAll("form.portfolio-filter").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
