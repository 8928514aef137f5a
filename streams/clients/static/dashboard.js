// wirewatch dashboard: a snapshot, then each new record, from /events (Server-Sent Events).
// No framework and no other origin: the Content-Security-Policy allows the page's own files only.
// An ES module (strict by itself); the map is drawn by map.js.
// Every text from a record goes into the page with textContent, never as markup.
import { SEVERITY, drawWorld, renderMap } from "./map.js";

const KEEP = 200;    // records kept per kind, as the server does
const SHOWN = 100;   // cards shown per list

const state = {
  alert: [], tagged: [], duplicate: [], seen: new Set(),
  counts: { tagged: 0, alert: 0, duplicate: 0 },
  articles: new Map(),        // article id -> tagged summary
  alertLevel: new Map(),      // article id -> highest severity of its alerts
  countries: new Map(),       // ISO code -> name, for the country filter
  entityNames: new Set(),
  top: [],
  world: null,
  filter: { severity: "", country: "", entity: "" },
  connection: "connecting", reader: { reader: "starting", detail: "", skipped: 0, skipped_by_reason: {} },
};

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function countryName(code) {
  const shape = state.world && (state.world.countries[code]);
  return state.countries.get(code) || (shape && shape.name) || code;
}

// ---- filters -------------------------------------------------------------------------------------------

function filtering() { const f = state.filter; return Boolean(f.severity || f.country || f.entity); }

function alertMatches(a) {
  const f = state.filter;
  if (f.severity && SEVERITY[a.severity] < SEVERITY[f.severity]) return false;
  if (f.country && a.actor_code !== f.country && a.target_code !== f.country) return false;
  if (f.entity && a.actor !== f.entity && a.target !== f.entity) {
    const article = state.articles.get(a.article_id);
    if (!article || !article.entities.some((e) => e.canonical === f.entity)) return false;
  }
  return true;
}

function articleMatches(t) {
  const f = state.filter;
  if (f.severity && !(state.alertLevel.has(t.id) && state.alertLevel.get(t.id) >= SEVERITY[f.severity])) return false;
  if (f.country && !t.entities.some((e) => e.country_code === f.country)
      && !state.alert.some((a) => a.article_id === t.id && (a.actor_code === f.country || a.target_code === f.country))) {
    return false;
  }
  if (f.entity && !t.entities.some((e) => e.canonical === f.entity)) return false;
  return true;
}

function duplicateMatches(d) {
  if (!filtering()) return true;
  const original = state.articles.get(d.duplicate_of);
  return Boolean(original && articleMatches(original));
}

function readFilterFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const key of Object.keys(state.filter)) state.filter[key] = params.get(key) || "";
}

function writeFilter() {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filter)) if (v) params.set(k, v);
  history.replaceState(null, "", params.toString() ? "#" + params : location.pathname);
  document.getElementById("filter-severity").value = state.filter.severity;
  document.getElementById("filter-entity").value = state.filter.entity;
  syncCountryOptions();
  scheduleRender();
}

function setFilter(key, value) {
  state.filter[key] = state.filter[key] === value ? "" : value;  // choosing the same again clears it
  writeFilter();
}

function syncCountryOptions() {
  const select = document.getElementById("filter-country");
  const codes = [...state.countries.keys()];
  if (state.filter.country && !codes.includes(state.filter.country)) codes.push(state.filter.country);
  codes.sort((a, b) => countryName(a).localeCompare(countryName(b)));
  if (select.options.length - 1 !== codes.length) {
    select.replaceChildren(el("option", null, "any"));
    select.options[0].value = "";
    for (const code of codes) {
      const option = el("option", null, countryName(code));
      option.value = code;
      select.append(option);
    }
  }
  select.value = state.filter.country;
  const names = document.getElementById("entity-names");
  if (names.children.length !== state.entityNames.size) {
    names.replaceChildren(...[...state.entityNames].sort().map((n) => { const o = el("option"); o.value = n; return o; }));
  }
}

// ---- cards ---------------------------------------------------------------------------------------------

