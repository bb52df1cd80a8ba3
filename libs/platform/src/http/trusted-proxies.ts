import { isIP } from 'node:net';

/** The names Express's `trust proxy` (proxy-addr) knows for address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * A comma-separated list of proxies as Express's `trust proxy` takes it: IP addresses, CIDR ranges
 * (`172.28.0.10`, `10.0.0.0/8`, `fd00::/8`) and the names loopback, linklocal and uniquelocal.
 * Blanks around commas are dropped; an empty text is no proxy.
 */
export function trustedProxyList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** The entries of a list that Express would refuse (and fail on at start-up with a bare TypeError). */
export function invalidTrustedProxies(entries: readonly string[]): string[] {
  return entries.filter((entry) => !RANGE_NAMES.has(entry) && !isAddressOrRange(entry));
}

/** An address or a range proxy-addr takes: no zone id (`fe80::1%eth0`), a prefix of at least 1. */
function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0 || address.includes('%')) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Express's `trust proxy` value: the proxies at `addresses` wherever they stand in the chain, or else
 * the first `hops` proxies, or none. Addresses tell a proxy's own calls from a caller that writes its
 * own X-Forwarded-For, which a hop count cannot when callers reach the app both directly and through
 * a proxy (the accounting page's).
 */
export function trustProxySetting(hops: number, addresses: readonly string[]): false | number | string[] {
  if (addresses.length > 0) return [...addresses];
  return hops > 0 ? hops : false;
}
