// Analyst review in the browser: the buttons that correct a claim ("confirm", "wrong place",
// "wrong side", "not a claim"), a mention ("wrong place") or a place ("add a claim here"), the
// dialog that asks what is right and why, and the Review list (GET /api/review) of the claims
// to check first. Every correction is a POST /api/corrections; after it the map, the legend,
// the changes list, the Review list and the report shown are read again.

import { $, el, fmtConf, todayUtc } from "./util.js";
import { api, postJson } from "./api.js";
import { state, faction, factionSwatch, showError } from "./state.js";
import { map, layers } from "./map.js";
import { loadTimeline, setDate } from "./timeline.js";
import { forgetZones } from "./layers.js";
import { writesNeedNoToken, typedAuthor, keepTypedAuthor } from "./auth.js";

const listeners = []; // called after every stored correction (the report panel re-reads its report)

/** `fn()` runs after each correction is stored and the map is redrawn. */
export function onReviewed(fn) {
  listeners.push(fn);
}

const ACTION_TITLES = {
  confirm: "Confirm this claim",
  reject: "Not a claim: reject it",
  move: "Wrong place: move the claim",
  move_mention: "Wrong place: this mention is another place",
  change: "Wrong side: change faction or relation",
  add: "Add a claim here",
  undo: "Undo this correction",
};

let current = null; // {action, claim?, mention?, place?, correction?}
let picked = null; // the place chosen in the dialog

// ---------------------------------------------------------------- buttons

/** What a button acts on, for its accessible name ("Confirm: … captured Khan Shaykhun"). */
function targetText({ claim, place, mention }) {
  if (claim) return `${faction(claim.faction).name} ${String(claim.relation || "").replace(/_/g, " ")} ${claim.name || ""}`;
  if (place) return place.name || place.id;
  if (mention) return mention.text;
  return "";
}

function reviewButton(label, action, target, extra = {}) {
  return el(
    "button",
    {
      type: "button",
      class: "fl-review-btn",
      "aria-label": `${label}: ${targetText(target)}`,
      "data-review": action,
      "data-claim-id": target.claim ? target.claim.claim_id : null,
      "data-place-id": target.place ? target.place.id : null,
      onclick: (e) => {
        e.stopPropagation();
        openReview({ action, ...target });
      },
      ...extra,
    },
    label,
  );
}

/** Who reviewed a claim or a piece of evidence, and why; null when nobody did. */
export function reviewNote(r) {
  if (!r || !r.corrected_by) return null;
  const what = r.action || (r.reviewed ? "reviewed" : "corrected");
  return el(
    "div",
    { class: "fl-reviewed small", "data-corrected-by": r.corrected_by },
    `✓ ${what} by `,
    el("b", {}, r.corrected_by),
    r.correction_reason ? `: ${r.correction_reason}` : "",
  );
}

/**
 * The review controls of one claim (as GET /api/places/{id}, /api/reports/{id} and
 * /api/review show it): who reviewed it and an undo when someone did, else the four buttons.
 */
export function claimReviewControls(claim) {
  if (!claim || !claim.claim_id) return null;
  const box = el("div", { class: "fl-review", "data-claim-id": claim.claim_id });
  const r = claim.review;
  if (r) {
    box.append(reviewNote(r));
    if (Number.isFinite(r.correction)) {
      box.append(
        reviewButton("Undo", "undo", { claim, correction: r.correction }, { title: `Undo correction ${r.correction}` }),
      );
    }
    if (claim.rejected || r.action === "added") return box;
  }
  if (claim.rejected) return box;
  box.append(
    reviewButton("Confirm", "confirm", { claim }),
    reviewButton("Wrong place", "move", { claim }),
    reviewButton("Wrong side", "change", { claim }),
    reviewButton("Not a claim", "reject", { claim }),
  );
  return box;
}

/** "Add a claim here" for a place (`{id, name}`). */
export function addClaimButton(place) {
  return reviewButton("Add a claim here", "add", { place });
}

/** "Wrong place" for one mention of a stored report (`{report_id, start, end, text, place_id, name}`). */
export function openMentionMove(mention) {
  openReview({ action: "move_mention", mention });
}

// ---------------------------------------------------------------- the dialog

export function wireReview() {
  const dlg = $("#review-dialog");
  $("#review-cancel").addEventListener("click", () => dlg.close());
  $("#review-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submitReview();
  });
  $("#review-open").addEventListener("click", () => {
    const panel = $("#panel");
    if (panel.hidden) $("#panel-toggle").click();
    $("#review-section").scrollIntoView({ block: "start" });
    const first = $("#review-list button");
    (first || $("#review-section h2")).focus({ preventScroll: true });
  });
  wirePlacePicker();
}

