// The control layers of one date: faction zones, frontlines, sieges, routes, advances and
// places, drawn from /api/zones; and the evidence behind them — a place's popup, a zone's
// list of the places it rests on, and the places a frontline runs between.

/* global L */

import { el, esc, cssId, fmtConf, joinWords, sourceNode, svgEl, svgPattern, pointInGeometry } from "./util.js";
import { api } from "./api.js";
import { state, faction, factionSwatch, setStatus } from "./state.js";
import { map, layers, siegeRenderer, hatchFill } from "./map.js";
import { markLegend } from "./legend.js";
import { reviewNote, claimReviewControls, addClaimButton } from "./review.js";

// ---------------------------------------------------------------- styles

function zoneStyle(p) {
  const f = faction(p.faction);
  const contested = p.status === "contested";
  const sides = Array.isArray(p.contenders) ? p.contenders : [];
  // a contested area shows every side: stripes of the contenders' colours
  const hatch = contested && sides.length >= 2 ? stripeFill(sides) : null;
  return {
    color: f.stroke,
    fillColor: hatch || f.fill,
    // a dark fill (Islamic State's black) stays dark enough not to pass for a grey one
    fillOpacity: hatch ? 0.55 : contested ? 0.2 : luminance(f.fill) < 0.15 ? 0.62 : 0.42,
    weight: 1,
    opacity: 0.9,
    dashArray: contested ? "3 3" : null,
    className: `fl-zone fl-faction-${cssId(p.faction)}`,
  };
}

/** Relative luminance (0–1) of a `#rrggbb` colour; 1 for anything else. */
function luminance(hex) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex || "");
  if (!m) return 1;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * An SVG stripe pattern of the factions' colours, one per set of sides and palette; returns
 * the `url(#…)` that Leaflet writes as the fill.
 */
