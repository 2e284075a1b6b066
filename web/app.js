// frontline web map: an analyst's all-day view of who holds what, as of a date.
//
// Plain ES module, no build step. Leaflet is the vendored global `L` (web/vendor/leaflet).
// Everything comes from the server's /api; nothing is fetched from elsewhere, except OSM
// tiles when the user turns that layer on.
//
// Data flow: /api/region (view, factions, attribution) + /api/basemap + /api/timeline on
// load; one /api/zones?date=D per date shown (cached here too, so sliding back is free);
// /api/places/{id} only when a place's popup opens; POST /api/reports from the panel.

/* global L */

const TOKEN_KEY = "frontline.token";
const OSM_KEY = "frontline.osm";

const state = {
  region: null,
  factions: new Map(), // id -> {id, name, fill, stroke}
  dates: [], // ascending YYYY-MM-DD from /api/timeline
  date: null, // the date shown (null: latest, before the timeline is known)
  zonesCache: new Map(), // date -> FeatureCollection
  zonesAbort: null,
  placeCache: new Map(), // place id -> /api/places/{id} response
  placeMarkers: new Map(), // place id -> marker of the current date
  changesFrom: null, // the "since" date the user picked for the changes list (null: previous date)
  changesKey: null, // the changes request on screen or on its way
  restoring: false,
};

// ---------------------------------------------------------------- helpers

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "style") e.style.cssText = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Thrown for a non-2xx answer; carries the API's `{"error": …}` text. */
class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, opts = {}) {
  let res;
  try {
    res = await fetch(path, opts);
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, `cannot reach the server (${path}): ${e.message}`);
  }
  const text = await res.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const msg = body && typeof body.error === "string" ? body.error : text.slice(0, 300) || res.statusText;
    throw new ApiError(res.status, `${res.status} ${msg}`);
  }
  if (body === null && text) throw new ApiError(res.status, `${path}: the server did not answer JSON`);
  return body;
}

function showError(msg) {
  $("#error-text").textContent = msg;
  $("#error").hidden = false;
  console.error(msg);
}

function hideError() {
  $("#error").hidden = true;
}

function faction(id) {
  return (
    state.factions.get(id) || {
      id,
      name: id || "unknown",
      fill: "#9e9e9e",
      stroke: "#616161",
    }
  );
}

function factionSwatch(id) {
  const f = faction(id);
  return el("span", {
    class: "swatch",
    style: `background:${f.fill};border-color:${f.stroke}`,
    title: f.name,
  });
}

function fmtConf(c) {
  return typeof c === "number" ? c.toFixed(2) : "–";
}

function isUrl(s) {
  return typeof s === "string" && /^https?:\/\//i.test(s);
}

function sourceNode(src) {
  if (!src) return el("span", { class: "muted" }, "unknown source");
  if (isUrl(src)) {
    let host = src;
    try {
      host = new URL(src).hostname;
    } catch {
      /* keep the raw text */
    }
    return el("a", { href: src, target: "_blank", rel: "noopener noreferrer", title: src }, host);
  }
  return el("span", {}, src);
}

/**
 * Converts the API's UTF-8 byte offsets into JS string (UTF-16) indices.
 * Returns a function byte -> index; offsets that fall inside a character map
 * to that character's start (never splits a surrogate pair).
 */
export function byteOffsetMapper(text) {
  const enc = new TextEncoder();
  const starts = []; // byte offset of each code point, then total
  const idx = []; // UTF-16 index of each code point
  let b = 0;
  let i = 0;
  for (const ch of text) {
    starts.push(b);
    idx.push(i);
    b += enc.encode(ch).length;
    i += ch.length;
  }
  starts.push(b);
  idx.push(i);
  return (byte) => {
    if (!(byte >= 0)) return 0;
    if (byte >= b) return text.length;
    // binary search for the last code point starting at or before `byte`
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= byte) lo = mid;
      else hi = mid - 1;
    }
    return idx[lo];
  };
}

// ---------------------------------------------------------------- URL state

/** `#date=2016-02-10&lat=36.4&lon=37.1&z=9`: what a shared link restores. */
function readUrlState() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ""));
  const out = {};
  const d = p.get("date");
  if (d && /^\d{4}-\d{2}-\d{2}$/.test(d)) out.date = d;
  const lat = parseFloat(p.get("lat"));
  const lon = parseFloat(p.get("lon"));
  const z = parseFloat(p.get("z"));
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    out.center = [lat, lon];
    out.zoom = Number.isFinite(z) ? Math.max(1, Math.min(18, Math.round(z))) : undefined;
  }
  return out;
}

function writeUrlState() {
  if (state.restoring || !map) return;
  const c = map.getCenter();
  const p = new URLSearchParams();
  if (state.date) p.set("date", state.date);
  p.set("lat", c.lat.toFixed(4));
  p.set("lon", c.lng.toFixed(4));
  p.set("z", String(map.getZoom()));
  const hash = "#" + p.toString();
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

// ---------------------------------------------------------------- map

let map;
const layers = {};

function createMap() {
  map = L.map("map", {
    zoomControl: true,
    preferCanvas: false, // SVG: zones are few large paths, and stay inspectable
    minZoom: 3,
    maxZoom: 16,
    worldCopyJump: false,
  });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');

  // Panes fix the drawing order whatever order layers load in.
  const panes = [
    ["basemap", 250],
    ["basemapLines", 260],
    // zones use the default overlayPane (400)
    ["sieges", 420],
    ["routes", 440],
    ["frontlines", 450],
    ["places", 610],
    ["mentions", 620],
  ];
  for (const [name, z] of panes) map.createPane(name).style.zIndex = String(z);
  map.getPane("basemap").classList.add("fl-basemap-pane");

  layers.osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    className: "fl-osm",
  });
  layers.basemap = L.layerGroup();
  layers.zones = L.layerGroup();
  layers.sieges = L.layerGroup();
  layers.frontlines = L.layerGroup();
  layers.routes = L.layerGroup();
  layers.places = L.layerGroup();
  layers.mentions = L.layerGroup();
  for (const k of ["basemap", "zones", "sieges", "frontlines", "routes", "places", "mentions"]) {
    layers[k].addTo(map);
  }
  if (localStorage.getItem(OSM_KEY) === "1") layers.osm.addTo(map);

  L.control
    .layers(
      null,
      {
        "OpenStreetMap tiles (online)": layers.osm,
        Boundaries: layers.basemap,
        "Faction zones": layers.zones,
        Frontlines: layers.frontlines,
        Sieges: layers.sieges,
        Routes: layers.routes,
        Places: layers.places,
        "Report mentions": layers.mentions,
      },
      { collapsed: true, position: "topright" },
    )
    .addTo(map);
  map.on("overlayadd overlayremove", (e) => {
    if (e.layer === layers.osm) localStorage.setItem(OSM_KEY, e.type === "overlayadd" ? "1" : "0");
  });
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);

  map.on("moveend", writeUrlState);
  map.on("zoomend", updatePlaceLabels);
  installHatchDefs();
}

/**
 * Sieges are hatched (an SVG pattern per colour, see `svgPattern`) and drawn by their own
 * pane's renderer. Leaflet writes `fill` verbatim, so a fillColor of `url(#id)` uses the pattern.
 */
