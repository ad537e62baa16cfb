// Small SVG charts for the console: no dependencies, no inline styles (classes only).
const NS = "http://www.w3.org/2000/svg";
const W = 560, H = 180, PAD = { l: 48, r: 8, t: 8, b: 24 };

function svgEl(name, attrs = {}) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function label(date, spanMs) {
  const d = new Date(date);
  if (spanMs > 2 * 86400e3) return `${d.getMonth() + 1}/${d.getDate()}`;
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// series: [{name, values: [number|null], kind: "line"|"bar"}]; x: ISO bucket starts
export function chart(container, x, series, { format = (v) => String(v) } = {}) {
  container.replaceChildren();
  const all = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const max = niceMax(Math.max(0, ...all));
  const n = Math.max(1, x.length);
  const iw = W - PAD.l - PAD.r, ih = H - PAD.t - PAD.b;
  const xAt = (i) => PAD.l + (iw * (i + 0.5)) / n;
  const yAt = (v) => PAD.t + ih - (ih * v) / max;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "svgchart" });
  const title = svgEl("title");
  const last = series.map((s) => `${s.name}: total ${format(s.values.reduce((a, b) => a + (b || 0), 0))}`);
  title.textContent = last.join("; ");
  svg.append(title);
  for (const f of [0, 0.5, 1]) {
    const y = yAt(max * f);
    svg.append(svgEl("line", { x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, class: "grid" }));
    const t = svgEl("text", { x: PAD.l - 4, y: y + 4, class: "axis end" });
    t.textContent = format(max * f);
    svg.append(t);
  }
  const span = x.length > 1 ? Date.parse(x[x.length - 1]) - Date.parse(x[0]) : 0;
  const every = Math.max(1, Math.ceil(n / 6));
  x.forEach((start, i) => {
    if (i % every) return;
    const t = svgEl("text", { x: xAt(i), y: H - 6, class: "axis mid" });
    t.textContent = label(start, span);
    svg.append(t);
  });
  const bars = series.filter((s) => s.kind === "bar");
  const bw = (iw / n) * 0.8 / Math.max(1, bars.length);
  bars.forEach((s, k) => {
    s.values.forEach((v, i) => {
      if (!v) return;
      const x0 = xAt(i) - (iw / n) * 0.4 + k * bw;
      svg.append(svgEl("rect", { x: x0, y: yAt(v), width: Math.max(1, bw - 1), height: Math.max(0, yAt(0) - yAt(v)), class: `s${series.indexOf(s)}` }));
    });
  });
  series.forEach((s, k) => {
    if (s.kind === "bar") return;
    const pts = s.values.map((v, i) => (v === null || v === undefined ? null : `${xAt(i)},${yAt(v)}`));
    let run = [];
    const flush = () => {
      if (run.length > 1) svg.append(svgEl("polyline", { points: run.join(" "), class: `line s${k}` }));
      if (run.length === 1) {
        const [cx, cy] = run[0].split(",");
        svg.append(svgEl("circle", { cx, cy, r: 2.5, class: `dot s${k}` }));
      }
      run = [];
    };
    pts.forEach((p) => (p === null ? flush() : run.push(p)));
    flush();
  });
  const legend = document.createElement("ul");
  legend.className = "legend";
  series.forEach((s, k) => {
    const li = document.createElement("li");
    const sw = document.createElement("span");
    sw.className = `swatch s${k}`;
    li.append(sw, document.createTextNode(s.name));
    legend.append(li);
  });
  container.append(svg, legend);
}