function stripeFill(sides) {
  const ids = [...new Set(sides)].sort();
  const id = `fl-stripes-${state.palette}-${ids.map(cssId).join("-")}`;
  const stripe = 5;
  const rects = ids.map((fid, i) =>
    svgEl("rect", { x: i * stripe, width: stripe, height: 10, fill: faction(fid).fill }),
  );
  svgPattern(id, stripe * ids.length, 10, rects);
  return `url(#${id})`;
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

/** A place known only from a baseline survey (no report mentions it): drawn small and quiet. */
function baselineOnly(p) {
  const ev = Array.isArray(p.evidence) ? p.evidence : [];
  const fromBaseline = (e) => String(e.report_id || "").startsWith("baseline:") || /^baseline /.test(e.quote || "");
  return ev.length > 0 && ev.every(fromBaseline);
}

function placeStyle(p) {
  const f = faction(p.faction);
  const lowConf = typeof p.confidence === "number" && p.confidence < 0.5;
  const quiet = baselineOnly(p);
  const s = {
    pane: "places",
    radius: quiet ? Math.min(placeRadius(p), 3) : placeRadius(p),
    color: f.stroke,
    fillColor: f.fill,
    fillOpacity: lowConf ? 0.35 : 0.95,
    weight: quiet ? 0.8 : 1.5,
    className: `fl-place fl-status-${cssId(p.status)}${lowConf ? " fl-low-confidence" : ""}${quiet ? " fl-place-baseline" : ""}`,
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
  // A place the gazetteer lacks, drawn at the place its report names it near: hollow and
  // dashed, so nobody reads the dot as its position.
  if (p.approximate) {
    s.fillOpacity = 0.15;
    s.dashArray = "3 3";
    s.weight = 2;
    s.className += " fl-approximate";
  }
  return s;
}

// ---------------------------------------------------------------- load and draw

/** How often a map the server marked stale (`X-Zones-Stale`) is asked for again. */
const STALE_RETRY_MS = 300;

/**
 * After a write: the maps kept in the page are out of date, and so is the browser's HTTP
 * cache of them (a revalidation can be answered 304 for the previous map while the new one
 * builds), so zones are fetched past it from now on.
 */
export function forgetZones() {
  state.zonesCache.clear();
  state.zonesNoStore = true;
}

export async function loadZones(date) {
  const key = date || "latest";
  let fc = state.zonesCache.get(key);
  if (!fc) {
    if (state.zonesAbort) state.zonesAbort.abort();
    const ctl = new AbortController();
    state.zonesAbort = ctl;
    setStatus(`loading ${date || "latest"}…`);
    const url = date ? `/api/zones?date=${encodeURIComponent(date)}` : "/api/zones";
    // After a write on a big store the server answers the previous map at once
    // (`X-Zones-Stale: rebuilding`) while it builds the new one: that answer is drawn but not
    // kept, and the map is asked for again until the new one is there.
    for (;;) {
      let stale = false;
      try {
        fc = await api(url, {
          signal: ctl.signal,
          cache: state.zonesNoStore ? "no-store" : "default",
          onResponse: (res) => (stale = res.headers.has("X-Zones-Stale")),
        });
      } catch (e) {
        if (e.name === "AbortError") return;
        throw e;
      }
      if (!stale) break;
      if ((state.date || "latest") === key) drawZones(fc);
      setStatus(`updating ${date || "latest"}…`);
      await new Promise((r) => setTimeout(r, STALE_RETRY_MS));
      if (ctl.signal.aborted) return;
    }
    if (state.zonesAbort === ctl) state.zonesAbort = null;
    state.zonesCache.set(key, fc);
  }
  // A later date change may have overtaken this one while it loaded.
  if ((state.date || "latest") !== key) return;
  drawZones(fc);
  document.body.dataset.drawn = key; // which date is on screen (read by the browser tests)
}

/** Redraws the date on screen (after a palette change). */
export function redraw() {
  const fc = state.zonesCache.get(state.date || "latest");
  if (fc) drawZones(fc);
}

function drawZones(fc) {
  for (const k of ["zones", "sieges", "frontlines", "routes", "places"]) layers[k].clearLayers();
  state.labelsPermanent = map.getZoom() >= LABEL_ZOOM;
  state.labelBounds = map.getBounds().pad(0.2);
  state.placeMarkers.clear();
  const counts = { zone: 0, place: 0, frontline: 0, siege: 0, route: 0 };
  const present = new Set();
  const perFaction = new Map(); // faction -> places it holds on the date shown (legend counts)
  const feats = (fc && fc.features) || [];
  state.placeFeatures = feats.filter((f) => f.properties && f.properties.kind === "place" && f.geometry);
  for (const f of feats) {
    const p = f.properties || {};
    if (!f.geometry) continue;
    counts[p.kind] = (counts[p.kind] || 0) + 1;
    switch (p.kind) {
      case "zone":
        present.add(p.faction);
        drawZone(f, p);
        break;
      case "frontline":
        drawFrontline(f, p);
        break;
      case "siege":
        if (p.complete === false) drawPartialSiege(f, p);
        else drawSiege(f, p);
        break;
      case "route":
        drawRoute(f, p);
        break;
      case "advance":
        drawAdvance(f, p);
        break;
      case "place":
        if (typeof p.confidence === "number" && p.confidence < 0.5) counts.lowConf = (counts.lowConf || 0) + 1;
        perFaction.set(p.faction, (perFaction.get(p.faction) || 0) + 1);
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
  markLegend(present, perFaction);
  updatePlaceVisibility();
  declutterLabels();
}

function drawZone(f, p) {
  const lyr = L.geoJSON(f, { style: () => zoneStyle(p) });
  const name = p.label || faction(p.faction).name;
  lyr.bindTooltip(
    () =>
      `<b>${esc(name)}</b>` +
      (p.status === "contested" ? " (contested)" : "") +
      (typeof p.places === "number" ? `<br>${p.places} place${p.places === 1 ? "" : "s"} — click for the list` : ""),
    { sticky: true, className: "fl-zone-tip" },
  );
  // The list is built when the popup opens, for the point clicked: the part of the zone there.
  lyr.bindPopup(() => el("div"), { maxWidth: 400, minWidth: 260, className: "fl-popup" });
  lyr.on("popupopen", (e) => e.popup.setContent(zonePopup(f, p, e.popup.getLatLng())));
  layers.zones.addLayer(lyr);
}

function drawFrontline(f, p) {
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
  line.bindTooltip(`Frontline: ${fs.map((x) => esc(faction(x).name)).join(" / ")} — click for the evidence`, {
    sticky: true,
  });
  line.bindPopup(() => el("div"), { maxWidth: 420, minWidth: 260, className: "fl-popup" });
  line.on("popupopen", (e) => e.popup.setContent(frontlinePopup(p, e.popup.getLatLng())));
  layers.frontlines.addLayer(line);
}

function drawSiege(f, p) {
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
  const summary =
    `${besieger.name} encircles ${who}${p.name || "the place"}` + (sides.length ? ` from the ${joinWords(sides)}` : "");
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
  const lyr = L.featureGroup([L.polyline(pts, style), L.polyline([barb(0.44), b, barb(-0.44)], style)]);
  const summary = `${who.name} advancing on ${p.name || "the place"} from the ${p.side || "?"}`;
  bindSummary(lyr, "Advance", summary, p);
  layers.routes.addLayer(lyr);
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
  const label =
    `<b>${esc(p.name || "route")}</b>: ${cut ? "CUT" : "open"}` +
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
        alt: `${p.name || "route"} cut`,
      });
      x.bindTooltip(label);
      layers.routes.addLayer(x);
    }
  }
}

