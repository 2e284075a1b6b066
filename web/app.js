// frontline web map: an analyst's all-day view of who holds what, as of a date.
//
// Plain ES modules, no build step. Leaflet is the vendored global `L` (web/vendor/leaflet).
// Everything comes from the server's /api; nothing is fetched from elsewhere, except OSM
// tiles when the user turns that layer on.
//
// Modules by concern (web/js/): api.js (the API client), state.js (what the page knows, the
// error banner), map.js (the Leaflet map, basemap, URL state), layers.js (zones, places and
// the evidence behind them), legend.js, timeline.js (date slider, exports, what changed),
// panels.js (report panel, stored reports, place search), auth.js (the token prompt,
// signing in and out), review.js (corrections and the Review list), util.js.
//
// Data flow: /api/region (view, factions, attribution) + /api/basemap + /api/timeline on
// load; one /api/zones?date=D per date shown (cached, so sliding back is free);
// /api/places/{id} only when a place's popup opens; POST /api/reports from the panel;
// GET /api/review for the Review list, POST /api/corrections from its buttons.

/* global L */

import { $, esc } from "./js/util.js";
import { api } from "./js/api.js";
import { state, showError, hideError, PALETTE_KEY } from "./js/state.js";
import { createMap, map, layers, readUrlState, loadBasemap } from "./js/map.js";
import { fitToData, redraw, wirePlaceZoom } from "./js/layers.js";
import { buildLegend, SMALL_SCREEN } from "./js/legend.js";
import { loadTimeline, setDate, step, wireTimebar } from "./js/timeline.js";
import { wireReportPanel, wireSearch, loadReports } from "./js/panels.js";
import { wireAuth } from "./js/auth.js";
import { wireReview, loadReviewList } from "./js/review.js";

export { byteOffsetMapper } from "./js/util.js";

async function main() {
  $("#error-close").addEventListener("click", hideError);
  // A bug in this page is shown, not swallowed: the analyst should know the map may be stale.
  window.addEventListener("error", (e) => showError(`Unexpected error in the page: ${e.message}`));
  window.addEventListener("unhandledrejection", (e) =>
    showError(`Unexpected error in the page: ${(e.reason && e.reason.message) || e.reason}`),
  );
  const fromUrl = readUrlState();
  for (const msg of fromUrl.errors) showError(msg);
  state.palette = localStorage.getItem(PALETTE_KEY) === "safe" ? "safe" : "standard";
  // On a phone the panel starts closed: the map gets the screen; "Reports" opens it.
  if (window.matchMedia(SMALL_SCREEN).matches) {
    $("#panel").hidden = true;
    $("#panel-toggle").setAttribute("aria-expanded", "false");
  }
  // first: on a --private server the very first read asks for the token
  wireAuth();
  createMap();
  focusPopupsFromKeyboard();
  wirePlaceZoom();
  wireTimebar();
  wireReportPanel();
  wireSearch();
  wireReview();

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
    map.fitBounds([
      [s, w],
      [n, e],
    ]);
  } else if (Array.isArray(region.center)) map.setView([region.center[1], region.center[0]], region.zoom || 7);
  state.restoring = false;
  buildLegend(redraw);

  // The basemap and the timeline load side by side; zones wait only for the timeline.
  const base = api("/api/basemap")
    .then(loadBasemap)
    .catch((e) => showError(`Could not load the basemap: ${e.message}`));
  try {
    await loadTimeline();
  } catch (e) {
    showError(`Could not load the timeline: ${e.message}`);
  }
  const latest = state.dates[state.dates.length - 1] || null;
  $("#report-date").value = fromUrl.date || latest || new Date().toISOString().slice(0, 10);
  await setDate(fromUrl.date || latest);
  // A first visit opens on where the reporting is, not on the whole region.
  if (!fromUrl.center) fitToData();
  await base;
  document.body.dataset.ready = "1"; // for the browser tests: first map drawn
  $("#reports-more").addEventListener("click", () => loadReports(true));
  loadReports();
  loadReviewList();

  window.addEventListener("hashchange", () => {
    const u = readUrlState();
    for (const msg of u.errors) showError(msg);
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

/**
 * A popup opened from the keyboard (Enter in the search box, the changes list or the Review
 * list) takes the focus, so Tab goes on to its evidence and review buttons instead of through
 * the rest of the page; one opened with the mouse leaves the focus where it is. The popup
 * opens when the map has flown there; a user who has started typing again by then (the next
 * search) keeps the focus, or their keys would land in the popup.
 */
function focusPopupsFromKeyboard() {
  let keyboard = false;
  // key counts, not times: two keys can share a timestamp
  let keys = 0;
  let lastEnter = 0;
  let lastTyped = 0;
  document.addEventListener(
    "keydown",
    (e) => {
      keyboard = true;
      keys += 1;
      if (e.key === "Enter") lastEnter = keys;
      else if (e.key.length === 1 || e.key === "Backspace") lastTyped = keys;
    },
    true,
  );
  document.addEventListener("pointerdown", () => (keyboard = false), true);
  map.on("popupopen", (e) => {
    if (!keyboard || lastTyped > lastEnter) return;
    const title = e.popup.getElement() && e.popup.getElement().querySelector("h3");
    if (!title) return;
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
  });
}

main();
