import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, sep } from 'node:path';
import { problem as problemDetails, PROBLEM_CONTENT_TYPE } from '@reimbursements/platform/http/problem';
import { Upstream, upstreamFor } from './api-routes';

export interface PageServerOptions {
  /** The built page (index.html and assets/). */
  staticDir: string;
  upstreams: Record<Upstream, string>;
}

/**
 * The page's Content-Security-Policy: scripts, styles and API calls from this origin only, nothing
 * inline, no frames. The APIs are reached through this origin, so connect-src needs nothing else.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Request headers the page's calls carry to an API, and answer headers carried back. */
const REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'x-request-id', 'content-length'];
const ANSWER_HEADERS = ['content-type', 'content-disposition', 'x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'www-authenticate', 'cache-control', 'vary'];

/**
 * Serves the accounting page and proxies its API calls (and only those) to the apps, so that the
 * page and the APIs share one origin: no CORS, and the token never leaves that origin.
 */
export function createPageServer(options: PageServerOptions): Server {
  const indexFile = join(options.staticDir, 'index.html');
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (url.pathname === '/health/live' || url.pathname === '/health/ready') {
      const ready = url.pathname === '/health/live' || existsSync(indexFile);
      return send(res, ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ok' : 'error' }));
    }
    if (url.pathname.startsWith('/v1/')) {
      const upstream = upstreamFor(req.method ?? 'GET', url.pathname);
      if (!upstream) return problem(res, 404, 'not-found', 'Not found', 'The page does not call this API.');
      return proxy(req, res, new URL(url.pathname + url.search, options.upstreams[upstream]));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'method-not-allowed', 'Method not allowed', 'The page serves GET only.');
    const file = staticFile(options.staticDir, url.pathname) ?? indexFile;
    if (!existsSync(file)) return problem(res, 503, 'page-not-built', 'The page is not built', 'Run npm run build.');
    res.statusCode = 200;
    res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
    // Assets carry a content hash in their names; the page itself is checked on every load.
    res.setHeader('Cache-Control', file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
}

/** A file under the static folder for this path, or undefined (then the page itself answers). */
function staticFile(staticDir: string, pathname: string): string | undefined {
  if (pathname === '/' || pathname.includes('\0')) return undefined;
  const file = normalize(join(staticDir, decodeURIComponent(pathname)));
  if (!file.startsWith(staticDir + sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

function proxy(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  // The caller's address after any the caller's own proxies gave: an app that trusts the page's
  // address (AUTH_TRUSTED_PROXIES) counts sign-ins per caller, not all against the page.
  const caller = req.socket.remoteAddress;
  const forwarded = req.headers['x-forwarded-for'];
  if (caller) headers['x-forwarded-for'] = typeof forwarded === 'string' && forwarded.trim() !== '' ? `${forwarded}, ${caller}` : caller;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers, timeout: 60_000 }, (answer) => {
    res.statusCode = answer.statusCode ?? 502;
    for (const name of ANSWER_HEADERS) {
      const value = answer.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    answer.pipe(res);
  });
  upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.setHeader('Retry-After', '5');
    problem(res, 503, 'dependency-unavailable', 'Service unavailable', 'The API did not answer; try again shortly.');
  });
  req.pipe(upstream);
}

function problem(res: ServerResponse, status: number, kind: string, title: string, detail: string): void {
  send(res, status, PROBLEM_CONTENT_TYPE, JSON.stringify(problemDetails(kind, status, title, detail)));
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