let siegeRenderer;
const hatchIds = new Map();
function installHatchDefs() {
  siegeRenderer = L.svg({ pane: "sieges" });
  siegeRenderer.addTo(map);
}

function hatchFill(color) {
  if (!hatchIds.has(color)) {
    const id = `fl-hatch-${hatchIds.size}`;
    const line = svgEl("line", { x1: 0, y1: 0, x2: 0, y2: 8, stroke: color, "stroke-width": 3 });
    svgPattern(id, 8, 8, [line]);
    hatchIds.set(color, id);
  }
  return `url(#${hatchIds.get(color)})`;
}

const SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(name, attrs) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * Defines a diagonal fill pattern once, in a hidden SVG of the page: `url(#id)` resolves
 * document-wide, so every renderer's paths can use it.
 */
function svgPattern(id, width, height, children) {
  if (document.getElementById(id)) return;
  let defs = document.getElementById("fl-patterns");
  if (!defs) {
    const svg = svgEl("svg", { width: 0, height: 0 });
    svg.style.position = "absolute";
    defs = svgEl("defs", { id: "fl-patterns" });
    svg.appendChild(defs);
    document.body.appendChild(svg);
  }
  const pat = svgEl("pattern", { id, patternUnits: "userSpaceOnUse", width, height, patternTransform: "rotate(45)" });
  for (const c of children) pat.appendChild(c);
  defs.appendChild(pat);
}

// ---------------------------------------------------------------- basemap

const BASEMAP_STYLE = {
  country: { pane: "basemap", color: "#8a8a8a", weight: 1.2, fillColor: "#f4f1ea", fillOpacity: 1 },
  governorate: {
    pane: "basemapLines",
    color: "#b0aaa0",
    weight: 0.8,
    dashArray: "4 3",
    fill: false,
  },
  river: { pane: "basemapLines", color: "#7fb0d8", weight: 1.4, fill: false },
  lake: { pane: "basemapLines", color: "#7fb0d8", weight: 0.8, fillColor: "#bcd8ee", fillOpacity: 1 },
};

async function loadBasemap() {
  const fc = await api("/api/basemap");
  const g = L.geoJSON(fc, {
    style: (f) => {
      const s = BASEMAP_STYLE[f.properties && f.properties.layer] || BASEMAP_STYLE.governorate;
      // the region's own country is blank paper; neighbours a touch darker
      if (f.properties.layer === "country" && state.region && !isRegionCountry(f)) {
        return { ...s, fillColor: "#e6e2d9", className: "fl-basemap fl-basemap-country" };
      }
      return { ...s, className: `fl-basemap fl-basemap-${f.properties.layer}` };
    },
    pointToLayer: () => null,
    interactive: false,
  });
  // Names of neighbours and governorates as light labels in the middle of each shape.
  g.eachLayer((lyr) => {
    const p = lyr.feature.properties || {};
    if ((p.layer === "country" || p.layer === "governorate") && p.name && lyr.getBounds) {
      lyr.bindTooltip(p.name, {
        permanent: true,
        direction: "center",
        className: `fl-label fl-label-${p.layer}`,
        interactive: false,
      });
    }
  });
  layers.basemap.clearLayers();
  layers.basemap.addLayer(g);
  updateLabelVisibility();
  map.on("zoomend", updateLabelVisibility);
}

function isRegionCountry(f) {
  const p = f.properties;
  const r = state.region;
  return (
    (r.country && (p.country === r.country || p.iso === r.country || p.id === `country:${r.country}`)) ||
    p.name === r.name
  );
}

function updateLabelVisibility() {
  const z = map.getZoom();
  const root = map.getContainer();
  root.classList.toggle("fl-show-gov-labels", z >= 7 && z <= 10);
  root.classList.toggle("fl-show-country-labels", z <= 9);
}

// ---------------------------------------------------------------- zones

function zoneStyle(p) {
  const f = faction(p.faction);
  const contested = p.status === "contested";
  const sides = Array.isArray(p.contenders) ? p.contenders : [];
  // a contested area shows every side: stripes of the contenders' colours
  const hatch = contested && sides.length >= 2 ? stripeFill(sides) : null;
  return {
    color: p.stroke || f.stroke,
    fillColor: hatch || p.fill || f.fill,
    fillOpacity: hatch ? 0.55 : contested ? 0.2 : 0.42,
    weight: 1,
    opacity: 0.9,
    dashArray: contested ? "3 3" : null,
    className: `fl-zone fl-faction-${cssId(p.faction)}`,
  };
}

/**
 * An SVG stripe pattern of the factions' colours, one per set of sides; returns the
 * `url(#…)` that Leaflet writes as the fill.
 */
function stripeFill(sides) {
  const ids = [...new Set(sides)].sort();
  const id = `fl-stripes-${ids.map(cssId).join("-")}`;
  const stripe = 5;
  const rects = ids.map((fid, i) =>
    svgEl("rect", { x: i * stripe, width: stripe, height: 10, fill: faction(fid).fill }),
  );
  svgPattern(id, stripe * ids.length, 10, rects);
  return `url(#${id})`;
}

function cssId(s) {
  return String(s || "none").replace(/[^A-Za-z0-9_-]/g, "_");
}

/** Marker radius from importance (0–1) or population, then status. */
function placeRadius(p) {
  let r;
  if (typeof p.importance === "number") r = 3.5 + 7 * Math.sqrt(Math.max(0, Math.min(1, p.importance)));
  else if (typeof p.population === "number" && p.population > 0)
    r = Math.max(3.5, Math.min(11, 1.4 * Math.log10(p.population)));
  else r = 4.5;
  if (p.status === "besieged") r += 1.5;
  return r;
}

function placeStyle(p) {
  const f = faction(p.faction);
  const lowConf = typeof p.confidence === "number" && p.confidence < 0.5;
  const s = {
    pane: "places",
    radius: placeRadius(p),
    color: f.stroke,
    fillColor: f.fill,
    fillOpacity: lowConf ? 0.35 : 0.95,
    weight: 1.5,
    className: `fl-place fl-status-${cssId(p.status)}${lowConf ? " fl-low-confidence" : ""}`,
  };
  if (p.status === "contested") {
    s.fillColor = "#ffffff";
    s.dashArray = "2 2";
    s.weight = 2;
  } else if (p.status === "besieged") {
    s.color = p.besieger ? faction(p.besieger).stroke : "#000";
    s.weight = 3;
  }
  if (lowConf) s.dashArray = "2 2";
  return s;
}

async function loadZones(date) {
  const key = date || "latest";
  let fc = state.zonesCache.get(key);
  if (!fc) {
    if (state.zonesAbort) state.zonesAbort.abort();
    const ctl = new AbortController();
    state.zonesAbort = ctl;
    setStatus(`loading ${date || "latest"}…`);
    const url = date ? `/api/zones?date=${encodeURIComponent(date)}` : "/api/zones";
    try {
      fc = await api(url, { signal: ctl.signal });
    } catch (e) {
      if (e.name === "AbortError") return;
      throw e;
    }
    if (state.zonesAbort === ctl) state.zonesAbort = null;
    state.zonesCache.set(key, fc);
  }
  // A later date change may have overtaken this one while it loaded.
  if ((state.date || "latest") !== key) return;
  drawZones(fc);
  document.body.dataset.drawn = key; // which date is on screen (read by the browser tests)
}

