import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPageServer, PAGE_CSP } from './page-server';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('the page server', () => {
  let staticDir: string;
  let page: Server;
  let upstream: Server;
  let pageUrl: string;
  const seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'page-static-'));
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>page</title>');
    writeFileSync(join(staticDir, 'assets', 'index-abc.js'), 'export {};');
    // A stand-in for the three apps: answers with what it was sent.
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(202, { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1', 'Set-Cookie': 'a=b', 'X-Internal': 'no' });
        res.end('{"ok":true}');
      });
    });
    const upstreamUrl = await listen(upstream);
    page = createPageServer({ staticDir, upstreams: { auth: upstreamUrl, command: upstreamUrl, query: 'http://127.0.0.1:1' } });
    pageUrl = await listen(page);
  });

  afterAll(async () => {
    await Promise.all([page, upstream].map((s) => new Promise((resolve) => s.close(resolve))));
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('serves the page with a strict CSP, and the page again for any path of its own (bookmarks)', async () => {
    for (const path of ['/', '/?from=2026-01&to=2026-03&caregivers=a,b']) {
      const answer = await fetch(pageUrl + path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(await answer.text()).toContain('<title>page</title>');
    }
    expect(PAGE_CSP).toContain("script-src 'self'");
    expect(PAGE_CSP).not.toContain('unsafe-inline');
    const asset = await fetch(`${pageUrl}/assets/index-abc.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('proxies the page’s own calls with their token and body, and passes back only the answer headers it knows', async () => {
    const answer = await fetch(`${pageUrl}/v1/reimbursements`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json', Cookie: 'session=x' },
      body: '{"caregiverId":"a","month":"2026-01"}',
    });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ ok: true });
    expect(answer.headers.get('x-request-id')).toBe('r-1');
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.get('x-internal')).toBeNull();
    const sent = seen[seen.length - 1];
    expect(sent).toMatchObject({ method: 'POST', url: '/v1/reimbursements', body: '{"caregiverId":"a","month":"2026-01"}' });
    expect(sent.headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1' });
    expect(sent.headers.cookie).toBeUndefined();
  });

  it('adds the caller’s address to the X-Forwarded-For its own proxies gave', async () => {
    await fetch(`${pageUrl}/v1/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.7' }, body: '{}' });
    expect(seen[seen.length - 1].headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
  });

  it('answers a problem for an API the page does not call, and 503 when an app does not answer', async () => {
    const refused = await fetch(`${pageUrl}/v1/users`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({ status: 404, title: 'Not found' });
    const down = await fetch(`${pageUrl}/v1/reports/monthly?from=2026-01&to=2026-01`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toMatchObject({ status: 503, title: 'Service unavailable' });
  });

  it('serves nothing outside its folder', async () => {
    writeFileSync(join(staticDir, '..', 'page-secret.txt'), 'secret');
    try {
      const answer = await fetch(`${pageUrl}/%2e%2e/page-secret.txt`);
      expect(await answer.text()).not.toContain('secret');
    } finally {
      rmSync(join(staticDir, '..', 'page-secret.txt'));
    }
  });
});
