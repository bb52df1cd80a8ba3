import helmet from 'helmet';
import { Request, Response } from 'express';
import { staticHeaders } from './static-headers';

/** A response that keeps what is set on it, starting with what a framework may already have set. */
function recordingResponse(initial: Record<string, string> = {}): Response & { headers: Map<string, unknown> } {
  const headers = new Map<string, unknown>(Object.entries(initial));
  return {
    headers,
    setHeader: (name: string, value: unknown) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  } as unknown as Response & { headers: Map<string, unknown> };
}

describe('staticHeaders', () => {
  const options = { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } };

  it('sets on every response exactly what helmet sets, and removes what it removes', () => {
    const request = { method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' } } as Request;
    const byHelmet = recordingResponse({ 'X-Powered-By': 'Express' });
    helmet(options)(request, byHelmet, () => undefined);
    const replayed = recordingResponse({ 'X-Powered-By': 'Express' });
    let passedOn = false;
    staticHeaders(helmet(options))(request, replayed, () => (passedOn = true));
    expect(passedOn).toBe(true);
    expect([...replayed.headers]).toEqual([...byHelmet.headers]);
    expect(replayed.headers.get('X-Powered-By')).toBeUndefined();
    expect(replayed.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
  });

  it('refuses at start-up a middleware that fails', () => {
    expect(() => staticHeaders((_request, _response, next) => next(new Error('bad options')))).toThrow('bad options');
  });
});