function alertCard(a) {
  const card = el("div", "card alert " + a.severity);
  card.dataset.article = a.article_id;
  card.dataset.severity = a.severity;
  const head = el("div");
  head.append(el("span", "badge " + a.severity, a.severity));
  if (a.escalated) head.append(el("span", "badge escalated", "escalated"));
  head.append(el("span", "who", (a.actor || "?") + " → " + (a.target || "?")));
  card.append(head);
  const sources = (a.source || []).length ? " · warned by " + a.source.join(", ") : "";
  const corrob = (a.corroborating_sources || []).length ? " · corroborated by " + a.corroborating_sources.join(", ") : "";
  card.append(el("div", "meta", `invasion warning · CAMEO ${a.cameo} · score ${a.score} · ${a.outlet || "unknown outlet"} · article ${a.article_id}${sources}${corrob}`));
  for (const ev of a.evidence || []) card.append(el("blockquote", "evidence", ev.sentence));
  for (const ev of a.counter_evidence || []) card.append(el("blockquote", "counter", "Counter: " + ev.sentence));
  return card;
}

function articleCard(t) {
  const card = el("div", "card article");
  card.dataset.article = t.id;
  card.append(el("div", "title", t.headline));
  card.append(el("div", "meta", [t.source, t.published_at && t.published_at.slice(0, 10), "story " + t.story_id].filter(Boolean).join(" · ")));
  if (t.title) card.append(el("div", "lead", t.lead));
  const chips = el("div", "chips");
  for (const e of t.entities) {
    const chip = el("button", "chip " + e.label, e.canonical + (e.country_code ? " (" + e.country_code + ")" : ""));
    chip.type = "button";
    chip.title = e.label + " × " + e.count + " (show only articles naming it)";
    if (e.canonical === state.filter.entity) chip.classList.add("selected");
    chip.addEventListener("click", () => setFilter("entity", e.canonical));
    chips.append(chip);
  }
  card.append(chips);
  return card;
}

function duplicateCard(d) {
  const card = el("div", "card dup", `${d.id} repeats ${d.duplicate_of} (${d.method}, similarity ${Number(d.similarity).toFixed(2)})`);
  card.dataset.article = d.id;
  return card;
}

function renderList(id, items, matches, card, emptyText) {
  const box = document.getElementById(id);
  const cards = [];
  for (let i = items.length - 1; i >= 0 && cards.length < SHOWN; i--) if (matches(items[i])) cards.push(card(items[i]));
  box.replaceChildren(...(cards.length ? cards : [el("p", "empty", items.length ? "None matches the filter." : emptyText)]));
}

function renderTop() {
  const list = document.getElementById("top");
  const f = state.filter;
  const shown = state.top.filter((e) => !f.country || e.country_code === f.country);
  if (!shown.length) {
    list.replaceChildren(el("li", "empty", state.top.length ? "None matches the filter." : "No entity in the last hour."));
    return;
  }
  list.replaceChildren(...shown.map((e) => {
    const item = el("li");
    item.dataset.entity = e.canonical;
    const name = el("button", "name", e.canonical + (e.country_code && e.label !== "GPE" ? " (" + e.country_code + ")" : ""));
    name.type = "button";
    name.title = e.label + ": show only what names it";
    name.addEventListener("click", () => setFilter("entity", e.canonical));
    item.append(name, el("span", "n", e.articles + (e.articles === 1 ? " article" : " articles")));
    return item;
  }));
}

// ---- records in ----------------------------------------------------------------------------------------

let pending = null;
function scheduleRender() {
  if (pending === null) pending = setTimeout(render, 50);
}

function render() {
  pending = null;
  renderList("alerts", state.alert, alertMatches, alertCard, "No alert yet.");
  renderList("feed", state.tagged, articleMatches, articleCard, "Waiting for tagged articles…");
  renderList("dups", state.duplicate, duplicateMatches, duplicateCard, "None yet.");
  renderTop();
  if (state.world) renderMap(state, alertMatches, countryName);
  syncCountryOptions();
  const c = state.counts;
  document.getElementById("counts").textContent = `${c.tagged} articles · ${c.alert} alerts · ${c.duplicate} reprints`;
  const shown = document.querySelectorAll("#alerts .alert").length;
  document.getElementById("filter-summary").textContent = filtering() ? `filter: ${shown} of ${state.alert.length} alerts shown` : "";
}

