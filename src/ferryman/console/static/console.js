// The console's pages: read the admin JSON API with the session cookie; every state-changing call
// carries the session's CSRF token. DOM built with textContent only (never innerHTML).
import { chart } from "./charts.js";

const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") || "";
const page = document.body.dataset.page;
const canWrite = document.body.dataset.write === "yes";
const $ = (id) => document.getElementById(id);

async function api(path, { method = "GET", json } = {}) {
  const headers = { accept: "application/json" };
  if (method !== "GET") headers["x-csrf-token"] = csrf;
  if (json !== undefined) headers["content-type"] = "application/json";
  const resp = await fetch(path, {
    method, headers, credentials: "same-origin", body: json === undefined ? undefined : JSON.stringify(json),
  });
  let data = null;
  try { data = await resp.json(); } catch { data = null; }
  if (resp.status === 401) location.assign("/console/login");
  if (!resp.ok) throw new Error(data?.error?.message || `request failed (HTTP ${resp.status})`);
  return data;
}

function say(message, kind = "info") {
  const box = $("status");
  box.textContent = message;
  box.className = `status ${kind}`;
}

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

const num = (v, digits = 0) => (v === null || v === undefined ? "–" : Number(v).toLocaleString("en", { maximumFractionDigits: digits }));
const usd = (v) => (v === null || v === undefined ? "–" : `$${Number(v).toFixed(v < 1 ? 4 : 2)}`);
const when = (iso) => (iso ? new Date(iso).toLocaleString("en-GB", { hour12: false }) : "–");
const sum = (o) => Object.values(o || {}).reduce((a, b) => a + b, 0);

// columns: [[label, row => text|Node]]
function table(target, columns, rows, { empty = "Nothing to show yet.", rowClass, caption } = {}) {
  if (!rows.length) { target.replaceChildren(h("p", { class: "empty" }, empty)); return; }
  const head = h("tr", {}, columns.map(([label]) => h("th", { scope: "col" }, label)));
  const body = rows.map((r) => h("tr", { class: rowClass ? rowClass(r) : null }, columns.map(([, f]) => h("td", {}, f(r) ?? "–"))));
  target.replaceChildren(h("table", {}, caption ? h("caption", {}, caption) : null, h("thead", {}, head), h("tbody", {}, body)));
}

function counts(target, data, label, empty) {
  const rows = Object.entries(data || {}).map(([k, n]) => ({ k, n }));
  table(target, [[label, (r) => r.k], ["Count", (r) => num(r.n)]], rows, { empty });
}

function facts(target, pairs) {
  target.replaceChildren(...pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v ?? "–")]));
}

function tiles(target, pairs) {
  target.replaceChildren(...pairs.map(([k, v]) => h("div", { class: "tile" }, h("dt", {}, k), h("dd", {}, v))));
}

function periodOf() {
  const [since, bucket] = ($("period")?.value || "24h|1h").split("|");
  return { since, bucket };
}

function onSubmit(id, fn) {
  $(id)?.addEventListener("submit", (e) => { e.preventDefault(); fn(new FormData(e.target)).catch((err) => say(err.message, "error")); });
}

function budgetTable(target, rows) {
  table(target, [
    ["Scope", (r) => r.scope], ["Subject", (r) => r.id], ["Span", (r) => `${r.span} ${r.period}`],
    ["Spent", (r) => usd(r.spent_usd)], ["Cap", (r) => (r.cap_usd === null ? "no cap" : usd(r.cap_usd))],
    ["Use", (r) => (r.cap_usd ? h("span", { class: "use" }, h("progress", { max: 1, value: Math.min(1, r.used || 0), "aria-label": `${r.id} budget use` }), ` ${Math.round((r.used || 0) * 100)}%`) : "tracked")],
    ["Requests", (r) => num(r.requests)],
  ], rows, { empty: "No spend recorded in the current day or month.", rowClass: (r) => ((r.used || 0) >= 0.8 ? "warn" : null) });
}

function alertTable(target, rows) {
  table(target, [["Alert", (r) => r.name], ["Severity", (r) => h("span", { class: `badge ${r.severity}` }, r.severity)], ["Summary", (r) => r.summary]],
    rows, { empty: "No active alerts." });
}