/** Middle vertex (by length) of a LineString or first line of a MultiLineString, as [lat, lon]. */
function lineMidpoint(g) {
  const coords = g.type === "LineString" ? g.coordinates : g.type === "MultiLineString" ? g.coordinates[0] : null;
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

/** What a screen reader says for a place marker: name, holder, status, since. */
function placeLabelText(p) {
  const who = faction(p.faction).name;
  const st = p.status && p.status !== "held" ? `, ${p.status}` : "";
  return `${p.name || p.place_id}${p.part ? ` (${p.part})` : ""}: ${who}${st}${p.since ? ` since ${p.since}` : ""}`;
}

function drawPlace(f, p) {
  if (f.geometry.type !== "Point") return;
  const [lon, lat] = f.geometry.coordinates;
  const m = L.circleMarker([lat, lon], placeStyle(p));
  m.feature = f;
  m.flLabel = esc(p.name || p.place_id) + (p.part ? ` (${esc(p.part)})` : "");
  m.flBaseline = baselineOnly(p);
  placeTooltip(m, state.labelsPermanent && state.labelBounds.contains(m.getLatLng()));
  // Built on first open (no per-place work on load); the node then stays the content, so
  // filling in the history does not rebuild it.
  let node = null;
  m.bindPopup(() => (node = placePopup(p)), { maxWidth: 380, minWidth: 260, className: "fl-popup" });
  m.on("popupopen", (e) => node && loadPlaceHistory(p, node, e.popup));
  m.on("add", () => {
    const e = m.getElement();
    if (!e) return;
    if (p.place_id) e.setAttribute("data-place-id", p.place_id);
    // an accessible name: SVG paths have none of their own
    e.setAttribute("role", "img");
    e.setAttribute("aria-label", placeLabelText(p));
  });
  // a split place ("west Aleppo") has several markers: keep the first for fly-to
  if (p.place_id && !state.placeMarkers.has(p.place_id)) state.placeMarkers.set(p.place_id, m);
  layers.places.addLayer(m);
}

/** From this zoom on, place names are written on the map; below it they show on hover. */
const LABEL_ZOOM = 10;
/** Below this zoom the baseline's thousands of village dots are left out: the zones show them. */
const BASELINE_DOT_ZOOM = 9;

function placeTooltip(m, permanent) {
  if (m.flPermanent === permanent && m.getTooltip()) return;
  m.flPermanent = permanent;
  m.unbindTooltip();
  m.bindTooltip(
    m.flLabel,
    permanent
      ? { permanent: true, direction: "right", offset: [6, 0], className: "fl-place-label" }
      : { direction: "top", offset: [0, -4], className: "fl-place-tip" },
  );
}

export function wirePlaceZoom() {
  map.on("zoomend", updatePlaceVisibility);
  map.on("moveend", updatePlaceLabels);
}

/** Baseline-only places show from BASELINE_DOT_ZOOM on (a CSS class on the map, no redraw). */
function updatePlaceVisibility() {
  map.getContainer().classList.toggle("fl-hide-baseline-places", map.getZoom() < BASELINE_DOT_ZOOM);
}

/**
 * Names are written on the map from LABEL_ZOOM on, for the places in view only: a country-wide
 * baseline has thousands of places, and a permanent label is a DOM element each.
 */
function updatePlaceLabels() {
  state.labelsPermanent = map.getZoom() >= LABEL_ZOOM;
  state.labelBounds = map.getBounds().pad(0.2);
  layers.places.eachLayer(
    (m) => m.flLabel && placeTooltip(m, state.labelsPermanent && state.labelBounds.contains(m.getLatLng())),
  );
  declutterLabels();
}

/**
 * Hides place names that would overprint a bigger place's name (a city's quarters around
 * its centre): greedy, biggest markers first; zooming in brings the hidden ones back.
 */
function declutterLabels() {
  if (!state.labelsPermanent) return;
  const items = [];
  const bounds = map.getBounds().pad(0.1);
  layers.places.eachLayer((m) => {
    const e = m.flPermanent && m.getTooltip() && m.getTooltip().getElement();
    if (!e) return;
    if (!bounds.contains(m.getLatLng())) {
      e.style.visibility = "hidden";
      return;
    }
    items.push({ e, r: m.options.radius, low: /fl-low-confidence/.test(m.options.className) });
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

export function evidenceList(evidence) {
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
        reviewNote(ev),
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
    p.approximate
      ? el(
          "p",
          { class: "muted small fl-approximate-note" },
          p.anchor ? `Position approximate, near ${p.anchor}: the gazetteer lacks this place.` : "Position approximate: the gazetteer lacks this place.",
        )
      : null,
    el("h4", {}, `Evidence as of ${state.date || "latest"}`),
    evidenceList(p.evidence),
    el("div", { class: "fl-history" }, el("p", { class: "muted small fl-loading" }, "Loading control history…")),
    // ad-hoc places of an imported layer are not in the gazetteer: no claim can name them
    p.place_id && !p.place_id.startsWith("baseline:")
      ? el("div", { class: "fl-review fl-add-here" }, addClaimButton({ id: p.place_id, name: p.name }))
      : null,
  );
}

async function loadPlaceHistory(p, node, popup) {
  const box = node.querySelector(".fl-history");
  if (!box || !box.querySelector(".fl-loading")) return; // already filled in
  if (!p.place_id || p.place_id.startsWith("baseline:")) {
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
    // setContent with the same node re-lays the popup out around the longer content; it takes
    // the node out of the page and back, which drops the focus: give it back
    const focused = node.contains(document.activeElement) ? document.activeElement : null;
    popup.setContent(node);
    if (focused) focused.focus({ preventScroll: true });
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
    const rejected = e.rejected === true;
    ol.append(
      el(
        "li",
        { class: rejected ? "fl-rejected" : null, "data-claim-id": e.claim_id || null },
        head,
        rejected ? el("span", { class: "fl-badge" }, "rejected") : null,
        ev.length ? evidenceList(ev) : "",
        // baseline rows are surveys, not claims a correction can target
        String(e.report_id || "").startsWith("baseline:") ? null : claimReviewControls(e),
      ),
    );
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
  return [...list]
    .sort((a, b) => String(b.date || b.since || "").localeCompare(String(a.date || a.since || "")))
    .map((e) => ({ ...e, date: e.date || e.since }));
}

// ---------------------------------------------------------------- evidence for areas

/** The newest piece of evidence of a place: what the area list quotes. */
function leadEvidence(p) {
  const ev = Array.isArray(p.evidence) ? p.evidence : [];
  return [...ev].sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")))[0] || null;
}

/** The one polygon of a (Multi)Polygon that contains `pt`, as a Polygon geometry. */
function partAt(g, pt) {
  if (g.type === "Polygon") return g;
  for (const rings of g.coordinates || []) {
    const part = { type: "Polygon", coordinates: rings };
    if (pointInGeometry(pt, part)) return part;
  }
  return g;
}

/**
 * The places a zone rests on, for the part of the zone clicked: every place of the date
 * inside it whose holder (or a contender) is the zone's faction, most recent first.
 */
export function placesInZone(zone, at) {
  const p = zone.properties;
  const pt = at ? [at.lng, at.lat] : null;
  const g = pt ? partAt(zone.geometry, pt) : zone.geometry;
  const bb = bbox(g);
  return state.placeFeatures
    .filter((f) => {
      const q = f.properties;
      const sides = [q.faction, ...(Array.isArray(q.contenders) ? q.contenders : [])];
      if (!sides.includes(p.faction)) return false;
      const [x, y] = f.geometry.coordinates;
      if (x < bb[0] || x > bb[2] || y < bb[1] || y > bb[3]) return false;
      return pointInGeometry([x, y], g);
    })
    .sort((a, b) => {
      const d = String(b.properties.since || "").localeCompare(String(a.properties.since || ""));
      return d || (b.properties.importance || 0) - (a.properties.importance || 0);
    });
}

function bbox(g) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  for (const rings of polys) {
    for (const [x, y] of rings[0] || []) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return b;
}

/** How many places an area list shows before "and N more". */
const AREA_LIST_MAX = 25;

function zonePopup(zone, p, at) {
  const f = faction(p.faction);
  const places = placesInZone(zone, at);
  const shown = places.slice(0, AREA_LIST_MAX);
  return el(
    "div",
    { class: "fl-zone-popup", "data-faction": p.faction },
    el("h3", {}, factionSwatch(p.faction), " ", p.label || f.name, p.status === "contested" ? " (contested)" : ""),
    el(
      "p",
      { class: "muted small" },
      `${places.length} place${places.length === 1 ? "" : "s"} in this area as of ${state.date || "latest"}, most recent first`,
    ),
    importedNote(p.imported),
    el("ol", { class: "fl-area-places" }, shown.map(areaPlaceItem)),
    places.length > shown.length ? el("p", { class: "muted small" }, `and ${places.length - shown.length} more`) : null,
  );
}

/** Why a zone follows a polygon's edge: the imported features it was drawn from. */
function importedNote(imported) {
  if (!Array.isArray(imported) || imported.length === 0) return null;
  return el(
    "div",
    { class: "fl-zone-imported small" },
    "Follows the imported polygon",
    imported.length === 1 ? "" : "s",
    ": ",
    ...imported.flatMap((a, i) => [
      i ? "; " : "",
      el("span", { class: "fl-imported-ref" }, `${a.file} feature ${a.feature}${a.name ? ` (${a.name})` : ""}`),
      el("span", { class: "muted" }, ` · ${a.date || "undated"}`),
    ]),
  );
}

function areaPlaceItem(feat) {
  const q = feat.properties;
  const ev = leadEvidence(q);
  const st = q.status && q.status !== "held" ? ` (${q.status})` : "";
  const li = el(
    "li",
    { "data-place-id": q.place_id || "" },
    el(
      "button",
      { type: "button", class: "fl-linkish", title: "Show this place" },
      `${q.name || q.place_id}${q.part ? ` (${q.part})` : ""}`,
    ),
    " ",
    el("span", { class: "small" }, `${faction(q.faction).name}${st}`),
    q.since ? el("span", { class: "muted small" }, ` · since ${q.since}`) : null,
    ev ? el("div", { class: "fl-ev-lead" }, el("q", {}, ev.quote || ""), el("span", { class: "fl-ev-meta" }, ` ${ev.date || "undated"} · `, sourceNode(ev.source))) : null,
  );
  li.querySelector("button").addEventListener("click", () => showPlace(q.place_id, feat.geometry.coordinates));
  return li;
}

/** Flies to a place of the date shown and opens its popup. */
export function showPlace(placeId, [lon, lat]) {
  map.flyTo([lat, lon], Math.max(map.getZoom(), 11), { duration: 0.8 });
  const m = state.placeMarkers.get(placeId);
  if (m) map.once("moveend", () => layers.places.hasLayer(m) && m.openPopup());
}

/**
 * The two sides a frontline separates where it was clicked: the nearest place of each
 * faction, with its holder, since and lead quote.
 */
export function facingPlaces(factions, at) {
  const out = [];
  for (const fid of factions) {
    let best = null;
    let bestD = Infinity;
    const k = Math.cos((at.lat * Math.PI) / 180);
    for (const f of state.placeFeatures) {
      const q = f.properties;
      if (q.faction !== fid) continue;
      const [x, y] = f.geometry.coordinates;
      const d = Math.hypot((x - at.lng) * k, y - at.lat);
      if (d < bestD) {
        bestD = d;
        best = f;
      }
    }
    if (best) out.push({ faction: fid, feature: best, km: bestD * 111.2 });
  }
  return out;
}

function frontlinePopup(p, at) {
  const fs = Array.isArray(p.factions) ? p.factions : [];
  const sides = facingPlaces(fs, at);
  return el(
    "div",
    { class: "fl-frontline-popup" },
    el("h3", {}, `Frontline: ${fs.map((x) => faction(x).name).join(" / ")}`),
    sides.length === 2
      ? el(
          "p",
          {},
          "Here ",
          el("b", {}, sides[0].feature.properties.name),
          ` (${faction(sides[0].faction).name}) faces `,
          el("b", {}, sides[1].feature.properties.name),
          ` (${faction(sides[1].faction).name}).`,
        )
      : null,
    el(
      "ol",
      { class: "fl-area-places" },
      sides.map((s) => {
        const li = areaPlaceItem(s.feature);
        li.append(el("div", { class: "muted small" }, `${s.km.toFixed(1)} km from the point clicked`));
        return li;
      }),
    ),
    p.as_of ? el("p", { class: "muted small" }, `as of ${p.as_of}`) : null,
  );
}

/**
 * Fits the view to where most of the reporting is: the places drawn, less outliers (a stray
 * mention far away should not zoom the map out to the whole region): points further from the
 * median point than four times the median distance (and 0.25°) are left out.
 * The region's bbox stays when nothing is drawn.
 */
export function fitToData() {
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
  map.fitBounds(b.pad(kept.length > 200 ? 0.02 : 0.25), { maxZoom: 11, animate: false });
}
