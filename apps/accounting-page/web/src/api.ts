import { Session } from './session';

/** An API error as the page shows it: the problem+json title, with its detail and field errors. */
export interface Problem {
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

export async function problemOf(response: Response): Promise<Problem> {
  if (/json/.test(response.headers.get('content-type') ?? '')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      if (typeof body.title === 'string') return { title: body.title, status: response.status, detail: body.detail, errors: body.errors };
    } catch {
      // not JSON after all: fall through
    }
  }
  return { title: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, status: response.status };
}

export function problemOfError(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { title: 'The server could not be reached', status: 0, detail: error instanceof Error ? error.message : undefined };
}

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

export async function requestToken(username: string, password: string): Promise<TokenAnswer> {
  const response = await fetch('/v1/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username, password }),
  });
  if (!response.ok) throw new ApiError(await problemOf(response));
  return (await response.json()) as TokenAnswer;
}

/** How the client gets a usable session: the current one, or one the user signs in again for. */
export interface SessionSource {
  current(): Session | undefined;
  /** Asks the user to sign in again (keeping what is on screen) and resolves with the new session. */
  renew(): Promise<Session>;
}

export interface CallInit {
  method?: 'GET' | 'POST';
  json?: unknown;
  accept?: string;
}

/**
 * Calls the APIs through the page's origin with the session's bearer token. An expired token, or a
 * 401 answer, asks the user to sign in again; the call then goes on as if nothing had happened.
 */
export class ApiClient {
  constructor(private readonly sessions: SessionSource) {}

  async call(path: string, init: CallInit = {}): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let session = this.sessions.current();
      if (!session || session.expiresAt <= Date.now()) session = await this.sessions.renew();
      const headers: Record<string, string> = { Authorization: `Bearer ${session.token}`, Accept: init.accept ?? 'application/json' };
      if (init.json !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(path, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
      if (response.status === 401 && attempt === 0) {
        await this.sessions.renew();
        continue;
      }
      if (!response.ok) throw new ApiError(await problemOf(response));
      return response;
    }
  }

  /** Asks for sign-in again now (the token has expired). */
  renew(): Promise<Session> {
    return this.sessions.renew();
  }

  async json<T>(path: string, init: CallInit = {}): Promise<T> {
    return (await (await this.call(path, init)).json()) as T;
  }
}
