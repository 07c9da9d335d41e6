// The page's calls to certflow's JSON API, signed in with the session: state-changing calls carry its CSRF token.

let csrf = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** The problem's field errors: [{field, message}]. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** Who is signed in, and the session's CSRF token. */
export async function loadSession() {
  const session = await call('GET', '/panel/session');
  csrf = session.csrf;
  return session;
}

export function csrfToken() {
  return csrf;
}

export async function call(method, path, body) {
  const headers = {'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrf) {
    headers[csrf.headerName] = csrf.token;
  }
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
  });
  if (response.status === 401) {
    // The session ended: sign in again (the server answers the page's calls 401, never with a Basic prompt).
    location.assign('/panel/login');
    throw new ApiError(401, {title: 'Signed out'});
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = {title: text.slice(0, 200)};
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}
