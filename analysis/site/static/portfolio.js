/* Paper lists (analysis/site/papers/render.py): copy buttons for BibTeX, and the list filter.
 * Loaded (deferred) only on pages with a paper list. Without it every paper stays listed. */
(() => {
  "use strict";

  // A BibTeX or abstract block is filled when first opened, not on load: the text comes from the
  // file its link names (1,000 cards would otherwise carry 1,000 of each).
  document.addEventListener("toggle", async (event) => {
    const details = event.target;
    if (!details.open || details.dataset.filled) return;
    if (details.matches("details.portfolio-abstract")) return showAbstract(details);
    if (!details.matches("details.portfolio-bibtex")) return;
    details.dataset.filled = "yes";
    const link = details.querySelector("a.portfolio-bibtex-file");
    const code = document.createElement("code");
    code.className = "portfolio-bibtex-text";
    code.tabIndex = 0; // it may scroll sideways
    try {
      const response = await fetch(link.href);
      if (!response.ok) throw new Error(response.statusText);
      code.textContent = (await response.text()).trim();
    } catch (error) {
      delete details.dataset.filled;
      return; // the link still opens the file
    }
    link.hidden = true;
    details.append(code);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "portfolio-copy copybtn";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the BibTeX");
    button.addEventListener("click", async () => {
      const text = details.querySelector(".portfolio-bibtex-text").textContent;
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

  // The abstract's page holds one <p> of escaped text and MathML, written by the build.
  async function showAbstract(details) {
    details.dataset.filled = "yes";
    const link = details.querySelector("a.portfolio-abstract-file");
    let text;
    try {
      const response = await fetch(link.href);
      if (!response.ok) throw new Error(response.statusText);
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      text = page.querySelector(".portfolio-abstract-text");
      if (!text) throw new Error("no abstract in " + link.href);
    } catch (error) {
      delete details.dataset.filled;
      return; // the link still opens the abstract's page
    }
    link.hidden = true;
    details.append(document.importNode(text, true));
  }

  const FIELDS = ["theme", "type", "year", "q"];

  function setUp(form) {
    // The directive writes the form, its status line, then the list.
    const status = form.nextElementSibling;
    const list = status && status.nextElementSibling;
    if (!list || !list.matches(".portfolio-publications")) return;
    const cards = [...list.querySelectorAll("li.portfolio-paper")];
    let texts = null; // read on the first search, not on load
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
      // A book without themes has no theme field.
      const want = Object.fromEntries(FIELDS.map((n) => [n, (form.elements[n]?.value || "").trim()]));
      const words = want.q.toLowerCase().split(/\s+/).filter(Boolean);
      if (words.length && !texts) texts = cards.map((card) => card.textContent.toLowerCase());
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
    // "Show all" clears the controls itself: the reset event fires before the browser resets
    // them, and a deferred apply() would leave a moment where the list and the controls disagree.
    form.addEventListener("reset", (event) => {
      event.preventDefault();
      for (const name of FIELDS) if (form.elements[name]) form.elements[name].value = "";
      apply(true);
    });
    if (FIELDS.some((n) => params.get(n))) apply(false);
    else status.textContent = `All ${cards.length} papers shown`;
  }

  function start() {
    document.querySelectorAll("form.portfolio-filter").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
