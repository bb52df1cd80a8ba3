import { call } from './api-client';

/** The value of one Prometheus counter of an app (0 when it has not been counted yet). */
export async function counter(appUrl: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = (await call<string>(`${appUrl}/metrics`, { token: null })).body;
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((pair) => labelText.split(',').includes(pair))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Report cache lookups of a query-api by outcome (hit, miss, shared), of one part of the months (closed, open, whole) or of all. */
export async function cacheLookups(
  queryApi: string,
  format: 'json' | 'csv' | 'csv-excel',
  part?: 'closed' | 'open' | 'whole',
): Promise<{ hit: number; miss: number; shared: number }> {
  const [hit, miss, shared] = await Promise.all(
    ['hit', 'miss', 'shared'].map((outcome) => counter(queryApi, 'report_cache_lookups_total', { format, outcome, ...(part ? { part } : {}) })),
  );
  return { hit, miss, shared };
}