function openReview(target) {
  current = target;
  picked = null;
  const { action, claim, mention, place } = target;
  $("#review-title").textContent = ACTION_TITLES[action] || "Correct";
  const ctx = $("#review-context");
  ctx.replaceChildren();
  if (claim) {
    ctx.append(
      factionSwatch(claim.faction),
      " ",
      el("b", {}, faction(claim.faction).name),
      ` ${String(claim.relation || "").replace(/_/g, " ")} `,
      el("b", {}, claim.name || claim.place_id || ""),
      claim.date ? ` (${claim.date})` : "",
      claim.quote ? el("div", {}, el("q", {}, claim.quote)) : null,
    );
  } else if (mention) {
    ctx.append("“", el("b", {}, mention.text), "” was read as ", el("b", {}, mention.name || "no place"), ".");
  } else if (place) {
    ctx.append("A claim about ", el("b", {}, place.name || place.id), " that no report made (a call, a visit).");
  }
  const needsPlace = action === "move" || action === "move_mention";
  $("#review-place-box").hidden = !needsPlace;
  $("#review-place-legend").textContent = "The right place";
  $("#review-place-q").value = "";
  $("#review-place-results").replaceChildren();
  $("#review-place-picked").textContent = "none";
  $("#review-side-box").hidden = !(action === "change" || action === "add");
  $("#review-add-box").hidden = action !== "add";
  if (action === "change" || action === "add") {
    const sel = $("#review-faction");
    sel.replaceChildren(...[...state.factions.values()].map((f) => el("option", { value: f.id }, f.name)));
    sel.value = claim ? claim.faction : sel.options[0] && sel.options[0].value;
    $("#review-relation").value = claim ? claim.relation || "holds" : "holds";
  }
  if (action === "add") {
    $("#review-date").value = state.date || todayUtc();
    $("#review-date").max = todayUtc();
    $("#review-source").value = "";
    $("#review-quote").value = "";
  }
  $("#review-reason").value = "";
  $("#review-author-box").hidden = !writesNeedNoToken();
  $("#review-author").value = typedAuthor();
  $("#review-error").hidden = true;
  $("#review-submit").textContent = action === "undo" ? "Undo it" : "Save correction";
  $("#review-dialog").showModal();
  (needsPlace ? $("#review-place-q") : action === "add" ? $("#review-faction") : $("#review-reason")).focus();
}

function wirePlacePicker() {
  const q = $("#review-place-q");
  const list = $("#review-place-results");
  let timer;
  let seq = 0;
  const pick = (p, li) => {
    picked = p;
    $("#review-place-picked").textContent = `${p.name} (${[p.kind, p.admin1].filter(Boolean).join(", ")})`;
    for (const x of list.children) x.setAttribute("aria-selected", String(x === li));
  };
  const run = async () => {
    const s = q.value.trim();
    if (s.length < 2) return list.replaceChildren();
    const my = ++seq;
    try {
      const res = await api(`/api/places?q=${encodeURIComponent(s)}&limit=10`);
      if (my !== seq) return;
      const items = res.places || [];
      list.replaceChildren(
        ...items.map((p) => {
          const li = el(
            "li",
            { role: "option", tabindex: "0", "data-place-id": p.id, "aria-selected": "false" },
            el("b", {}, p.name),
            " ",
            el("span", { class: "muted small" }, [p.kind, p.admin2, p.admin1].filter(Boolean).join(", ")),
          );
          li.addEventListener("click", () => pick(p, li));
          li.addEventListener("keydown", (e) => {
            if (e.key === "Enter" || e.key === " ") {
              e.preventDefault();
              pick(p, li);
            }
          });
          return li;
        }),
      );
      if (!items.length) list.replaceChildren(el("li", { class: "muted" }, `No place called “${s}”.`));
    } catch (e) {
      list.replaceChildren(el("li", { class: "error" }, `Search failed: ${e.message}`));
    }
  };
  q.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  q.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault(); // Enter searches; it does not send the form
      clearTimeout(timer);
      run();
    }
  });
}

function reviewError(msg) {
  $("#review-error").textContent = msg;
  $("#review-error").hidden = false;
}

async function submitReview() {
  const { action, claim, mention, place, correction } = current || {};
  const reason = $("#review-reason").value.trim();
  if (!reason) return reviewError("Say why: the reason goes into the audit log.");
  let body;
  switch (action) {
    case "confirm":
    case "reject":
      body = { action, claim: claim.claim_id };
      break;
    case "move":
      if (!picked) return reviewError("Choose the right place first (search, then pick one).");
      body = { action: "move", claim: claim.claim_id, place_id: picked.id };
      break;
    case "move_mention":
      if (!picked) return reviewError("Choose the right place first (search, then pick one).");
      body = { action: "move", report_id: mention.report_id, start: mention.start, end: mention.end, place_id: picked.id };
      break;
    case "change": {
      const f = $("#review-faction").value;
      const r = $("#review-relation").value;
      if (f === claim.faction && r === claim.relation) return reviewError("Choose another faction or relation.");
      body = { action: "change", claim: claim.claim_id };
      if (f !== claim.faction) body.faction = f;
      if (r !== claim.relation) body.relation = r;
      break;
    }
    case "add": {
      const date = $("#review-date").value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return reviewError("Give the date the claim is about.");
      body = {
        action: "add",
        place_id: place.id,
        faction: $("#review-faction").value,
        relation: $("#review-relation").value,
        date,
      };
      const source = $("#review-source").value.trim();
      const quote = $("#review-quote").value.trim();
      if (source) body.source = source;
      if (quote) body.quote = quote;
      break;
    }
    case "undo":
      body = { action: "undo", correction };
      break;
    default:
      return reviewError(`unknown action ${action}`);
  }
  body.reason = reason;
  if (writesNeedNoToken()) {
    const author = $("#review-author").value.trim();
    keepTypedAuthor(author);
    if (author) body.author = author;
  }
  const btn = $("#review-submit");
  btn.disabled = true;
  try {
    const stored = await postJson("/api/corrections", body);
    $("#review-dialog").close();
    const msg = `Correction ${stored.id} (${stored.action}) stored by ${stored.author}.`;
    $("#review-status").textContent = msg;
    document.body.dataset.lastCorrection = String(stored.id);
    const placeId = picked ? picked.id : place ? place.id : claim ? claim.place_id : mention ? mention.place_id : null;
    await refreshAfterReview(placeId);
  } catch (e) {
    reviewError(`Not stored: ${e.message}`);
  } finally {
    btn.disabled = false;
  }
}

