export type Upstream = 'auth' | 'command' | 'query';

/**
 * The API calls the page makes, and the app each goes to. Nothing else under /v1 is proxied: the
 * page's origin exposes no administration (users, clients, catalog, ops).
 */
const ROUTES: { method: 'GET' | 'POST'; path: RegExp; upstream: Upstream }[] = [
  { method: 'POST', path: /^\/v1\/auth\/token$/, upstream: 'auth' },
  { method: 'GET', path: /^\/v1\/reports\/monthly$/, upstream: 'query' },
  { method: 'POST', path: /^\/v1\/reports\/monthly\/query$/, upstream: 'query' },
  { method: 'GET', path: /^\/v1\/events(\/[^/]+)?$/, upstream: 'query' },
  { method: 'GET', path: /^\/v1\/reimbursements(\/[^/]+)?$/, upstream: 'query' },
  { method: 'GET', path: /^\/v1\/event-types$/, upstream: 'query' },
  { method: 'POST', path: /^\/v1\/reimbursements$/, upstream: 'command' },
];

/** The app a request of the page goes to, or undefined when the page has no business asking it. */
export function upstreamFor(method: string, pathname: string): Upstream | undefined {
  return ROUTES.find((route) => route.method === method && route.path.test(pathname))?.upstream;
}