function drawZones(fc) {
  for (const k of ["zones", "sieges", "frontlines", "routes", "places"]) layers[k].clearLayers();
  state.labelsPermanent = map.getZoom() >= LABEL_ZOOM;
  state.placeMarkers.clear();
  const counts = { zone: 0, place: 0, frontline: 0, siege: 0, route: 0 };
  const present = new Set();
  const feats = (fc && fc.features) || [];
  for (const f of feats) {
    const p = f.properties || {};
    if (!f.geometry) continue;
    counts[p.kind] = (counts[p.kind] || 0) + 1;
    switch (p.kind) {
      case "zone": {
        present.add(p.faction);
        const lyr = L.geoJSON(f, { style: () => zoneStyle(p) });
        lyr.bindTooltip(
          () =>
            `<b>${esc(p.label || faction(p.faction).name)}</b>` +
            (p.status === "contested" ? " (contested)" : "") +
            (typeof p.places === "number" ? `<br>${p.places} place${p.places === 1 ? "" : "s"}` : ""),
          { sticky: true, className: "fl-zone-tip" },
        );
        layers.zones.addLayer(lyr);
        break;
      }
      case "frontline": {
        // a pale casing under the line keeps it readable over any fill
        layers.frontlines.addLayer(
          L.geoJSON(f, {
            style: { pane: "frontlines", color: "#ffffff", weight: 5, opacity: 0.7, interactive: false },
          }),
        );
        const line = L.geoJSON(f, {
          style: { pane: "frontlines", color: "#1d1d1d", weight: 2.5, opacity: 0.95, className: "fl-frontline" },
        });
        const fs = Array.isArray(p.factions) ? p.factions : [];
        line.bindTooltip(`Frontline: ${fs.map((x) => esc(faction(x).name)).join(" / ")}`, { sticky: true });
        layers.frontlines.addLayer(line);
        break;
      }
      case "siege": {
        if (p.complete === false) {
          drawPartialSiege(f, p);
          break;
        }
        const besieger = faction(p.besieger);
        const lyr = L.geoJSON(f, {
          style: {
            pane: "sieges",
            renderer: siegeRenderer,
            color: besieger.stroke,
            weight: 2.5,
            dashArray: "6 4",
            fillColor: hatchFill(besieger.stroke),
            fillOpacity: 0.55,
            className: "fl-siege",
          },
        });
        lyr.bindTooltip(
          `<b>Siege</b>: ${esc(faction(p.besieged).name)} besieged by ${esc(besieger.name)}` +
            (p.since ? `<br>since ${esc(p.since)}` : ""),
          { sticky: true },
        );
        layers.sieges.addLayer(lyr);
        break;
      }
      case "route":
        drawRoute(f, p);
        break;
      case "advance":
        drawAdvance(f, p);
        break;
      case "place":
        if (typeof p.confidence === "number" && p.confidence < 0.5) counts.lowConf = (counts.lowConf || 0) + 1;
        drawPlace(f, p);
        break;
      default:
        break;
    }
  }
  setStatus(
    `as of ${(fc && fc.as_of) || state.date || "latest"} · ${counts.zone} zones · ${counts.place} places` +
      (counts.siege ? ` · ${counts.siege} sieges` : "") +
      (counts.route ? ` · ${counts.route} routes` : "") +
      (counts.advance ? ` · ${counts.advance} advances` : "") +
      (counts.lowConf ? ` · ${counts.lowConf} low-confidence (faded)` : ""),
  );
  markLegend(present);
  declutterLabels();
}

/**
 * A partial siege ("encircled Aleppo from the west, south and east"): the band the besieger
 * holds on those sides, outlined dashed in the besieger's colour with a faint fill (not hatched:
 * the place inside is not cut off). The popup names the sides and quotes the evidence.
 */
function drawPartialSiege(f, p) {
  const besieger = faction(p.besieger);
  const lyr = L.geoJSON(f, {
    style: {
      pane: "sieges",
      renderer: siegeRenderer,
      color: besieger.stroke,
      weight: 2.5,
      dashArray: "10 6",
      fillColor: besieger.stroke,
      fillOpacity: 0.08,
      className: "fl-siege fl-siege-partial",
    },
  });
  const sides = Array.isArray(p.sides) ? p.sides : [];
  const who = p.besieged ? `${faction(p.besieged).name} in ` : "";
  const summary = `${besieger.name} encircles ${who}${p.name || "the place"}` +
    (sides.length ? ` from the ${joinWords(sides)}` : "");
  bindSummary(
    lyr,
    "Encirclement (partial siege)",
    summary,
    p,
    el("p", { class: "fl-siege-sides" }, "Sides: ", el("b", {}, sides.join(", ") || "unknown")),
  );
  layers.sieges.addLayer(lyr);
}

/**
 * The tooltip (title and one-line summary) and the popup (the same, any `extra` nodes, since
 * when, and the evidence quotes) of a feature drawn around a place: partial sieges, advances.
 */
function bindSummary(lyr, title, summary, p, ...extra) {
  lyr.bindTooltip(`<b>${esc(title)}</b><br>${esc(summary)}`, { sticky: true });
  lyr.bindPopup(
    () =>
      el(
        "div",
        { class: "fl-siege-popup" },
        el("h3", {}, title),
        el("p", {}, summary + "."),
        ...extra,
        p.since ? el("p", { class: "muted small" }, `since ${p.since}`) : null,
        evidenceList(p.evidence),
      ),
    { maxWidth: 380, minWidth: 240, className: "fl-popup" },
  );
}

/**
 * An advance ("troops advanced on Y from the north"): an arrow in the advancing faction's
 * colour from that side towards the place (the line's last vertex is the head). The popup
 * quotes the evidence.
 */
function drawAdvance(f, p) {
  const g = f.geometry;
  if (g.type !== "LineString" || g.coordinates.length < 2) return;
  const who = faction(p.faction);
  const pts = g.coordinates.map(([lon, lat]) => [lat, lon]);
  const [a, b] = [pts[pts.length - 2], pts[pts.length - 1]];
  // The head: two barbs a quarter of the shaft long, 25° off it (worked with the
  // longitude scaled by cos(lat) so the barbs look even on the map).
  const k = Math.cos((b[0] * Math.PI) / 180) || 1;
  const dx = (a[1] - b[1]) * k;
  const dy = a[0] - b[0];
  const barb = (ang) => {
    const c = Math.cos(ang);
    const s = Math.sin(ang);
    return [b[0] + 0.25 * (dx * s + dy * c), b[1] + (0.25 * (dx * c - dy * s)) / k];
  };
  const style = {
    pane: "routes",
    color: who.stroke,
    weight: 4,
    opacity: 0.9,
    lineCap: "round",
    className: "fl-advance",
  };
  const lyr = L.featureGroup([
    L.polyline(pts, style),
    L.polyline([barb(0.44), b, barb(-0.44)], style),
  ]);
  const summary = `${who.name} advancing on ${p.name || "the place"} from the ${p.side || "?"}`;
  bindSummary(lyr, "Advance", summary, p);
  layers.routes.addLayer(lyr);
}

/** "west, south and east". */
function joinWords(ws) {
  return ws.length < 2 ? ws.join("") : `${ws.slice(0, -1).join(", ")} and ${ws[ws.length - 1]}`;
}

