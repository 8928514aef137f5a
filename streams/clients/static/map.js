// The alert map: Natural Earth's country outlines (world.json, shipped with the package) as inline SVG, an
// arrow per alert pair from the threatening state to the threatened one, framed on the pairs shown.

const SVG = "http://www.w3.org/2000/svg";
export const SEVERITY = { low: 0, medium: 1, high: 2, critical: 3 };

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  node.className = cls;
  node.textContent = text;
  return node;
}


export function drawWorld(world, onCountry) {
  const [x, y, w, h] = world.viewBox;
  const map = svg("svg", { viewBox: `${x} ${y} ${w} ${h}`, role: "img", "aria-label": "World map of alert pairs" });
  const defs = svg("defs");
  for (const level of Object.keys(SEVERITY)) {
    const marker = svg("marker", { id: "arrow-" + level, viewBox: "0 0 10 10", refX: "8", refY: "5",
      markerWidth: "5", markerHeight: "5", orient: "auto-start-reverse" });
    marker.append(svg("path", { d: "M0 0L10 5L0 10z", class: "arrow " + level }));
    defs.append(marker);
  }
  map.append(defs);
  const countries = svg("g", { class: "countries" });
  for (const d of world.land) countries.append(svg("path", { d, class: "land" }));
  for (const [code, shape] of Object.entries(world.countries)) {
    const path = svg("path", { d: shape.d, class: "country", "data-code": code });
    const title = svg("title");
    title.textContent = shape.name;
    path.append(title);
    path.addEventListener("click", () => onCountry(code));
    countries.append(path);
  }
  map.append(countries, svg("g", { class: "points" }), svg("g", { class: "pairs" }));
  const legend = el("p", "legend", "orange: threatening state · blue: threatened state · the map frames the pairs shown · click a country to filter");
  document.getElementById("map").replaceChildren(map, legend);
}

// The part of the world that holds every pair shown, with a margin, in the map's proportions.
function frame(world, points) {
  const [, , W, H] = world.viewBox;
  if (!points.length) return [0, 0, W, H];
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  let w = Math.max(Math.max(...xs) - Math.min(...xs) + 120, 300), h = Math.max(Math.max(...ys) - Math.min(...ys) + 80, 0);
  if (w / h < W / H) w = h * W / H; else h = w * H / W;
  if (w > W) { w = W; h = H; }
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2, cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const x = Math.min(Math.max(cx - w / 2, 0), W - w), y = Math.min(Math.max(cy - h / 2, 0), H - h);
  return [x, y, w, h].map((v) => Math.round(v * 10) / 10);
}

function placeOf(world, code) {
  if (!code) return null;
  const shape = world.countries[code];
  return shape ? shape.at : world.points[code] || null;
}

export function renderMap(state, matches, countryName) {
  const map = document.querySelector("#map svg");
  if (!map) return;
  const pairs = new Map();
  const offmap = new Set();
  for (const a of state.alert) {
    if (!matches(a)) continue;
    const from = placeOf(state.world, a.actor_code), to = placeOf(state.world, a.target_code);
    if (!from || !to || a.actor_code === a.target_code) {
      offmap.add((a.actor || "?") + " → " + (a.target || "?"));
      continue;
    }
    const key = a.actor_code + ">" + a.target_code;
    const pair = pairs.get(key) || { a, from, to, count: 0, level: 0 };
    pair.count += 1;
    pair.level = Math.max(pair.level, SEVERITY[a.severity]);
    pairs.set(key, pair);
  }
  const roles = new Map();
  for (const { a } of pairs.values()) {
    roles.set(a.target_code, "target");
    if (!roles.has(a.actor_code) || roles.get(a.actor_code) !== "target") roles.set(a.actor_code, "actor");
  }
  for (const path of map.querySelectorAll(".country")) {
    const code = path.dataset.code;
    path.classList.toggle("actor", roles.get(code) === "actor");
    path.classList.toggle("target", roles.get(code) === "target");
    path.classList.toggle("selected", code === state.filter.country);
  }
  const points = map.querySelector(".points");
  points.replaceChildren();
  for (const [code, role] of roles) {
    if (state.world.countries[code]) continue;
    const [cx, cy] = state.world.points[code];
    const dot = svg("circle", { cx, cy, r: 2.5, class: "point " + role, "data-code": code });
    const title = svg("title");
    title.textContent = countryName(code);
    dot.append(title);
    points.append(dot);
  }
  const layer = map.querySelector(".pairs");
  layer.replaceChildren();
  const arcs = [...pairs].map(([key, p]) => {
    const [x1, y1] = p.from, [x2, y2] = p.to;
    const bend = 0.25;  // the arc bows to the left of its direction, so A→B and B→A do not overlap
    return { key, p, x1, y1, x2, y2, cx: (x1 + x2) / 2 + (y2 - y1) * bend, cy: (y1 + y2) / 2 - (x2 - x1) * bend };
  });
  const box = frame(state.world, arcs.flatMap((a) => [[a.x1, a.y1], [a.x2, a.y2], [a.cx, a.cy]]));
  map.setAttribute("viewBox", box.join(" "));
  const unit = box[2] / 650;  // SVG units per screen pixel, about: arcs keep their width when the map zooms
  for (const { key, p, x1, y1, x2, y2, cx, cy } of arcs) {
    const level = Object.keys(SEVERITY)[p.level];
    const path = svg("path", { d: `M${x1} ${y1}Q${cx} ${cy} ${x2} ${y2}`, class: "pair " + level,
      "data-pair": key, "data-count": p.count, "stroke-width": String((2 + Math.min(p.count, 8) * 0.6) * unit),
      "marker-end": `url(#arrow-${level})` });
    const title = svg("title");
    title.textContent = `${p.a.actor} → ${p.a.target}: ${p.count} alert${p.count === 1 ? "" : "s"}, highest ${level}`;
    path.append(title);
    layer.append(path);
  }
  const note = document.getElementById("offmap");
  note.hidden = offmap.size === 0;
  note.textContent = offmap.size ? "Not on the map (no state code): " + [...offmap].join("; ") : "";
}
