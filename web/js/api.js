// The API client: every request to the server's /api goes through `api`, which turns a
// non-2xx answer into an ApiError carrying the server's `{"error": …}` text, so the page can
// show the user what the server said.
//
// Tokens: the token the analyst signed in with (auth.js) is kept in sessionStorage — this tab
// only, gone when it closes — and sent with every request that brings no Authorization of
// its own. A 401 asks for a token (the prompt auth.js registers) and retries with it, unless
// the caller passes `prompt: false` (the report form has its own token field).

/** Where the signed-in token is kept: this tab only. */
export const SESSION_TOKEN_KEY = "frontline.session-token";

/** Thrown for a non-2xx answer; carries the API's `{"error": …}` text. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let askToken = null;

/**
 * Registers what a 401 does: `ask(message)` resolves to true once a token is kept (then the
 * request is tried again), false when the user cancels.
 */
export function setTokenPrompt(ask) {
  askToken = ask;
}

export function sessionToken() {
  try {
    return sessionStorage.getItem(SESSION_TOKEN_KEY) || "";
  } catch {
    return "";
  }
}

function withToken(opts) {
  const token = sessionToken();
  const headers = new Headers(opts.headers || {});
  if (token && !headers.has("Authorization")) headers.set("Authorization", `Bearer ${token}`);
  return { ...opts, headers };
}

/**
 * `opts.prompt` (default true): ask for a token on a 401 and retry; `opts.onResponse(res)`
 * sees the raw Response (its headers) of the answer that is returned.
 */
export async function api(path, opts = {}) {
  const { prompt = true, onResponse, ...fetchOpts } = opts;
  for (;;) {
    try {
      return await request(path, withToken(fetchOpts), onResponse);
    } catch (e) {
      // One who asked with a token of their own (the report form) hears the 401 as it is.
      const own = new Headers(fetchOpts.headers || {}).has("Authorization");
      if (!(e instanceof ApiError) || e.status !== 401 || !prompt || own || !askToken) throw e;
      const given = await askToken(e.message);
      if (!given) throw e;
    }
  }
}

async function request(path, opts, onResponse) {
  let res;
  try {
    res = await fetch(path, opts);
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, `cannot reach the server (${path}): ${e.message}`);
  }
  const text = await res.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const msg = body && typeof body.error === "string" ? body.error : text.slice(0, 300) || res.statusText;
    throw new ApiError(res.status, `${res.status} ${msg}`);
  }
  if (body === null && text) throw new ApiError(res.status, `${path}: the server did not answer JSON`);
  if (onResponse) onResponse(res);
  return body;
}

/** POSTs a JSON body (the server refuses writes without `Content-Type: application/json`). */
export function postJson(path, body, opts = {}) {
  return api(path, {
    ...opts,
    method: "POST",
    headers: { "Content-Type": "application/json", ...(opts.headers || {}) },
    body: JSON.stringify(body),
  });
}