function drawRoute(f, p) {
  const cut = p.status === "cut";
  const lyr = L.geoJSON(f, {
    style: {
      pane: "routes",
      color: cut ? "#d0021b" : "#2f7d32",
      weight: cut ? 3 : 2,
      dashArray: cut ? "8 6" : null,
      opacity: 0.95,
      className: `fl-route fl-route-${cut ? "cut" : "open"}`,
    },
  });
  const label = `<b>${esc(p.name || "route")}</b>: ${cut ? "CUT" : "open"}` +
    (p.from || p.to ? `<br>${esc(p.from || "?")} → ${esc(p.to || "?")}` : "") +
    (p.since ? `<br>since ${esc(p.since)}` : "");
  lyr.bindTooltip(label, { sticky: true });
  layers.routes.addLayer(lyr);
  if (cut) {
    const mid = lineMidpoint(f.geometry);
    if (mid) {
      const x = L.marker(mid, {
        pane: "routes",
        icon: L.divIcon({ className: "fl-cut-mark", html: "✕", iconSize: [16, 16] }),
        keyboard: false,
      });
      x.bindTooltip(label);
      layers.routes.addLayer(x);
    }
  }
}

/** Middle vertex (by length) of a LineString or first line of a MultiLineString, as [lat, lon]. */
function lineMidpoint(g) {
  let coords = g.type === "LineString" ? g.coordinates : g.type === "MultiLineString" ? g.coordinates[0] : null;
  if (!coords || coords.length === 0) return null;
  if (coords.length === 1) return [coords[0][1], coords[0][0]];
  let total = 0;
  const seg = [];
  for (let i = 1; i < coords.length; i++) {
    const d = Math.hypot(coords[i][0] - coords[i - 1][0], coords[i][1] - coords[i - 1][1]);
    seg.push(d);
    total += d;
  }
  let acc = 0;
  for (let i = 0; i < seg.length; i++) {
    if (acc + seg[i] >= total / 2) {
      const t = seg[i] ? (total / 2 - acc) / seg[i] : 0;
      const a = coords[i];
      const b = coords[i + 1];
      return [a[1] + t * (b[1] - a[1]), a[0] + t * (b[0] - a[0])];
    }
    acc += seg[i];
  }
  const last = coords[coords.length - 1];
  return [last[1], last[0]];
}

function drawPlace(f, p) {
  if (f.geometry.type !== "Point") return;
  const [lon, lat] = f.geometry.coordinates;
  const m = L.circleMarker([lat, lon], placeStyle(p));
  m.feature = f;
  m.flLabel = esc(p.name || p.place_id) + (p.part ? ` (${esc(p.part)})` : "");
  placeTooltip(m, map.getZoom() >= LABEL_ZOOM);
  // Built on first open (no per-place work on load); the node then stays the content, so
  // filling in the history does not rebuild it.
  let node = null;
  m.bindPopup(() => (node = placePopup(p)), { maxWidth: 380, minWidth: 260, className: "fl-popup" });
  m.on("popupopen", (e) => node && loadPlaceHistory(p, node, e.popup));
  if (p.place_id) {
    m.on("add", () => m.getElement()?.setAttribute("data-place-id", p.place_id));
    // a split place ("west Aleppo") has several markers: keep the first for fly-to
    if (!state.placeMarkers.has(p.place_id)) state.placeMarkers.set(p.place_id, m);
  }
  layers.places.addLayer(m);
}

/** From this zoom on, place names are written on the map; below it they show on hover. */
const LABEL_ZOOM = 10;

function placeTooltip(m, permanent) {
  m.unbindTooltip();
  m.bindTooltip(
    m.flLabel,
    permanent
      ? { permanent: true, direction: "right", offset: [6, 0], className: "fl-place-label" }
      : { direction: "top", offset: [0, -4], className: "fl-place-tip" },
  );
}

function updatePlaceLabels() {
  const permanent = map.getZoom() >= LABEL_ZOOM;
  if (permanent !== state.labelsPermanent) {
    state.labelsPermanent = permanent;
    layers.places.eachLayer((m) => m.flLabel && placeTooltip(m, permanent));
  }
  declutterLabels();
}

/**
 * Hides place names that would overprint a bigger place's name (a city's quarters around
 * its centre): greedy, biggest markers first; zooming in brings the hidden ones back.
 */
function declutterLabels() {
  if (!state.labelsPermanent) return;
  const items = [];
  layers.places.eachLayer((m) => {
    const e = m.getTooltip() && m.getTooltip().getElement();
    if (e) items.push({ e, r: m.options.radius, low: /fl-low-confidence/.test(m.options.className) });
  });
  items.sort((a, b) => b.r - a.r || a.low - b.low);
  for (const it of items) it.e.style.visibility = "";
  const rects = items.map((it) => it.e.getBoundingClientRect()); // one layout for all
  const kept = [];
  items.forEach((it, i) => {
    const r = rects[i];
    const hit = kept.some((k) => r.left < k.right && r.right > k.left && r.top < k.bottom && r.bottom > k.top);
    if (hit) it.e.style.visibility = "hidden";
    else kept.push(r);
  });
}

// ---------------------------------------------------------------- place popup

function statusLine(p) {
  const f = faction(p.faction);
  const parts = [factionSwatch(p.faction), " ", el("b", {}, f.name)];
  const st = p.status || "held";
  if (st === "besieged") parts.push(" — besieged", p.besieger ? ` by ${faction(p.besieger).name}` : "");
  else if (st === "contested") {
    const others = (p.contenders || []).filter((c) => c !== p.faction).map((c) => faction(c).name);
    parts.push(" — contested", others.length ? ` with ${others.join(", ")}` : "");
  } else parts.push(" holds it");
  if (p.since) parts.push(el("span", { class: "muted" }, ` since ${p.since}`));
  if (typeof p.confidence === "number") {
    parts.push(
      el("span", { class: p.confidence < 0.5 ? "conf low" : "conf" }, ` · confidence ${fmtConf(p.confidence)}`),
    );
  }
  return el("div", { class: "fl-status-line" }, parts);
}

function evidenceList(evidence) {
  if (!Array.isArray(evidence) || evidence.length === 0) {
    return el("p", { class: "muted small" }, "No quoted evidence.");
  }
  return el(
    "ul",
    { class: "fl-evidence" },
    evidence.map((ev) =>
      el(
        "li",
        {},
        el("q", {}, ev.quote || ""),
        el("div", { class: "fl-ev-meta" }, ev.date || "undated", " · ", sourceNode(ev.source)),
      ),
    ),
  );
}

function placePopup(p) {
  const title = p.name + (p.part ? ` (${p.part})` : "");
  return el(
    "div",
    { class: "fl-place-popup", "data-place-id": p.place_id || "" },
    el("h3", {}, title),
    statusLine(p),
    el("h4", {}, `Evidence as of ${state.date || "latest"}`),
    evidenceList(p.evidence),
    el("div", { class: "fl-history" }, el("p", { class: "muted small fl-loading" }, "Loading control history…")),
  );
}

async function loadPlaceHistory(p, node, popup) {
  const box = node.querySelector(".fl-history");
  if (!box || !box.querySelector(".fl-loading")) return; // already filled in
  if (!p.place_id) {
    box.replaceChildren();
    return;
  }
  try {
    let info = state.placeCache.get(p.place_id);
    if (!info) {
      info = await api(`/api/places/${encodeURIComponent(p.place_id)}`);
      state.placeCache.set(p.place_id, info);
    }
    box.replaceChildren(renderHistory(info));
    // setContent with the same node re-lays the popup out around the longer content
    popup.setContent(node);
  } catch (e) {
    box.replaceChildren(el("p", { class: "error small" }, `Control history unavailable: ${e.message}`));
  }
}

