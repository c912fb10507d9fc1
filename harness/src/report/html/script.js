addEventListener("beforeprint", () => document.querySelectorAll("details:not(.timeline-box):not(.rest):not(.xml)").forEach(d => d.open = true));
addEventListener("DOMContentLoaded", () => {
  const bar = document.getElementById("filter");
  if (!bar) return;
  const boxes = [...bar.querySelectorAll("input[type=checkbox]")];
  const search = bar.querySelector("input[type=search]");
  const params = new URLSearchParams(location.search);
  const only = params.get("only");
  if (only) { const levels = only.split(","); boxes.forEach(b => b.checked = levels.includes(b.value)); }
  if (params.get("q")) search.value = params.get("q");
  const apply = () => {
    const on = new Set(boxes.filter(b => b.checked).map(b => b.value));
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    document.querySelectorAll("#summary tbody tr[data-run]").forEach(row => {
      const show = on.has(row.dataset.level) && (!q || row.textContent.toLowerCase().includes(q));
      row.hidden = !show;
      const section = document.getElementById(row.dataset.run);
      if (section) section.hidden = !show;
      if (show) shown++;
    });
    const output = bar.querySelector("output");
    output.textContent = output.dataset.shown.replace("{n}", shown);
  };
  bar.addEventListener("input", apply);
  apply();
});
const reveal = () => {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!target) return;
  for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  target.scrollIntoView({ block: "center" });
};
addEventListener("hashchange", reveal);
addEventListener("DOMContentLoaded", reveal);
addEventListener("click", e => {
  const link = e.target.closest("a.to-strip");
  if (!link) return;
  const section = link.closest("section");
  section.querySelectorAll(".mark.on").forEach(m => m.classList.remove("on"));
  link.dataset.ev.split(" ").forEach(i => document.getElementById(section.id + "-tl-" + i)?.classList.add("on"));
});
// A page with its folds packed (docs/reports.md, "Sizes"): the folds' HTML, each its key, a
// newline and its HTML, NUL between them, gzip and base64, put in place when the page loads;
// the folds that would have been open are opened.
addEventListener("DOMContentLoaded", async () => {
  const block = document.getElementById("packed");
  if (!block) return;
  const bytes = Uint8Array.from(atob(block.textContent.trim()), c => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  const text = await new Response(stream).text();
  const folds = new Map(text.split("\0").map(f => { const at = f.indexOf("\n"); return [f.slice(0, at), f.slice(at + 1)]; }));
  document.querySelectorAll("div.packed[data-fold]").forEach(d => { d.outerHTML = folds.get(d.dataset.fold) ?? d.outerHTML; });
  document.querySelectorAll("details[data-open]").forEach(d => { d.open = true; });
  reveal();
});
