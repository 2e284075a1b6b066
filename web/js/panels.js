// The side panel and the search box: adding a report (with its places highlighted and its
// claims listed), the stored reports, and finding a place by any spelling the parser reads.

/* global L */

import { $, el, esc, cssId, fmtConf, byteOffsetMapper, todayUtc } from "./util.js";
import { api } from "./api.js";
import { state, faction, factionSwatch, showError, TOKEN_KEY } from "./state.js";
import { map, layers } from "./map.js";
import { loadTimeline, setDate } from "./timeline.js";
import { claimReviewControls, onReviewed, openMentionMove, addClaimButton } from "./review.js";
import { forgetZones } from "./layers.js";

/** The report shown in the panel (`{id, text}`), so a correction can read it again. */
let shownReport = null;

// ---------------------------------------------------------------- report panel

/** The latest date a report may describe: today, plus a day for time zones ahead of UTC. */
export function latestReportDate() {
  const t = new Date(`${todayUtc()}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

export function wireReportPanel() {
  const tok = $("#report-token");
  tok.value = localStorage.getItem(TOKEN_KEY) || "";
  tok.addEventListener("change", () => {
    if (tok.value) localStorage.setItem(TOKEN_KEY, tok.value);
    else localStorage.removeItem(TOKEN_KEY);
  });
  $("#report-date").max = latestReportDate();
  onReviewed(reloadShownReport);
  $("#mention-move").addEventListener("click", () => {
    if (selectedMention) openMentionMove(selectedMention);
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
  // The skip link opens the panel when a small screen has it closed.
  $("#skip-to-report").addEventListener("click", (e) => {
    e.preventDefault();
    if ($("#panel").hidden) $("#panel-toggle").click();
    $("#report-text").focus();
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
  if (date > latestReportDate()) {
    return reportError(`The date ${date} is in the future: a report describes events up to today (${todayUtc()}).`);
  }
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
    // the form's own token field answers a 401 itself (no prompt): the panel says what is wrong
    const res = await api("/api/reports", { method: "POST", headers, body: JSON.stringify(body), prompt: false });
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
  forgetZones();
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
  shownReport = res.id ? { id: res.id, text } : null;
  selectedMention = null;
  $("#mention-bar").hidden = true;
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
    const alts =
      Array.isArray(p.alternatives) && p.alternatives.length
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
    const go = () => {
      flyToMention(s.f);
      selectMention(s.f, text.slice(s.a, s.b));
    };
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

/** The mention last clicked: the bar under the report offers "Wrong place…" for it. */
let selectedMention = null;

function selectMention(f, surface) {
  const p = f.properties;
  if (!shownReport || !p.place_id) return;
  selectedMention = {
    report_id: shownReport.id,
    start: p.start,
    end: p.end,
    text: surface,
    place_id: p.place_id,
    name: p.name,
  };
  $("#mention-bar-text").textContent = `“${surface}” → ${p.name}${p.feature ? ` (${p.feature})` : ""}`;
  $("#mention-bar").hidden = false;
  document.body.dataset.mention = `${p.start}-${p.end}`;
}

/** After a correction: the report shown is read again, with its claims as reviewed now. */
async function reloadShownReport() {
  if (!shownReport) return;
  const { id, text } = shownReport;
  const full = await api(`/api/reports/${encodeURIComponent(id)}`);
  showReportResult(text, { id, mentions: full.mentions || { type: "FeatureCollection", features: [] }, claims: full.claims || [] });
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
      el(
        "td",
        {},
        String(c.relation || "").replace(/_/g, " ") + (c.counterpart ? ` (${faction(c.counterpart).name})` : ""),
      ),
      el(
        "td",
        {},
        c.place_id ? c.name : el("span", { class: "unresolved", title: "not found in the gazetteer" }, `${c.name} ?`),
      ),
      el("td", { class: low ? "conf low" : "conf" }, fmtConf(c.confidence)),
    );
    if (c.rejected) row.classList.add("rejected");
    const quote = el(
      "tr",
      { class: `claim-quote${c.rejected ? " rejected" : ""}`, "data-claim-id": c.claim_id || "" },
      el("td", { colspan: "4" }, el("q", {}, c.quote || ""), claimReviewControls(c)),
    );
    if (Number.isFinite(c.lat) && Number.isFinite(c.lon)) {
      const go = () => {
        map.flyTo([c.lat, c.lon], Math.max(map.getZoom(), 10), { duration: 0.8 });
        const m = state.placeMarkers.get(c.place_id);
        if (m) map.once("moveend", () => layers.places.hasLayer(m) && m.openPopup());
      };
      row.addEventListener("click", go);
      quote.querySelector("q").addEventListener("click", go);
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
export async function loadReports(append = false) {
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
  let claims = r.claims || [];
  try {
    const full = await api(`/api/reports/${encodeURIComponent(r.id)}`);
    if (full && full.mentions) mentions = full.mentions;
    // the claims as reviewed (claim ids, rejections, who corrected what)
    if (full && Array.isArray(full.claims)) claims = full.claims;
  } catch (e) {
    showError(`Could not find the places of report ${r.id}: ${e.message}`);
  }
  showReportResult(r.text, { id: r.id, mentions, claims });
  $("#report-result").scrollIntoView({ behavior: "smooth", block: "start" });
}

// ---------------------------------------------------------------- place search

/**
 * The search box: /api/places finds a place by any of its names and spelling variants
 * ("Tal Rifaat", "Halab", Arabic script); Enter picks the first result, arrow keys move
 * through the list.
 */
export function wireSearch() {
  const form = $("#place-search");
  const q = $("#place-q");
  const list = $("#place-results");
  let timer;
  let seq = 0;
  let items = [];
  let pending = null; // the search in flight, so Enter can wait for it
  const run = () => {
    const s = q.value.trim();
    if (s.length < 2) {
      list.hidden = true;
      items = [];
      return Promise.resolve();
    }
    const my = ++seq;
    pending = (async () => {
      try {
        const res = await api(`/api/places?q=${encodeURIComponent(s)}`);
        if (my !== seq) return;
        items = (Array.isArray(res) ? res : res.places || []).slice(0, 12);
        list.replaceChildren(
          ...items.map((p, i) =>
            el(
              "li",
              {
                tabindex: "-1",
                role: "option",
                id: `place-result-${i}`,
                onclick: () => pickPlace(p),
                onkeydown: (e) => e.key === "Enter" && (e.preventDefault(), pickPlace(p)),
              },
              el("b", {}, p.name),
              " ",
              el("span", { class: "muted" }, [p.kind, p.admin1].filter(Boolean).join(", ")),
              p.matched && p.matched !== p.name ? el("span", { class: "muted small" }, ` (“${p.matched}”)`) : null,
            ),
          ),
        );
        if (items.length === 0) list.replaceChildren(el("li", { class: "muted" }, `No place called “${s}”.`));
        list.hidden = false;
      } catch (e) {
        if (my !== seq) return;
        items = [];
        list.replaceChildren(el("li", { class: "error" }, `Search failed: ${e.message}`));
        list.hidden = false;
      }
    })();
    return pending;
  };
  q.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  q.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && !list.hidden && list.firstElementChild) {
      e.preventDefault();
      list.firstElementChild.focus();
    } else if (e.key === "Escape") list.hidden = true;
  });
  list.addEventListener("keydown", (e) => {
    const li = e.target.closest("li");
    if (!li) return;
    if (e.key === "ArrowDown" && li.nextElementSibling) (e.preventDefault(), li.nextElementSibling.focus());
    else if (e.key === "ArrowUp") (e.preventDefault(), (li.previousElementSibling || q).focus());
    else if (e.key === "Escape") (list.hidden = true), q.focus();
  });
  // Enter in the box picks the first result (searching first when the list is not fresh).
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearTimeout(timer);
    await run();
    if (items.length) pickPlace(items[0]);
  });
  document.addEventListener("click", (e) => {
    if (!form.contains(e.target)) list.hidden = true;
  });
  function pickPlace(p) {
    list.hidden = true;
    q.value = p.name;
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) return;
    map.flyTo([p.lat, p.lon], Math.max(map.getZoom(), 11), { duration: 0.8 });
    document.body.dataset.picked = p.id || "";
    const m = state.placeMarkers.get(p.id);
    if (m) map.once("moveend", () => layers.places.hasLayer(m) && m.openPopup());
    // a place nothing is known of yet: a popup that says so and takes a first claim
    else {
      map.once("moveend", () =>
        L.popup({ className: "fl-popup" }).setLatLng([p.lat, p.lon]).setContent(unknownPlacePopup(p)).openOn(map),
      );
    }
  }
}

function unknownPlacePopup(p) {
  return el(
    "div",
    { class: "fl-place-popup", "data-place-id": p.id },
    el("h3", {}, p.name),
    el("p", { class: "muted small" }, [p.kind, p.admin2, p.admin1].filter(Boolean).join(", ")),
    el("p", { class: "small" }, `No claim about this place as of ${state.date || "the latest date"}.`),
    el("div", { class: "fl-review fl-add-here" }, addClaimButton({ id: p.id, name: p.name })),
  );
}