/** The control timeline of one place, newest first, each entry with its evidence. */
function renderHistory(info) {
  const entries = historyEntries(info);
  const wrap = el("div", {}, el("h4", {}, "Control history"));
  const meta = [];
  if (info.feature || info.kind) meta.push(info.feature || info.kind);
  if (typeof info.population === "number" && info.population > 0)
    meta.push(`pop. ${info.population.toLocaleString("en")}`);
  const admin = [info.admin2, info.admin1].filter((a) => typeof a === "string" && a);
  if (admin.length) meta.push(admin.join(", "));
  if (meta.length) wrap.insertBefore(el("p", { class: "muted small" }, meta.join(" · ")), wrap.firstChild);
  if (entries.length === 0) {
    wrap.append(el("p", { class: "muted small" }, "No claims about this place yet."));
    return wrap;
  }
  const ol = el("ol", { class: "fl-timeline" });
  for (const e of entries) {
    const head = el(
      "div",
      { class: "fl-tl-head" },
      el("span", { class: "fl-tl-date" }, e.date || "undated"),
      " ",
      e.faction ? factionSwatch(e.faction) : "",
      " ",
      el("b", {}, e.faction ? faction(e.faction).name : ""),
      " ",
      el("span", {}, (e.relation || e.status || "").replace(/_/g, " ")),
      e.counterpart ? ` (${faction(e.counterpart).name})` : "",
      typeof e.confidence === "number"
        ? el("span", { class: e.confidence < 0.5 ? "conf low" : "conf" }, ` ${fmtConf(e.confidence)}`)
        : "",
    );
    const ev = [];
    if (e.quote) ev.push({ quote: e.quote, date: e.date, source: e.source, report_id: e.report_id });
    if (Array.isArray(e.evidence)) ev.push(...e.evidence);
    ol.append(el("li", {}, head, ev.length ? evidenceList(ev) : ""));
  }
  wrap.append(ol);
  return wrap;
}

/** Accepts the shapes a place answer may carry: `timeline`, `history`, `claims` or `control`. */
function historyEntries(info) {
  const list =
    (Array.isArray(info.timeline) && info.timeline) ||
    (Array.isArray(info.history) && info.history) ||
    (Array.isArray(info.control) && info.control) ||
    (Array.isArray(info.claims) && info.claims) ||
    (info.place && Array.isArray(info.place.timeline) && info.place.timeline) ||
    [];
  return [...list].sort((a, b) => String(b.date || b.since || "").localeCompare(String(a.date || a.since || "")))
    .map((e) => ({ ...e, date: e.date || e.since }));
}

/**
 * Fits the view to where most of the reporting is: the places drawn, less outliers (a stray
 * mention far away should not zoom the map out to the whole region): points further from the
 * median point than four times the median distance (and 0.25°) are left out.
 * The region's bbox stays when nothing is drawn.
 */
function fitToData() {
  const pts = [];
  layers.places.eachLayer((l) => pts.push(l.getLatLng()));
  if (pts.length === 0) return;
  const median = (xs) => {
    const v = [...xs].sort((a, b) => a - b);
    const m = v.length >> 1;
    return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
  };
  const mlat = median(pts.map((p) => p.lat));
  const mlon = median(pts.map((p) => p.lng));
  const dist = (p) => Math.hypot(p.lat - mlat, p.lng - mlon);
  const limit = Math.max(0.25, 4 * median(pts.map(dist)));
  const kept = pts.filter((p) => dist(p) <= limit);
  const b = L.latLngBounds(kept);
  map.fitBounds(b.pad(0.25), { maxZoom: 11, animate: false });
}

// ---------------------------------------------------------------- legend

let legendEl;
function buildLegend() {
  const ctl = L.control({ position: "bottomright" });
  ctl.onAdd = () => {
    legendEl = el("div", { class: "fl-legend leaflet-bar", id: "legend" });
    L.DomEvent.disableClickPropagation(legendEl);
    L.DomEvent.disableScrollPropagation(legendEl);
    return legendEl;
  };
  ctl.addTo(map);
  const items = [...state.factions.values()].map((f) =>
    el(
      "li",
      { "data-faction": f.id, class: "fl-legend-faction" },
      el("span", { class: "swatch", style: `background:${f.fill};border-color:${f.stroke}` }),
      f.name,
    ),
  );
  const sym = (cls, label) => el("li", { class: "fl-legend-sym" }, el("span", { class: `sym ${cls}` }), label);
  legendEl.append(
    el("h3", { title: "Show or hide the legend", onclick: () => legendEl.classList.toggle("collapsed") }, "Control"),
    el("ul", { class: "fl-legend-factions" }, items),
    el(
      "ul",
      { class: "fl-legend-symbols" },
      sym("sym-frontline", "Frontline"),
      sym("sym-siege", "Siege"),
      sym("sym-siege-partial", "Encirclement (partial siege)"),
      sym("sym-advance", "Advance (arrow)"),
      sym("sym-cut", "Cut route ✕"),
      sym("sym-open", "Open route"),
      sym("sym-besieged", "Besieged place"),
      sym("sym-contested", "Contested place"),
      sym("sym-contested-area", "Contested area (stripes of each side)"),
      sym("sym-lowconf", "Low confidence"),
    ),
  );
}

function markLegend(present) {
  if (!legendEl) return;
  for (const li of legendEl.querySelectorAll("li[data-faction]")) {
    li.classList.toggle("absent", !present.has(li.dataset.faction));
  }
}

// ---------------------------------------------------------------- time slider

function setStatus(msg) {
  $("#map-status").textContent = msg;
}

async function loadTimeline() {
  const t = await api("/api/timeline");
  state.dates = Array.isArray(t.dates) ? [...t.dates].sort() : [];
  const s = $("#date-slider");
  s.max = String(Math.max(0, state.dates.length - 1));
  s.disabled = state.dates.length === 0;
  // a tick per change date while they are few enough to tell apart
  $("#date-ticks").replaceChildren(
    ...(state.dates.length <= 60 ? state.dates.map((d, i) => el("option", { value: String(i), label: d })) : []),
  );
  s.title = state.dates.length ? `${state.dates.length} dates, ${state.dates[0]} to ${state.dates[state.dates.length - 1]}` : "";
  syncSlider();
}

/** Index of the last timeline date at or before `date` (0 when before all). */
function indexFor(date) {
  if (!date) return state.dates.length - 1;
  let idx = 0;
  for (let i = 0; i < state.dates.length; i++) if (state.dates[i] <= date) idx = i;
  return idx;
}

function syncSlider() {
  const s = $("#date-slider");
  if (state.dates.length) s.value = String(indexFor(state.date));
  $("#date-label").textContent = state.date || (state.dates.length ? "latest" : "no reports yet");
  const i = Number(s.value);
  $("#date-prev").disabled = !state.dates.length || i <= 0;
  $("#date-next").disabled = !state.dates.length || i >= state.dates.length - 1;
  $("#date-latest").disabled = !state.dates.length || state.date === state.dates[state.dates.length - 1];
  updateExports();
}

