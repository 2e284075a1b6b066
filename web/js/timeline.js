// The date shown: the slider over the timeline's change dates, the ◀ ▶ latest buttons, the
// export links for that date, and "What changed" since an earlier date.

import { $, el, dayBefore } from "./util.js";
import { api } from "./api.js";
import { state, faction, factionSwatch, showError } from "./state.js";
import { map, layers, writeUrlState } from "./map.js";
import { loadZones } from "./layers.js";

export async function loadTimeline() {
  const t = await api("/api/timeline");
  state.dates = Array.isArray(t.dates) ? [...t.dates].sort() : [];
  const s = $("#date-slider");
  s.max = String(Math.max(0, state.dates.length - 1));
  s.disabled = state.dates.length === 0;
  // a tick per change date while they are few enough to tell apart
  $("#date-ticks").replaceChildren(
    ...(state.dates.length <= 60 ? state.dates.map((d, i) => el("option", { value: String(i), label: d })) : []),
  );
  s.title = state.dates.length
    ? `${state.dates.length} dates, ${state.dates[0]} to ${state.dates[state.dates.length - 1]}`
    : "";
  syncSlider();
}

/** Index of the last timeline date at or before `date` (0 when before all). */
export function indexFor(date) {
  if (!date) return state.dates.length - 1;
  let idx = 0;
  for (let i = 0; i < state.dates.length; i++) if (state.dates[i] <= date) idx = i;
  return idx;
}

function syncSlider() {
  const s = $("#date-slider");
  if (state.dates.length) s.value = String(indexFor(state.date));
  $("#date-label").textContent = state.date || (state.dates.length ? "latest" : "no reports yet");
  s.setAttribute("aria-valuetext", state.date || "latest");
  const i = Number(s.value);
  $("#date-prev").disabled = !state.dates.length || i <= 0;
  $("#date-next").disabled = !state.dates.length || i >= state.dates.length - 1;
  $("#date-latest").disabled = !state.dates.length || state.date === state.dates[state.dates.length - 1];
  updateExports();
}

export async function setDate(date) {
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

let slideTimer;
export function wireTimebar() {
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
  $("#changes-from").addEventListener("change", (e) => {
    state.changesFrom = e.target.value || null;
    loadChanges().catch((err) => showError(`Could not load the changes: ${err.message}`));
  });
}

export function step(delta) {
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

// ---------------------------------------------------------------- changes

/**
 * "What changed": the places whose state on the date shown differs from their state on the
 * "since" date — by default the change date before the one shown, so stepping through the
 * timeline lists what each step changed; a date the user picks stays until they clear it.
 */
export async function loadChanges() {
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
  const gone =
    !c.part && now.some((o) => o.part)
      ? "split into parts"
      : c.part && now.some((o) => !o.part)
        ? "whole again"
        : "no longer on the map";
  const quote = c.evidence && c.evidence[0] ? c.evidence[0].quote : "";
  const reviewed = (c.evidence || []).find((e) => e.corrected_by);
  const li = el(
    "li",
    { class: "fl-change", "data-place-id": c.place_id, title: quote ? `“${quote}”` : "", tabindex: "0" },
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
    reviewed
      ? el(
          "span",
          { class: "fl-reviewed small", "data-corrected-by": reviewed.corrected_by, title: reviewed.correction_reason || "" },
          ` · ✓ ${reviewed.corrected_by}`,
        )
      : null,
  );
  const go = () => {
    if (!Number.isFinite(c.lat) || !Number.isFinite(c.lon)) return;
    map.flyTo([c.lat, c.lon], Math.max(map.getZoom(), 11), { duration: 0.8 });
    const m = state.placeMarkers.get(c.place_id);
    if (m) map.once("moveend", () => layers.places.hasLayer(m) && m.openPopup());
  };
  li.addEventListener("click", go);
  li.addEventListener("keydown", (e) => e.key === "Enter" && go());
  return li;
}
