import { Server } from 'node:http';

/**
 * How long an idle kept-alive connection stays open. Node's 5 s is shorter than the idle timeout of
 * most proxies and HTTP clients' pools (undici reuses a socket for up to 4 s, later when its event
 * loop is busy), so a request could be sent on a socket the server was closing: "other side
 * closed". Longer than a load balancer's usual 60 s, so the proxy, not the app, closes idle ones.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function keepIdleConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Node's rule: the time allowed for a request's headers must exceed the keep-alive timeout.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
}