async function setDate(date) {
  state.date = date;
  syncSlider();
  writeUrlState();
  try {
    await loadZones(date);
  } catch (e) {
    showError(`Could not load the map for ${date || "latest"}: ${e.message}`);
  }
  loadChanges().catch((e) => showError(`Could not load the changes: ${e.message}`));
}

// ---------------------------------------------------------------- changes

/**
 * "What changed": the places whose state on the date shown differs from their state on the
 * "since" date — by default the change date before the one shown, so stepping through the
 * timeline lists what each step changed; a date the user picks stays until they clear it.
 */
async function loadChanges() {
  const to = state.date || state.dates[state.dates.length - 1];
  const list = $("#changes-list");
  if (!to) {
    list.replaceChildren();
    $("#changes-section").hidden = true;
    return;
  }
  $("#changes-section").hidden = false;
  let from = state.changesFrom;
  if (!from) {
    const i = state.dates.indexOf(to);
    from = i > 0 ? state.dates[i - 1] : null;
    // before the first date nothing was known: everything on the map is new
    if (!from) from = dayBefore(state.dates[0] || to);
    $("#changes-from").value = from;
  }
  $("#changes-to").textContent = to;
  const q = new URLSearchParams({ from, to });
  $("#changes-csv").href = `/api/changes?${q}&format=csv`;
  $("#changes-csv").setAttribute("download", `frontline-changes-${from}-to-${to}.csv`);
  const key = q.toString();
  state.changesKey = key;
  const res = await api(`/api/changes?${q}`);
  if (state.changesKey !== key) return; // a later date change overtook this one
  const changes = Array.isArray(res.changes) ? res.changes : [];
  $("#changes-count").textContent = changes.length ? `(${changes.length})` : "";
  $("#changes-empty").hidden = changes.length > 0;
  list.replaceChildren(...changes.map((c) => changeItem(c, changes)));
  document.body.dataset.changes = key; // for the browser tests
}

function dayBefore(d) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

function holdingText(h) {
  if (!h) return "unknown";
  const who = faction(h.faction).name;
  return h.status === "held" ? who : `${who} (${h.status})`;
}

function changeItem(c, all) {
  const name = `${c.name}${c.part ? ` (${c.part})` : ""}`;
  // a whole place that left the map was split into the parts listed beside it; a part that
  // left it, merged into the whole place again
  const now = all.filter((o) => o !== c && o.place_id === c.place_id && o.after);
  const gone = !c.part && now.some((o) => o.part)
    ? "split into parts"
    : c.part && now.some((o) => !o.part)
      ? "whole again"
      : "no longer on the map";
  const quote = c.evidence && c.evidence[0] ? c.evidence[0].quote : "";
  const li = el(
    "li",
    { class: "fl-change", "data-place-id": c.place_id, title: quote ? `“${quote}”` : "" },
    c.after ? factionSwatch(c.after.faction) : null,
    el("b", {}, name),
    " ",
    el(
      "span",
      { class: "small" },
      c.before ? `${holdingText(c.before)} → ` : "new: ",
      c.after ? holdingText(c.after) : gone,
    ),
    c.since ? el("span", { class: "muted small" }, ` · since ${c.since}`) : null,
  );
  li.addEventListener("click", () => {
    if (!Number.isFinite(c.lat) || !Number.isFinite(c.lon)) return;
    map.flyTo([c.lat, c.lon], Math.max(map.getZoom(), 11), { duration: 0.8 });
    const m = state.placeMarkers.get(c.place_id);
    if (m) map.once("moveend", () => m.openPopup());
  });
  return li;
}

function wireChanges() {
  $("#changes-from").addEventListener("change", (e) => {
    state.changesFrom = e.target.value || null;
    loadChanges().catch((err) => showError(`Could not load the changes: ${err.message}`));
  });
}

let slideTimer;
function wireTimebar() {
  const s = $("#date-slider");
  s.addEventListener("input", () => {
    const d = state.dates[Number(s.value)];
    $("#date-label").textContent = d;
    clearTimeout(slideTimer);
    // while dragging, redraw at most every 120 ms; cached dates are instant
    slideTimer = setTimeout(() => setDate(d), state.zonesCache.has(d) ? 0 : 120);
  });
  $("#date-prev").addEventListener("click", () => step(-1));
  $("#date-next").addEventListener("click", () => step(1));
  $("#date-latest").addEventListener("click", () => setDate(state.dates[state.dates.length - 1] || null));
}

function step(delta) {
  if (!state.dates.length) return;
  const i = Math.max(0, Math.min(state.dates.length - 1, indexFor(state.date) + delta));
  setDate(state.dates[i]);
}

function updateExports() {
  for (const a of document.querySelectorAll("#exports a.export")) {
    const fmt = a.dataset.format;
    const q = new URLSearchParams({ format: fmt });
    if (state.date) q.set("date", state.date);
    a.href = `/api/export?${q}`;
    const ext = { geojson: "geojson", fgb: "fgb", kml: "kml", csv: "csv" }[fmt] || fmt;
    a.setAttribute("download", `frontline-${state.date || "latest"}.${ext}`);
    a.title = `Download ${a.textContent} as of ${state.date || "the latest date"}`;
  }
}

// ---------------------------------------------------------------- report panel

function wireReportPanel() {
  const tok = $("#report-token");
  tok.value = localStorage.getItem(TOKEN_KEY) || "";
  tok.addEventListener("change", () => {
    if (tok.value) localStorage.setItem(TOKEN_KEY, tok.value);
    else localStorage.removeItem(TOKEN_KEY);
  });
  $("#report-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submitReport();
  });
  $("#panel-toggle").addEventListener("click", () => {
    const panel = $("#panel");
    const open = panel.hidden;
    panel.hidden = !open;
    $("#panel-toggle").setAttribute("aria-expanded", String(open));
    map.invalidateSize();
  });
}

async function submitReport() {
  const text = $("#report-text").value;
  const date = $("#report-date").value;
  const source = $("#report-source").value.trim();
  const title = $("#report-title").value.trim();
  const errBox = $("#report-error");
  errBox.hidden = true;
  if (!text.trim()) return reportError("The report has no text.");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return reportError("Give the date the report describes (YYYY-MM-DD).");
  const body = { text, date };
  if (source) body.source = source;
  if (title) body.title = title;
  const headers = { "Content-Type": "application/json" };
  const token = $("#report-token").value.trim();
  if (token) headers.Authorization = `Bearer ${token}`;
  const btn = $("#report-submit");
  btn.disabled = true;
  $("#report-status").textContent = "Reading the report…";
  try {
    const res = await api("/api/reports", { method: "POST", headers, body: JSON.stringify(body) });
    $("#report-status").textContent = `Stored as report ${res.id}.`;
    showReportResult(text, res);
    $("#report-result").scrollIntoView({ behavior: "smooth", block: "nearest" });
    await refreshAfterReport(date);
    loadReports();
  } catch (e) {
    $("#report-status").textContent = "";
    const hint = e.status === 401 || e.status === 403 ? " — check the access token." : "";
    reportError(`Not stored: ${e.message}${hint}`);
  } finally {
    btn.disabled = false;
  }
}

function reportError(msg) {
  const errBox = $("#report-error");
  errBox.textContent = msg;
  errBox.hidden = false;
}

