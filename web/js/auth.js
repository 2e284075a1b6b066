// Signing in for writes: the token prompt a 401 opens, the name the server knows the token
// by (GET /api/whoami, the name the audit log records), and signing out.
//
// The token is checked before it is kept: a wrong one keeps the prompt open with the
// server's message, so a typo never reaches a correction. It is kept in sessionStorage (this
// tab only), never in localStorage.

import { $, el } from "./util.js";
import { api, setTokenPrompt, sessionToken, SESSION_TOKEN_KEY } from "./api.js";
import { TOKEN_KEY, showError } from "./state.js";

let waiting = null; // the prompt on screen: every request refused meanwhile waits for it

export function wireAuth() {
  setTokenPrompt(askToken);
  $("#sign-out").addEventListener("click", signOut);
  const dlg = $("#token-dialog");
  $("#token-cancel").addEventListener("click", () => dlg.close("cancel"));
  $("#token-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const token = $("#token-input").value.trim();
    const err = $("#token-error");
    if (!token) {
      err.textContent = "Type the token you were given.";
      err.hidden = false;
      return;
    }
    $("#token-ok").disabled = true;
    try {
      const who = await api("/api/whoami", { headers: { Authorization: `Bearer ${token}` }, prompt: false });
      sessionStorage.setItem(SESSION_TOKEN_KEY, token);
      showSignedIn(who.name);
      dlg.close("ok");
    } catch (ex) {
      err.textContent = `Not accepted: ${ex.message}`;
      err.hidden = false;
      $("#token-input").select();
    } finally {
      $("#token-ok").disabled = false;
    }
  });
  // Download links (exports, CSV lists, the audit log) cannot send a header: on a server that
  // needs the token to read, they are fetched with it and saved from memory.
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a[download]");
    const token = sessionToken();
    if (!a || !token || !(a.getAttribute("href") || "").startsWith("/api/")) return;
    e.preventDefault();
    downloadWithToken(a.getAttribute("href"), a.getAttribute("download") || "", token);
  });
  // Who am I here? With a token: its name. On a server without tokens anyone may write, and
  // the review dialog asks for a name for the audit log instead.
  api("/api/whoami", { prompt: false })
    .then((who) => {
      if (who.tokens === false) openWrites = true;
      else if (who.name) showSignedIn(who.name);
    })
    .catch(() => sessionStorage.removeItem(SESSION_TOKEN_KEY));
}

/** The server takes writes without a token (then corrections carry the name typed in). */
let openWrites = false;

export function writesNeedNoToken() {
  return openWrites;
}

/** The name typed for the audit log on a server without tokens (kept in this tab). */
export function typedAuthor() {
  return sessionStorage.getItem(AUTHOR_KEY) || "";
}

export function keepTypedAuthor(name) {
  if (name) sessionStorage.setItem(AUTHOR_KEY, name);
  else sessionStorage.removeItem(AUTHOR_KEY);
}

const AUTHOR_KEY = "frontline.author";

/** Opens the prompt (once, however many requests were refused); true when a token is kept. */
export function askToken(message) {
  if (waiting) return waiting;
  const dlg = $("#token-dialog");
  const had = sessionToken();
  $("#token-message").textContent = had
    ? `The server refused the token this tab used (${message}). Give another one.`
    : `This needs an access token (the server said: ${message}).`;
  $("#token-error").hidden = true;
  $("#token-input").value = "";
  waiting = new Promise((resolve) => {
    dlg.addEventListener(
      "close",
      () => {
        waiting = null;
        resolve(dlg.returnValue === "ok");
      },
      { once: true },
    );
  });
  dlg.returnValue = "";
  dlg.showModal();
  $("#token-input").focus();
  return waiting;
}

function showSignedIn(name) {
  $("#session").hidden = false;
  $("#session-name").textContent = name ? `Signed in as ${name}` : "Signed in";
  document.body.dataset.signedIn = name || "";
}

export function signOut() {
  sessionStorage.removeItem(SESSION_TOKEN_KEY);
  // the report form's own token field goes too: signing out means no token in this browser
  localStorage.removeItem(TOKEN_KEY);
  $("#report-token").value = "";
  $("#session").hidden = true;
  delete document.body.dataset.signedIn;
}

async function downloadWithToken(href, name, token) {
  try {
    const res = await fetch(href, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${res.status} ${(await res.text()).slice(0, 200)}`);
    const url = URL.createObjectURL(await res.blob());
    const a = el("a", { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    showError(`Download of ${href} failed: ${e.message}`);
  }
}
