// Small DOM and text helpers shared by every part of the web map.

export const $ = (sel) => document.querySelector(sel);

/** `el("a", {href, class}, child…)`: an element with attributes, listeners (`on…`) and children. */
export function el(tag, attrs = {}, ...children) {
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

export function esc(s) {
  return String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

export function cssId(s) {
  return String(s || "none").replace(/[^A-Za-z0-9_-]/g, "_");
}

export function fmtConf(c) {
  return typeof c === "number" ? c.toFixed(2) : "–";
}

export function isUrl(s) {
  return typeof s === "string" && /^https?:\/\//i.test(s);
}

/** A source as a link to its host when it is a URL, else as text. */
export function sourceNode(src) {
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

/** "west, south and east". */
export function joinWords(ws) {
  return ws.length < 2 ? ws.join("") : `${ws.slice(0, -1).join(", ")} and ${ws[ws.length - 1]}`;
}

export function dayBefore(d) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

/** Today as YYYY-MM-DD in UTC (the date reports are checked against). */
export function todayUtc() {
  return new Date().toISOString().slice(0, 10);
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

const SVG_NS = "http://www.w3.org/2000/svg";

export function svgEl(name, attrs) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * Defines a diagonal fill pattern once, in a hidden SVG of the page: `url(#id)` resolves
 * document-wide, so every renderer's paths can use it.
 */
export function svgPattern(id, width, height, children) {
  if (document.getElementById(id)) return;
  let defs = document.getElementById("fl-patterns");
  if (!defs) {
    const svg = svgEl("svg", { width: 0, height: 0, "aria-hidden": "true" });
    svg.style.position = "absolute";
    defs = svgEl("defs", { id: "fl-patterns" });
    svg.appendChild(defs);
    document.body.appendChild(svg);
  }
  const pat = svgEl("pattern", { id, patternUnits: "userSpaceOnUse", width, height, patternTransform: "rotate(45)" });
  for (const c of children) pat.appendChild(c);
  defs.appendChild(pat);
}

/** Ray casting: is [lon, lat] inside a GeoJSON Polygon or MultiPolygon (holes respected)? */
export function pointInGeometry(pt, g) {
  if (!g) return false;
  const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  return polys.some((rings) => {
    if (!rings.length || !inRing(pt, rings[0])) return false;
    return !rings.slice(1).some((hole) => inRing(pt, hole));
  });
}

function inRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