const pages = {
  async overview() {
    const load = async () => {
      const { since, bucket } = periodOf();
      const stats = await api(`/admin/stats?since=${since}&bucket=${bucket}`);
      const t = stats.totals;
      tiles($("totals"), [
        ["Requests", num(t.requests)], ["Error rate", t.error_rate === null ? "–" : `${(t.error_rate * 100).toFixed(1)}%`],
        ["Latency p50 / p95 / p99", `${num(t.latency_ms.p50, 1)} / ${num(t.latency_ms.p95, 1)} / ${num(t.latency_ms.p99, 1)} ms`],
        ["Overhead p50 / p95 / p99", `${num(t.overhead_ms.p50, 2)} / ${num(t.overhead_ms.p95, 2)} / ${num(t.overhead_ms.p99, 2)} ms`],
        ["Tokens in / out", `${num(t.prompt_tokens)} / ${num(t.completion_tokens)}`], ["Cost", usd(t.cost_usd)],
      ]);
      const x = stats.series.map((b) => b.start);
      const col = (f) => stats.series.map(f);
      chart($("chart-requests"), x, [{ name: "requests", kind: "bar", values: col((b) => b.requests) }, { name: "errors", kind: "bar", values: col((b) => b.errors) }], { format: (v) => num(v) });
      chart($("chart-latency"), x, ["p50", "p95", "p99"].map((p) => ({ name: p, values: col((b) => b.latency_ms[p]) })), { format: (v) => num(v, 1) });
      chart($("chart-overhead"), x, ["p50", "p95"].map((p) => ({ name: p, values: col((b) => b.overhead_ms[p]) })), { format: (v) => num(v, 2) });
      chart($("chart-tokens"), x, [{ name: "tokens", kind: "bar", values: col((b) => b.tokens) }], { format: (v) => num(v) });
      chart($("chart-cost"), x, [{ name: "USD", kind: "bar", values: col((b) => b.cost_usd) }], { format: (v) => usd(v) });
    };
    $("period-form").addEventListener("submit", (e) => { e.preventDefault(); load().catch((err) => say(err.message, "error")); });
    await Promise.all([
      load(),
      api("/admin/usage").then((u) => budgetTable($("budgets"), u.data)),
      fetch("/readyz").then((r) => r.json()).then((r) => {
        const rows = Object.entries(r.circuits || {}).map(([name, state]) => ({ name, state: typeof state === "string" ? state : state.state || JSON.stringify(state) }));
        table($("circuits"), [["Provider", (c) => c.name], ["State", (c) => h("span", { class: `badge ${c.state}` }, c.state)]], rows, { empty: "No providers." });
      }),
      api("/admin/alerts").then((a) => alertTable($("alerts"), a.data)),
    ]);
  },

  async keys() {
    const key = document.body.dataset.key;
    wireSecret();
    if (key) return keyDetail(key);
    let filters = new URLSearchParams();
    const load = async () => {
      const data = await api(`/admin/keys?${filters}`);
      table($("keys"), [
        ["Name", (k) => h("a", { href: `/console/keys/${encodeURIComponent(k.id)}` }, k.name)], ["Prefix", (k) => h("code", {}, k.prefix)],
        ["Role", (k) => k.role], ["Env", (k) => k.environment], ["Team", (k) => k.team], ["Status", (k) => h("span", { class: `badge ${k.status}` }, k.status)],
        ["Expires", (k) => when(k.expires_at)], ["Last used", (k) => when(k.last_used_at)],
        ...(canWrite ? [["Actions", (k) => (k.status === "revoked" ? "" : h("span", { class: "actions" },
          h("button", { type: "button", onclick: () => rotate(k, load) }, "Rotate"),
          h("button", { type: "button", class: "danger", "data-revoke": k.prefix, onclick: () => revoke(k, load) }, "Revoke")))]] : []),
      ], data.data, { empty: "No keys match these filters." });
    };
    onSubmit("key-filters", async (form) => { filters = new URLSearchParams([...form].filter(([, v]) => v)); await load(); });
    onSubmit("create-key", async (form) => {
      const body = {};
      for (const [k, v] of form) if (v) body[k] = k === "rpm" ? Number(v) : v;
      const made = await api("/admin/keys", { method: "POST", json: body });
      showSecret(made.secret, `Key ${made.key.prefix} created.`);
      $("create-key").reset();
      await load();
    });
    await load();
  },

  async audit() {
    let params = new URLSearchParams(), last = null;
    const rows = [];
    const show = (e) => {
      $("event-detail").hidden = false;
      facts($("event-facts"), Object.entries(e).map(([k, v]) => [k, v === null ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v)]));
      $("detail-h").focus();
    };
    const render = () => table($("events"), [
      ["Time", (e) => h("button", { type: "button", class: "link", onclick: () => show(e) }, when(e.ts))],
      ["Key", (e) => e.key_name || e.key_prefix || e.identity_kind], ["Model", (e) => e.alias], ["Status", (e) => String(e.status)],
      ["Outcome", (e) => h("span", { class: `badge ${e.outcome}` }, e.outcome)], ["Latency", (e) => `${num(e.latency_ms, 1)} ms`],
      ["Tokens", (e) => num((e.prompt_tokens || 0) + (e.completion_tokens || 0))], ["Redactions", (e) => num(sum(e.redactions))],
    ], rows, { empty: "No events match these filters.", rowClass: (e) => (e.status >= 400 ? "bad" : null) });
    const load = async (more) => {
      const q = new URLSearchParams(params);
      q.set("limit", "50");
      if (more && last) q.set("before", last);
      const data = await api(`/admin/audit/events?${q}`);
      if (!more) rows.length = 0;
      rows.push(...data.data);
      last = rows.length ? rows[rows.length - 1].id : null;
      $("older").hidden = !data.has_more;
      render();
    };
    onSubmit("audit-filters", async (form) => {
      params = new URLSearchParams();
      for (const [k, v] of form) if (v) params.set(k, k === "since" || k === "until" ? new Date(v).toISOString() : v);
      const exp = new URLSearchParams([...params].filter(([k]) => ["since", "until", "key_id", "model"].includes(k)));
      $("export").setAttribute("href", `/admin/audit/export?${exp}`);
      await load(false);
    });
    $("older").addEventListener("click", () => load(true).catch((err) => say(err.message, "error")));
    $("detail-h").setAttribute("tabindex", "-1");
    await load(false);
  },

  async protection() {
    const load = async () => {
      const { since, bucket } = periodOf();
      const s = await api(`/admin/stats?since=${since}&bucket=${bucket}`);
      const p = s.protection;
      chart($("chart-protection"), s.series.map((b) => b.start), [
        { name: "redactions", kind: "bar", values: s.series.map((b) => b.redactions) },
        { name: "blocks", kind: "bar", values: s.series.map((b) => b.blocks) },
      ], { format: (v) => num(v) });
      counts($("by-type"), p.by_type, "Entity type", "No redactions in this period.");
      counts($("by-action"), p.by_action, "Action", "No redactions in this period.");
      counts($("blocked"), p.blocked, "Reason", "No blocked requests in this period.");
      counts($("injection"), p.injection, "Decision", "No injection findings in this period.");
      table($("top-keys"), [["Key", (k) => h("a", { href: `/console/keys/${encodeURIComponent(k.key_id)}` }, k.label)], ["Blocks", (k) => num(k.blocks)], ["Redactions", (k) => num(k.redactions)]],
        p.top_keys, { empty: "No key had a block or a redaction in this period." });
    };
    $("period-form").addEventListener("submit", (e) => { e.preventDefault(); load().catch((err) => say(err.message, "error")); });
    await load();
  },

  async flows() {
    const load = async (since) => {
      const f = await api(`/admin/flows?since=${since}`);
      table($("mismatches"), [["Kind", (m) => h("strong", {}, m.kind)], ["Flow", (m) => m.flow], ["Subject", (m) => m.subject], ["Detail", (m) => m.detail]],
        f.mismatches, { empty: "No mismatches: observed traffic matches the declared flows.", rowClass: () => "mismatch" });
      const flagged = new Set(f.mismatches.map((m) => m.subject));
      table($("observed"), [["Flow", (o) => o.flow || "undeclared"], ["Caller", (o) => o.caller], ["Route", (o) => o.route], ["Provider", (o) => o.provider],
        ["Region", (o) => o.region], ["Env", (o) => o.environment], ["Requests", (o) => num(o.requests)],
        ["Left in clear", (o) => Object.keys(o.left).join(", ") || "none"], ["Redacted", (o) => num(sum(o.redacted))]],
      f.observed, { empty: "No traffic in this period.", rowClass: (o) => (!o.flow || flagged.has(o.caller) || Object.keys(o.left).length ? "mismatch" : null) });
      const declared = Array.isArray(f.declared) ? f.declared : Object.entries(f.declared || {}).map(([name, d]) => ({ name, ...d }));
      table($("declared"), [["Flow", (d) => d.name], ["Declaration", (d) => JSON.stringify(Object.fromEntries(Object.entries(d).filter(([k]) => k !== "name")))]],
        declared, { empty: "No flows declared in the configuration (governance.flows)." });
    };
    onSubmit("flows-form", async (form) => load(form.get("since")));
    await load("30d");
  },

  async controls() {
    const load = async () => {
      const s = await api("/admin/kill-switches");
      table($("switches"), [["Scope", (k) => k.scope], ["Target", (k) => k.target], ["Reason", (k) => k.reason], ["By", (k) => k.created_by], ["Since", (k) => when(k.created_at)],
        ...(canWrite ? [["", (k) => h("button", { type: "button", onclick: () => lift(k) }, "Lift")]] : [])],
      s.data, { empty: "No kill switch is engaged: traffic flows." , rowClass: () => "bad" });
    };
    const lift = async (k) => {
      try { await api(`/admin/kill-switches/${encodeURIComponent(k.id)}`, { method: "DELETE" }); say(`Lifted ${k.scope}:${k.target}.`, "ok"); await load(); } catch (err) { say(err.message, "error"); }
    };
    onSubmit("engage", async (form) => {
      if (!confirm("Stop this traffic now, on every instance?")) return;
      await api("/admin/kill-switches", { method: "POST", json: Object.fromEntries(form) });
      say("Kill switch engaged.", "ok");
      await load();
    });
    await Promise.all([load(), api("/admin/alerts").then((a) => alertTable($("alerts"), a.data))]);
  },
};

