addEventListener("beforeprint", () => document.querySelectorAll("details:not(.timeline-box):not(.rest):not(.xml):not(.run)").forEach(d => d.open = true));
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
    // A row is one run (data-run) or the NOT-APPLICABLE runs of one reason (data-runs).
    document.querySelectorAll("#summary tbody tr[data-level]").forEach(row => {
      const show = on.has(row.dataset.level) && (!q || row.textContent.toLowerCase().includes(q));
      row.hidden = !show;
      const runs = (row.dataset.runs ?? row.dataset.run).split(" ");
      runs.forEach(id => { const section = document.getElementById(id); if (section) section.hidden = !show; });
      if (show) shown += runs.length;
    });
    const output = bar.querySelector("output");
    output.textContent = output.dataset.shown.replace("{n}", shown);
  };
  bar.addEventListener("input", apply);
  apply();
});
// A page with its folds packed (docs/reports.md, "Sizes"): the pieces said once, one a line;
// then, NUL before each, each fold its key, a newline and its HTML, each piece of a line on a
// line of its own (U+0002 before a piece that continues the line before), a piece said once
// written as U+0001 and its place in that list; gzip and base64. The block is read the first time a
// fold is opened, and a fold is put in place when it is opened (or a link leads into it), never
// at load: a page of a hundred failed runs shows at once.
let packed;
const folds = () => packed ??= (async () => {
  const block = document.getElementById("packed");
  if (!block) return { once: [], map: new Map() };
  const bytes = Uint8Array.from(atob(block.textContent.trim()), c => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  const [said, ...each] = (await new Response(stream).text()).split("\0");
  return { once: said.split("\n"), map: new Map(each.map(f => { const at = f.indexOf("\n"); return [f.slice(0, at), f.slice(at + 1)]; })) };
})();
const fill = async holders => {
  if (!holders.length) return;
  const { once, map } = await folds();
  const piece = l => l[0] === "\x01" ? once[+l.slice(1)] : l;
  const html = key => map.get(key)?.split("\n").map(l => l[0] === "\x02" ? "\x02" + piece(l.slice(1)) : piece(l)).join("\n").replaceAll("\n\x02", "");
  holders.forEach(h => { if (h.isConnected) h.outerHTML = html(h.dataset.fold) ?? h.outerHTML; });
};
document.addEventListener("toggle", e => {
  if (e.target.open) fill([...e.target.querySelectorAll(":scope > div.packed[data-fold]")]);
}, true);
// Only the lines of a scenario file a finding links to are anchored in the page (docs/reports.md,
// "The timeline strip"): a link to another line (`<scenario>-L<n>`) anchors each line of that
// file first, as the page had them, and marks the line it leads to.
const anchorLines = id => {
  const at = /-L(\d+)$/.exec(id);
  const section = at && document.getElementById(id.slice(0, at.index));
  const pre = section?.querySelector("details.yaml > pre");
  if (!pre) return false;
  pre.replaceChildren(...pre.textContent.split("\n").flatMap((line, i) => {
    const span = document.createElement("span");
    span.id = `${section.id}-L${i + 1}`;
    span.textContent = line;
    return i ? ["\n", span] : [span];
  }));
  document.getElementById(id)?.classList.add("on");
  return true;
};
const reveal = async () => {
  const id = location.hash && decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  let target = document.getElementById(id);
  if (!target) {
    // An event's row in a packed timeline: its run's folds are put in place first.
    const section = [...document.querySelectorAll("section.scenario[id]")].find(s => id.startsWith(s.id + "-"));
    if (section) { await fill([...section.querySelectorAll("div.packed[data-fold]")]); target = document.getElementById(id); }
  }
  if (!target && anchorLines(id)) target = document.getElementById(id);
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
