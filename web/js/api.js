// The API client: every request to the server's /api goes through `api`, which turns a
// non-2xx answer into an ApiError carrying the server's `{"error": …}` text, so the page can
// show the user what the server said.

/** Thrown for a non-2xx answer; carries the API's `{"error": …}` text. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, opts = {}) {
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
  return body;
}