function remember(list, record) {
  list.push(record);
  if (list.length > KEEP) list.shift();
}

function show(kind, record) {
  const key = kind + ":" + (record.article_id || record.id) + ":" + (record.actor || "") + ">" + (record.target || "") + (record.escalated ? ":e" : "");
  if (state.seen.has(key)) return;
  state.seen.add(key);
  state.counts[kind] += 1;
  remember(state[kind], record);
  if (kind === "tagged") {
    state.articles.set(record.id, record);
    for (const e of record.entities) {
      state.entityNames.add(e.canonical);
      if (e.country_code) state.countries.set(e.country_code, state.countries.get(e.country_code) || countryName(e.country_code));
    }
  } else if (kind === "alert") {
    state.alertLevel.set(record.article_id, Math.max(state.alertLevel.get(record.article_id) ?? -1, SEVERITY[record.severity]));
    for (const [code, name] of [[record.actor_code, record.actor], [record.target_code, record.target]]) {
      if (code) state.countries.set(code, name || countryName(code));
    }
  }
  scheduleRender();
}

function showStatus() {
  const status = document.getElementById("status");
  const r = state.reader;
  if (state.connection !== "open") {
    status.textContent = state.connection === "error" ? "reconnecting…" : "connecting…";
    status.className = "status";
  } else if (r.reader === "live") {
    status.textContent = "live";
    status.className = "status live";
  } else if (r.reader === "stale") {
    status.textContent = "stale: " + r.detail;
    status.className = "status stale";
  } else {
    status.textContent = "connecting to Kafka…";
    status.className = "status";
  }
  const skipped = document.getElementById("skipped");
  skipped.hidden = !r.skipped;
  skipped.textContent = `${r.skipped} unreadable record${r.skipped === 1 ? "" : "s"} skipped`;
  skipped.title = Object.entries(r.skipped_by_reason).map(([k, v]) => `${k}: ${v}`).join(", ");
}

// The first event of every connection: what the server holds, so nothing published in between is missed.
function applySnapshot(snapshot) {
  for (const t of snapshot.tagged) show("tagged", t);
  for (const d of snapshot.duplicate) show("duplicate", d);
  for (const a of snapshot.alert) show("alert", a);
  state.top = snapshot.top_entities;
  state.reader = snapshot.status;
  showStatus();
}

async function loadWorld() {
  try {
    state.world = await (await fetch("/static/world.json")).json();
    drawWorld(state.world, (code) => setFilter("country", code));
  } catch (err) {
    document.getElementById("map").replaceChildren(el("p", "empty", "The map could not be loaded."));
  }
  scheduleRender();
}

function connect() {
  const events = new EventSource("/events");
  events.onopen = () => { state.connection = "open"; showStatus(); };
  events.onerror = () => { state.connection = "error"; showStatus(); };
  events.addEventListener("snapshot", (msg) => applySnapshot(JSON.parse(msg.data)));
  for (const kind of ["tagged", "alert", "duplicate"]) {
    events.addEventListener(kind, (msg) => show(kind, JSON.parse(msg.data)));
  }
  events.addEventListener("top", (msg) => { state.top = JSON.parse(msg.data).entities; scheduleRender(); });
  events.addEventListener("status", (msg) => { state.reader = JSON.parse(msg.data); showStatus(); });
}

function start() {
  readFilterFromHash();
  document.getElementById("filter-severity").addEventListener("change", (e) => { state.filter.severity = e.target.value; writeFilter(); });
  document.getElementById("filter-country").addEventListener("change", (e) => { state.filter.country = e.target.value; writeFilter(); });
  document.getElementById("filter-entity").addEventListener("change", (e) => { state.filter.entity = e.target.value.trim(); writeFilter(); });
  document.getElementById("filter-clear").addEventListener("click", () => {
    state.filter = { severity: "", country: "", entity: "" };
    writeFilter();
  });
  document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());
  writeFilter();
  loadWorld();
  connect();
}

start();