/**
 * A correction can change any date from its claim's on: the caches go, the timeline is read
 * again (a manual claim may add a date), the map redraws the date shown (the new latest for
 * someone watching the latest), then the Review list and the report panel; the place corrected
 * gets its popup back.
 */
async function refreshAfterReview(placeId) {
  const wasLatest = !state.date || state.date === state.dates[state.dates.length - 1];
  forgetZones();
  state.placeCache.clear();
  map.closePopup();
  try {
    await loadTimeline();
  } catch (e) {
    showError(`Could not reload the timeline: ${e.message}`);
  }
  const latest = state.dates[state.dates.length - 1] || null;
  await setDate(wasLatest ? latest : state.date);
  for (const fn of listeners) {
    try {
      await fn();
    } catch (e) {
      showError(`Could not refresh after the correction: ${e.message}`);
    }
  }
  await loadReviewList();
  document.body.dataset.reviewed = document.body.dataset.lastCorrection || "";
  const m = placeId && state.placeMarkers.get(placeId);
  if (m && layers.places.hasLayer(m)) m.openPopup();
}

// ---------------------------------------------------------------- the Review list

const REVIEW_LIMIT = 30;

export async function loadReviewList() {
  let res;
  try {
    res = await api(`/api/review?limit=${REVIEW_LIMIT}`);
  } catch (e) {
    $("#review-count").textContent = `(unavailable: ${e.message})`;
    return;
  }
  const queue = Array.isArray(res.queue) ? res.queue : [];
  const rejected = Array.isArray(res.rejected) ? res.rejected : [];
  const unmatched = Array.isArray(res.unmatched) ? res.unmatched : [];
  const urgent = queue.filter((c) => c.holder_would_change).length;
  $("#review-count").textContent = queue.length ? `(${queue.length}${queue.length >= REVIEW_LIMIT ? "+" : ""})` : "";
  $("#review-badge").textContent = urgent ? `(${urgent})` : "";
  $("#review-empty").hidden = queue.length > 0;
  $("#review-list").replaceChildren(...queue.map(reviewItem));
  $("#rejected-count").textContent = `(${rejected.length})`;
  $("#rejected-list").replaceChildren(
    ...rejected.map((c) => reviewItem(c)),
  );
  if (unmatched.length) {
    $("#review-status").textContent =
      `${unmatched.length} correction${unmatched.length === 1 ? "" : "s"} no longer find their claim (see the audit log).`;
  }
  document.body.dataset.reviewList = String(queue.length);
}

function claimLine(c) {
  const go = () => zoomTo(c);
  return el(
    "div",
    { class: "fl-review-claim" },
    factionSwatch(c.faction),
    " ",
    el(
      "button",
      { type: "button", class: "fl-linkish", title: "Show this place", onclick: go, "data-zoom": c.place_id || "" },
      c.name || c.place_id || "?",
    ),
    " ",
    el("span", { class: "small" }, `${faction(c.faction).name} ${String(c.relation || "").replace(/_/g, " ")}`),
    el("span", { class: "muted small" }, ` · ${c.date || "undated"} · ${fmtConf(c.confidence)}`),
    c.holder_would_change
      ? el(
          "span",
          { class: "fl-badge", title: "one piece of evidence, contested or weak: the holder would change" },
          "decides holder",
        )
      : null,
    c.quote ? el("div", { class: "fl-review-quote small" }, el("q", {}, c.quote)) : null,
  );
}

function reviewItem(c) {
  return el(
    "li",
    { class: "fl-review-item", "data-claim-id": c.claim_id, "data-place-id": c.place_id || "" },
    claimLine(c),
    claimReviewControls(c),
  );
}

function zoomTo(c) {
  if (!Number.isFinite(c.lat) || !Number.isFinite(c.lon)) return;
  map.flyTo([c.lat, c.lon], Math.max(map.getZoom(), 11), { duration: 0.6 });
  const m = state.placeMarkers.get(c.place_id);
  if (m) map.once("moveend", () => layers.places.hasLayer(m) && m.openPopup());
}
