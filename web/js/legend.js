// The legend: factions in the palette in use, the map's symbols, and the palette switch.
// A real button opens and closes it (keyboard and screen readers included); it starts
// closed on small screens, where it would cover most of the map.

/* global L */

import { el } from "./util.js";
import { state, faction, hasSafePalette, PALETTE_KEY } from "./state.js";
import { map } from "./map.js";

let legendEl;
let onPaletteChange = () => {};

/** The width below which the legend starts closed (the phone layout's breakpoint). */
export const SMALL_SCREEN = "(max-width: 800px)";

export function buildLegend(paletteChanged) {
  onPaletteChange = paletteChanged;
  const ctl = L.control({ position: "bottomright" });
  ctl.onAdd = () => {
    legendEl = el("div", { class: "fl-legend leaflet-bar", id: "legend" });
    L.DomEvent.disableClickPropagation(legendEl);
    L.DomEvent.disableScrollPropagation(legendEl);
    return legendEl;
  };
  ctl.addTo(map);
  const body = el("div", { id: "legend-body", class: "fl-legend-body" });
  const toggle = el(
    "button",
    {
      type: "button",
      id: "legend-toggle",
      class: "fl-legend-toggle",
      "aria-controls": "legend-body",
      "aria-expanded": "true",
      title: "Show or hide the legend",
    },
    "Legend",
  );
  toggle.addEventListener("click", () => setLegendOpen(legendEl.classList.contains("collapsed")));
  const sym = (cls, label) =>
    el("li", { class: "fl-legend-sym" }, el("span", { class: `sym ${cls}`, "aria-hidden": "true" }), label);
  body.append(
    el("ul", { class: "fl-legend-factions" }),
    el(
      "details",
      { class: "fl-legend-more" },
      el("summary", {}, "Symbols"),
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
    ),
  );
  if (hasSafePalette()) {
    const box = el("input", { type: "checkbox", id: "palette-safe" });
    box.checked = state.palette === "safe";
    box.addEventListener("change", () => {
      state.palette = box.checked ? "safe" : "standard";
      localStorage.setItem(PALETTE_KEY, state.palette);
      fillFactions();
      onPaletteChange();
    });
    body.append(el("label", { class: "fl-palette" }, box, " Colour-blind-safe colours"));
  }
  legendEl.append(toggle, body);
  fillFactions();
  setLegendOpen(!window.matchMedia(SMALL_SCREEN).matches);
}

export function setLegendOpen(open) {
  legendEl.classList.toggle("collapsed", !open);
  legendEl.querySelector("#legend-toggle").setAttribute("aria-expanded", String(open));
  legendEl.querySelector("#legend-body").hidden = !open;
}

function fillFactions() {
  const present = new Set(
    [...legendEl.querySelectorAll("li[data-faction]:not(.absent)")].map((li) => li.dataset.faction),
  );
  const first = present.size === 0;
  const items = [...state.factions.values()].map((f0) => {
    const f = faction(f0.id);
    return el(
      "li",
      { "data-faction": f.id, class: `fl-legend-faction${first || present.has(f.id) ? "" : " absent"}` },
      el("span", { class: "swatch", style: `background:${f.fill};border-color:${f.stroke}`, "aria-hidden": "true" }),
      f.name,
    );
  });
  legendEl.querySelector(".fl-legend-factions").replaceChildren(...items);
}

/**
 * Greys out the factions not on the map and shows how many places each holds (drawn by CSS
 * from `data-count`, so the item's text stays the faction's name).
 */
export function markLegend(present, placesPerFaction = new Map()) {
  if (!legendEl) return;
  for (const li of legendEl.querySelectorAll("li[data-faction]")) {
    li.classList.toggle("absent", !present.has(li.dataset.faction));
    const n = placesPerFaction.get(li.dataset.faction) || 0;
    if (n) li.dataset.count = String(n);
    else delete li.dataset.count;
    li.title = `${n} place${n === 1 ? "" : "s"} on the map`;
  }
}
