// The Leaflet map itself: panes, layer groups, the layer switcher, the offline basemap, and
// the view and date kept in the URL (`#date=…&lat=…&lon=…&z=…`) so a link restores them.

/* global L */

import { svgEl, svgPattern } from "./util.js";
import { state, OSM_KEY } from "./state.js";

export let map;
export const layers = {};

export function createMap() {
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
    // names of settlements and districts: above the zones so they stay readable, below markers
    ["basemapLabels", 600],
    // zones use the default overlayPane (400)
    ["sieges", 420],
    ["routes", 440],
    ["frontlines", 450],
    ["places", 610],
    ["mentions", 620],
  ];
  for (const [name, z] of panes) map.createPane(name).style.zIndex = String(z);
  map.getPane("basemap").classList.add("fl-basemap-pane");
  map.getPane("basemapLabels").classList.add("fl-basemap-labels-pane");

  layers.osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    className: "fl-osm",
  });
  for (const k of ["basemap", "zones", "sieges", "frontlines", "routes", "places", "mentions"]) {
    layers[k] = L.layerGroup().addTo(map);
  }
  if (localStorage.getItem(OSM_KEY) === "1") layers.osm.addTo(map);

  L.control
    .layers(
      null,
      {
        "OpenStreetMap tiles (online)": layers.osm,
        "Basemap (roads, names, boundaries)": layers.basemap,
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
  siegeRenderer = L.svg({ pane: "sieges" });
  siegeRenderer.addTo(map);
  return map;
}

/**
 * Sieges are hatched (an SVG pattern per colour, see `svgPattern`) and drawn by their own
 * pane's renderer. Leaflet writes `fill` verbatim, so a fillColor of `url(#id)` uses the pattern.
 */
export let siegeRenderer;
const hatchIds = new Map();

export function hatchFill(color) {
  if (!hatchIds.has(color)) {
    const id = `fl-hatch-${hatchIds.size}`;
    const line = svgEl("line", { x1: 0, y1: 0, x2: 0, y2: 8, stroke: color, "stroke-width": 3 });
    svgPattern(id, 8, 8, [line]);
    hatchIds.set(color, id);
  }
  return `url(#${hatchIds.get(color)})`;
}

// ---------------------------------------------------------------- URL state

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `#date=2016-02-10&lat=36.4&lon=37.1&z=9`: what a shared link restores. `errors` lists
 * every part of the link that could not be used, so the page can say all of them.
 */
export function readUrlState() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ""));
  const out = { errors: [] };
  const d = p.get("date");
  if (d !== null && d !== "" && d !== "latest") {
    const t = new Date(`${d}T00:00:00Z`);
    if (DATE_RE.test(d) && !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d) out.date = d;
    else out.errors.push(`The link's date "${d}" is not a date (YYYY-MM-DD); showing the latest map.`);
  }
  const has = (k) => p.get(k) !== null;
  if (has("lat") || has("lon")) {
    const lat = parseFloat(p.get("lat"));
    const lon = parseFloat(p.get("lon"));
    if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      out.center = [lat, lon];
    } else {
      out.errors.push(
        `The link's position lat=${p.get("lat") ?? "?"}, lon=${p.get("lon") ?? "?"} is not a place on Earth; showing the whole region.`,
      );
    }
  }
  if (has("z")) {
    const z = parseFloat(p.get("z"));
    if (Number.isFinite(z) && z >= 1 && z <= 18) out.zoom = Math.round(z);
    else out.errors.push(`The link's zoom z=${p.get("z")} is not between 1 and 18; ignored.`);
  }
  return out;
}

export function writeUrlState() {
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
  road: { pane: "basemapLines", color: "#c9a66b", weight: 1.6, opacity: 0.9, fill: false },
};

/**
 * Point layers of the basemap drawn as plain text labels: settlements by rank (1 cities of a
 * million, 2 other cities, 3 larger towns, 4 smaller ones; which ranks show depends on the
 * zoom, see `updateLabelVisibility`) and district names.
 */
function isBasemapLabel(f) {
  const p = f.properties || {};
  return !!p.name && (p.layer === "settlement" || p.layer === "district_label");
}

function basemapLabel(f, latlng) {
  const p = f.properties;
  const cls =
    p.layer === "settlement"
      ? `fl-label fl-label-settlement fl-label-rank-${p.rank || 3}`
      : "fl-label fl-label-district";
  const dot = p.layer === "settlement" ? '<span class="fl-label-dot" aria-hidden="true"></span>' : "";
  const text = document.createElement("span");
  text.textContent = p.name;
  return L.marker(latlng, {
    pane: "basemapLabels",
    interactive: false,
    keyboard: false,
    icon: L.divIcon({
      className: cls,
      html: `${dot}<span class="fl-label-text">${text.innerHTML}</span>`,
      iconSize: null,
    }),
  });
}

export async function loadBasemap(fc) {
  const g = L.geoJSON(fc, {
    style: (f) => {
      const s = BASEMAP_STYLE[f.properties && f.properties.layer] || BASEMAP_STYLE.governorate;
      // the region's own country is blank paper; neighbours a touch darker
      if (f.properties.layer === "country" && state.region && !isRegionCountry(f)) {
        return { ...s, fillColor: "#e6e2d9", className: "fl-basemap fl-basemap-country" };
      }
      return { ...s, className: `fl-basemap fl-basemap-${f.properties.layer}` };
    },
    pointToLayer: basemapLabel,
    // points other than names (none yet) are not drawn
    filter: (f) => f.geometry.type !== "Point" || isBasemapLabel(f),
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
  root.classList.toggle("fl-show-gov-labels", z === 8);
  root.classList.toggle("fl-show-country-labels", z <= 9);
  root.classList.toggle("fl-show-district-labels", z >= 9 && z <= 11);
  // Settlement names by size as the user zooms in; from LABEL_ZOOM (layers.js) on, the place
  // markers carry their own names.
  for (const [rank, from] of [
    [1, 6],
    [2, 7],
    [3, 8],
    [4, 9],
  ]) {
    root.classList.toggle(`fl-show-rank-${rank}`, z >= from && z < 10);
  }
}
