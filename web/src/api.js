// The JSON API of `parkgrid serve` (docs/api.md). Every call throws an Error carrying the
// server's `error` text, the HTTP status and the body (diagnostics for 422). The access token
// travels in the cookie the server set when the printed address (…/?token=…) was opened; the
// browser adds the Origin header that requests changing anything need.
async function call(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text };
  }
  if (res.status === 401) {
    // No token, or one of an earlier start of the server: the page says to open the printed
    // address again (docs/api.md, "Access").
    window.dispatchEvent(new CustomEvent('parkgrid-token-needed'));
  }
  if (!res.ok) {
    const err = new Error((data && data.error) || `${res.status} ${res.statusText}`);
    err.status = res.status;
    err.body = data;
    throw err;
  }
  return data;
}

export const api = {
  scenarios: () => call('GET', '/api/scenarios'),
  scenario: (id) => call('GET', `/api/scenarios/${encodeURIComponent(id)}`),
  schema: () => call('GET', '/api/schema'),
  validate: (id, document) =>
    call('POST', `/api/scenarios/${encodeURIComponent(id)}/validate`, { document }),
  save: (id, base, document) => call('POST', '/api/scenarios', { id, base, document }),
  jobs: () => call('GET', '/api/jobs'),
  job: (id) => call('GET', `/api/jobs/${encodeURIComponent(id)}`),
  submit: (request) => call('POST', '/api/jobs', request),
  cancel: (id) => call('DELETE', `/api/jobs/${encodeURIComponent(id)}`),
  result: (id, what, query = '') =>
    call('GET', `/api/jobs/${encodeURIComponent(id)}/${what}${query ? `?${query}` : ''}`),
  fileUrl: (id, name) => `/api/jobs/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`,
  reportUrl: (id, pathsId) =>
    `/api/jobs/${encodeURIComponent(id)}/report${pathsId ? `?paths=${encodeURIComponent(pathsId)}` : ''}`,
};
