// What the page knows and shows: the region's factions (with the palette the user chose),
// the dates, caches, and the error banner and status line every part reports to.

import { $, el } from "./util.js";

export const TOKEN_KEY = "frontline.token";
export const OSM_KEY = "frontline.osm";
export const PALETTE_KEY = "frontline.palette";

export const state = {
  region: null,
  factions: new Map(), // id -> {id, name, fill, stroke, safe_fill?, safe_stroke?}
  palette: "standard", // or "safe": the colour-blind-safe colours of factions.toml
  dates: [], // ascending YYYY-MM-DD from /api/timeline
  date: null, // the date shown (null: latest, before the timeline is known)
  zonesCache: new Map(), // date -> FeatureCollection
  zonesAbort: null,
  zonesNoStore: false, // after a write: zones are fetched past the browser's HTTP cache
  placeCache: new Map(), // place id -> /api/places/{id} response
  placeMarkers: new Map(), // place id -> marker of the current date
  placeFeatures: [], // the place features of the date shown (for zone and frontline evidence)
  changesFrom: null, // the "since" date the user picked for the changes list (null: previous date)
  changesKey: null, // the changes request on screen or on its way
  restoring: false,
};

/** A faction's name and colours in the palette in use (grey for an unknown id). */
export function faction(id) {
  const f = state.factions.get(id);
  if (!f) return { id, name: id || "unknown", fill: "#9e9e9e", stroke: "#616161" };
  if (state.palette === "safe" && f.safe_fill) {
    return { ...f, fill: f.safe_fill, stroke: f.safe_stroke || f.stroke };
  }
  return f;
}

export function factionSwatch(id) {
  const f = faction(id);
  return el("span", {
    class: "swatch",
    style: `background:${f.fill};border-color:${f.stroke}`,
    title: f.name,
    "aria-hidden": "true",
  });
}

/** Whether the region offers a colour-blind-safe palette. */
export function hasSafePalette() {
  return [...state.factions.values()].some((f) => f.safe_fill);
}

/**
 * Shows an error in the banner. Messages add up until dismissed (a bad URL can be wrong in
 * two ways; the user should see both), and the same message is not repeated.
 */
export function showError(msg) {
  const box = $("#error-text");
  const seen = [...box.children].some((li) => li.textContent === msg);
  if (!seen) box.append(el("li", {}, msg));
  $("#error").hidden = false;
  console.error(msg);
}

export function hideError() {
  $("#error").hidden = true;
  $("#error-text").replaceChildren();
}

export function setStatus(msg) {
  $("#map-status").textContent = msg;
}
