export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  contentType: string;
  headers: Headers;
  body: T;
}

let defaultToken: string | undefined;

/** Every later call sends this bearer token (createSandbox sets its admin's), unless it names its own. */
export function useToken(token: string | undefined): void {
  defaultToken = token;
}

export interface CallInit {
  method?: string;
  json?: unknown;
  /** Sent as it is: a string as UTF-8, bytes as they are. */
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** The bearer token to send instead of the default one; null: none at all. */
  token?: string | null;
}

export async function call<T = Record<string, unknown>>(url: string, init: CallInit = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const token = init.token === undefined ? defaultToken : init.token;
  if (token && !Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) headers.Authorization = `Bearer ${token}`;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body: parsed as T };
}

export const post = <T = Record<string, unknown>>(url: string, json: unknown, token?: string | null) => call<T>(url, { method: 'POST', json, token });