/**
 * New claims change every date from the report's on: drop the caches and reload the
 * timeline. Someone watching the latest map stays on the (new) latest; otherwise the map
 * moves to the report's date so its effect is on screen.
 */
async function refreshAfterReport(date) {
  const wasLatest = !state.date || state.date === state.dates[state.dates.length - 1];
  state.zonesCache.clear();
  state.placeCache.clear();
  try {
    await loadTimeline();
  } catch (e) {
    showError(`Could not reload the timeline: ${e.message}`);
  }
  const latest = state.dates[state.dates.length - 1] || null;
  await setDate(wasLatest ? latest || date : date);
}

function showReportResult(text, res) {
  $("#report-result").hidden = false;
  $("#report-id").textContent = res.id ? `· report ${res.id}` : "";
  const mentions = ((res.mentions && res.mentions.features) || []).filter(
    (f) => f.properties && Number.isFinite(f.properties.start) && Number.isFinite(f.properties.end),
  );
  renderHighlighted(text, mentions);
  drawMentions(mentions);
  renderClaims(res.claims || []);
  const low = mentions.filter((f) => typeof f.properties.confidence === "number" && f.properties.confidence < 0.6);
  const claims = res.claims || [];
  const unresolved = claims.filter((c) => !c.place_id).length;
  $("#report-summary").textContent =
    `${mentions.length} place mention${mentions.length === 1 ? "" : "s"}` +
    (low.length ? `, ${low.length} low-confidence (dashed)` : "") +
    ` · ${claims.length} claim${claims.length === 1 ? "" : "s"}` +
    (unresolved ? `, ${unresolved} about places not in the gazetteer` : "");
}

function renderHighlighted(text, mentions) {
  const toIdx = byteOffsetMapper(text);
  const spans = mentions
    .map((f, n) => ({ f, n, a: toIdx(f.properties.start), b: toIdx(f.properties.end) }))
    .filter((s) => s.b > s.a)
    .sort((x, y) => x.a - y.a || y.b - x.b);
  const box = $("#report-highlighted");
  box.replaceChildren();
  let pos = 0;
  for (const s of spans) {
    if (s.a < pos) continue; // overlapping mention: the longer, earlier one is shown
    if (s.a > pos) box.append(text.slice(pos, s.a));
    const p = s.f.properties;
    const conf = typeof p.confidence === "number" ? p.confidence : 1;
    const cls = ["mention"];
    if (conf < 0.6) cls.push("low");
    if (p.role && p.role !== "location") cls.push(`role-${cssId(p.role)}`);
    if (!s.f.geometry) cls.push("unresolved");
    const alts = Array.isArray(p.alternatives) && p.alternatives.length
      ? `\nalternatives: ${p.alternatives.map((x) => `${x.name} (${fmtConf(x.confidence)})`).join(", ")}`
      : "";
    const mark = el(
      "mark",
      {
        class: cls.join(" "),
        tabindex: "0",
        "data-mention": String(s.n),
        "data-place-id": p.place_id || "",
        title: `${p.name || "unresolved"} · ${p.feature || ""}${p.role && p.role !== "location" ? ` · ${p.role}` : ""} · confidence ${fmtConf(conf)}${alts}`,
      },
      text.slice(s.a, s.b),
    );
    const go = () => flyToMention(s.f);
    mark.addEventListener("click", go);
    mark.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        go();
      }
    });
    box.append(mark);
    pos = s.b;
  }
  if (pos < text.length) box.append(text.slice(pos));
  if (spans.length === 0) box.append(el("p", { class: "muted small" }, "No places recognised."));
}

function drawMentions(mentions) {
  layers.mentions.clearLayers();
  for (const f of mentions) {
    if (!f.geometry) continue;
    const p = f.properties;
    const low = typeof p.confidence === "number" && p.confidence < 0.6;
    const lyr = L.geoJSON(f, {
      pointToLayer: (_f, ll) =>
        L.circleMarker(ll, {
          pane: "mentions",
          radius: 7,
          color: low ? "#b26a00" : "#0b57d0",
          weight: 2,
          dashArray: low ? "3 3" : null,
          fillOpacity: 0,
          className: `fl-mention${low ? " fl-low-confidence" : ""}`,
        }),
      style: {
        pane: "mentions",
        color: low ? "#b26a00" : "#0b57d0",
        weight: 2,
        dashArray: "4 4",
        fillOpacity: 0.05,
        className: `fl-mention${low ? " fl-low-confidence" : ""}`,
      },
    });
    lyr.bindTooltip(`${esc(p.text)} → ${esc(p.name)} (${esc(p.feature || "")}, ${fmtConf(p.confidence)})`);
    f._layer = lyr;
    layers.mentions.addLayer(lyr);
  }
}

function flyToMention(f) {
  if (!f.geometry) return;
  const lyr = f._layer || L.geoJSON(f);
  const b = lyr.getBounds();
  if (!b.isValid()) return;
  if (f.geometry.type === "Point") map.flyTo(b.getCenter(), Math.max(map.getZoom(), 10), { duration: 0.8 });
  else map.flyToBounds(b, { maxZoom: 11, duration: 0.8, padding: [30, 30] });
  const marker = state.placeMarkers.get(f.properties.place_id);
  map.once("moveend", () => {
    if (marker && layers.places.hasLayer(marker)) marker.openPopup();
    else lyr.eachLayer((l) => l.openTooltip && l.openTooltip());
  });
}

function renderClaims(claims) {
  const tbody = $("#claims-table tbody");
  tbody.replaceChildren();
  $("#claims-empty").hidden = claims.length > 0;
  $("#claims-table").hidden = claims.length === 0;
  for (const c of claims) {
    const low = typeof c.confidence === "number" && c.confidence < 0.5;
    const row = el(
      "tr",
      { class: `claim${low ? " low" : ""}`, "data-place-id": c.place_id || "" },
      el("td", {}, factionSwatch(c.faction), " ", faction(c.faction).name),
      el("td", {}, String(c.relation || "").replace(/_/g, " ") + (c.counterpart ? ` (${faction(c.counterpart).name})` : "")),
      el("td", {}, c.place_id ? c.name : el("span", { class: "unresolved", title: "not found in the gazetteer" }, `${c.name} ?`)),
      el("td", { class: low ? "conf low" : "conf" }, fmtConf(c.confidence)),
    );
    const quote = el("tr", { class: "claim-quote" }, el("td", { colspan: "4" }, el("q", {}, c.quote || "")));
    if (Number.isFinite(c.lat) && Number.isFinite(c.lon)) {
      const go = () => {
        map.flyTo([c.lat, c.lon], Math.max(map.getZoom(), 10), { duration: 0.8 });
        const m = state.placeMarkers.get(c.place_id);
        if (m) map.once("moveend", () => layers.places.hasLayer(m) && m.openPopup());
      };
      row.addEventListener("click", go);
      quote.addEventListener("click", go);
      row.classList.add("clickable");
      quote.classList.add("clickable");
    }
    tbody.append(row, quote);
  }
}

// ---------------------------------------------------------------- stored reports

const REPORTS_PAGE = 20;
let reportsOffset = 0;