function wireSecret() {
  $("copy-secret")?.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText($("new-secret").textContent); $("copy-state").textContent = "Copied."; }
    catch { $("copy-state").textContent = "Copy failed: select the secret and copy it by hand."; }
  });
  $("hide-secret")?.addEventListener("click", () => { $("new-secret").textContent = ""; $("secret-panel").hidden = true; });
}

function showSecret(secret, message) {
  $("new-secret").textContent = secret;
  $("copy-state").textContent = "";
  $("secret-panel").hidden = false;
  say(message, "ok");
  $("copy-secret").focus();
}

async function rotate(k, after) {
  if (!confirm(`Rotate ${k.name}? The old secret keeps working for the grace period.`)) return;
  try { const r = await api(`/admin/keys/${encodeURIComponent(k.id)}/rotate`, { method: "POST" }); showSecret(r.secret, `Key ${k.prefix} rotated.`); await after(); }
  catch (err) { say(err.message, "error"); }
}

async function revoke(k, after) {
  if (!confirm(`Revoke ${k.name} now? Requests with it are refused from now on.`)) return;
  try { await api(`/admin/keys/${encodeURIComponent(k.id)}/revoke`, { method: "POST" }); say(`Key ${k.prefix} revoked.`, "ok"); await after(); }
  catch (err) { say(err.message, "error"); }
}