/** The newest stored reports; a click shows one with its places and claims. */
async function loadReports(append = false) {
  if (!append) reportsOffset = 0;
  let res;
  try {
    res = await api(`/api/reports?limit=${REPORTS_PAGE}&offset=${reportsOffset}`);
  } catch (e) {
    $("#reports-total").textContent = `(unavailable: ${e.message})`;
    return;
  }
  const list = $("#reports-list");
  const reports = Array.isArray(res) ? res : res.reports || [];
  if (!append) list.replaceChildren();
  for (const r of reports) {
    const n = Array.isArray(r.claims) ? r.claims.length : 0;
    list.append(
      el(
        "li",
        { tabindex: "0", "data-report-id": r.id, title: "Show this report's places and claims" },
        el("span", { class: "fl-rep-date" }, r.date || "undated"),
        " ",
        el("b", {}, r.title || firstWords(r.text)),
        el("div", { class: "muted small" }, r.source || "unknown source", ` · ${n} claim${n === 1 ? "" : "s"}`),
      ),
    );
    const li = list.lastChild;
    const open = () => showStoredReport(r);
    li.addEventListener("click", open);
    li.addEventListener("keydown", (e) => e.key === "Enter" && open());
  }
  reportsOffset += reports.length;
  const total = typeof res.total === "number" ? res.total : reportsOffset;
  $("#reports-total").textContent = `(${total})`;
  $("#reports-more").hidden = reportsOffset >= total || reports.length === 0;
}

function firstWords(text) {
  const body = String(text || "").replace(/^(?:[a-z]+:.*\n)+\n/i, "");
  return body.length > 70 ? body.slice(0, 70) + "…" : body;
}

/**
 * Shows a stored report like a fresh one: mentions from GET /api/reports/{id} (a read, so
 * it needs no token; /api/geoparse does on a server that has one).
 */
async function showStoredReport(r) {
  if (typeof r.text !== "string") return;
  let mentions = { type: "FeatureCollection", features: [] };
  try {
    const full = await api(`/api/reports/${encodeURIComponent(r.id)}`);
    if (full && full.mentions) mentions = full.mentions;
  } catch (e) {
    showError(`Could not find the places of report ${r.id}: ${e.message}`);
  }
  showReportResult(r.text, { id: r.id, mentions, claims: r.claims || [] });
  $("#report-result").scrollIntoView({ behavior: "smooth", block: "start" });
}

// ---------------------------------------------------------------- place search

function wireSearch() {
  const form = $("#place-search");
  const q = $("#place-q");
  const list = $("#place-results");
  let timer;
  let seq = 0;
  const run = async () => {
    const s = q.value.trim();
    if (s.length < 2) {
      list.hidden = true;
      return;
    }
    const my = ++seq;
    try {
      const res = await api(`/api/places?q=${encodeURIComponent(s)}`);
      if (my !== seq) return;
      const items = Array.isArray(res) ? res : res.places || res.results || (res.features || []).map(featureToPlace);
      list.replaceChildren(
        ...items.slice(0, 12).map((p) =>
          el(
            "li",
            {
              tabindex: "0",
              onclick: () => pickPlace(p),
              onkeydown: (e) => e.key === "Enter" && pickPlace(p),
            },
            el("b", {}, p.name),
            " ",
            el("span", { class: "muted" }, [p.kind || p.feature, p.admin1 || p.governorate].filter(Boolean).join(", ")),
          ),
        ),
      );
      if (items.length === 0) list.replaceChildren(el("li", { class: "muted" }, "no match"));
      list.hidden = false;
    } catch (e) {
      list.replaceChildren(el("li", { class: "error" }, e.message));
      list.hidden = false;
    }
  };
  q.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  document.addEventListener("click", (e) => {
    if (!form.contains(e.target)) list.hidden = true;
  });
  function pickPlace(p) {
    list.hidden = true;
    const lat = p.lat ?? (p.point && p.point[1]);
    const lon = p.lon ?? (p.point && p.point[0]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
    map.flyTo([lat, lon], Math.max(map.getZoom(), 11), { duration: 0.8 });
    const m = state.placeMarkers.get(p.id || p.place_id);
    if (m) map.once("moveend", () => m.openPopup());
  }
}

function featureToPlace(f) {
  const p = { ...(f.properties || {}) };
  if (f.geometry && f.geometry.type === "Point") {
    p.lon = f.geometry.coordinates[0];
    p.lat = f.geometry.coordinates[1];
  }
  return p;
}

// ---------------------------------------------------------------- start

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function main() {
  $("#error-close").addEventListener("click", hideError);
  // A bug in this page is shown, not swallowed: the analyst should know the map may be stale.
  window.addEventListener("error", (e) => showError(`Unexpected error in the page: ${e.message}`));
  window.addEventListener("unhandledrejection", (e) =>
    showError(`Unexpected error in the page: ${(e.reason && e.reason.message) || e.reason}`),
  );
  const fromUrl = readUrlState();
  createMap();
  wireTimebar();
  wireReportPanel();
  wireSearch();
  wireChanges();
  $("#report-date").value = fromUrl.date || new Date().toISOString().slice(0, 10);

  let region;
  try {
    region = await api("/api/region");
  } catch (e) {
    showError(`Could not load the region: ${e.message}`);
    map.setView([0, 0], 2);
    return;
  }
  state.region = region;
  for (const f of region.factions || []) state.factions.set(f.id, f);
  $("#region-name").textContent = region.name || "";
  document.title = `frontline — ${region.name || "control map"}`;
  if (region.attribution) map.attributionControl.addAttribution(esc(region.attribution));

  // for scripting from the console and for the browser tests
  window.frontline = { map, state, layers };

  state.restoring = true;
  if (fromUrl.center) map.setView(fromUrl.center, fromUrl.zoom ?? region.zoom ?? 8);
  else if (Array.isArray(region.bbox) && region.bbox.length === 4) {
    const [w, s, e, n] = region.bbox;
    map.fitBounds([[s, w], [n, e]]);
  } else if (Array.isArray(region.center)) map.setView([region.center[1], region.center[0]], region.zoom || 7);
  state.restoring = false;
  buildLegend();

  // The basemap and the timeline load side by side; zones wait only for the timeline.
  const base = loadBasemap().catch((e) => showError(`Could not load the basemap: ${e.message}`));
  try {
    await loadTimeline();
  } catch (e) {
    showError(`Could not load the timeline: ${e.message}`);
  }
  const latest = state.dates[state.dates.length - 1] || null;
  if (latest) $("#report-date").value = fromUrl.date || latest;
  await setDate(fromUrl.date || latest);
  // A first visit opens on where the reporting is, not on the whole region.
  if (!fromUrl.center) fitToData();
  await base;
  document.body.dataset.ready = "1"; // for the browser tests: first map drawn
  $("#reports-more").addEventListener("click", () => loadReports(true));
  loadReports();

  window.addEventListener("hashchange", () => {
    const u = readUrlState();
    state.restoring = true;
    if (u.center) map.setView(u.center, u.zoom ?? map.getZoom());
    state.restoring = false;
    if (u.date && u.date !== state.date) setDate(u.date);
  });
  document.addEventListener("keydown", (e) => {
    // typing, and arrow keys that pan a focused map, are not date steps
    if (e.target.closest("input, textarea, select, [contenteditable], #map")) return;
    if (e.key === "ArrowLeft" && !e.ctrlKey && !e.metaKey) step(-1);
    else if (e.key === "ArrowRight" && !e.ctrlKey && !e.metaKey) step(1);
  });
}

main();