async function keyDetail(id) {
  const load = async () => {
    const k = await api(`/admin/keys/${encodeURIComponent(id)}`);
    $("key-title").textContent = `${k.name} (${k.prefix})`;
    facts($("key-facts"), [
      ["Status", h("span", { class: `badge ${k.status}` }, k.status)], ["Role", k.role], ["Environment", k.environment], ["Team", k.team],
      ["Models", k.models ? k.models.join(", ") : "every model of the environment"], ["Endpoints", k.endpoints ? k.endpoints.join(", ") : "all"],
      ["Policy", k.policy || "default"], ["Limits", `${k.rpm ?? "default"} rpm, ${k.tpm ?? "default"} tpm`], ["Budget", k.budget_usd === null ? "none" : usd(k.budget_usd)],
      ["Expires", when(k.expires_at)], ["Created", `${when(k.created_at)} by ${k.created_by}`], ["Last used", when(k.last_used_at)], ["Revoked", when(k.revoked_at)],
    ]);
    if ($("key-actions")) $("key-actions").hidden = k.status === "revoked";
    if ($("rotate")) $("rotate").onclick = () => rotate(k, load);
    if ($("revoke")) $("revoke").onclick = () => revoke(k, load);
    return k;
  };
  const k = await load();
  await Promise.all([
    api(`/admin/usage?scope=key&id=${encodeURIComponent(k.id)}`).then((u) => budgetTable($("key-budget"), u.data)),
    api(`/admin/audit/events?key_id=${encodeURIComponent(k.id)}&limit=20`).then((a) => table($("key-requests"), [
      ["Time", (e) => when(e.ts)], ["Model", (e) => e.alias], ["Status", (e) => String(e.status)], ["Outcome", (e) => e.outcome],
      ["Latency", (e) => `${num(e.latency_ms, 1)} ms`], ["Redactions", (e) => num(sum(e.redactions))],
    ], a.data, { empty: "No requests with this key yet." })),
  ]);
}

if (pages[page]) pages[page]().catch((err) => say(err.message, "error"));
