import { decodePosition, positionReached } from '@reimbursements/domain/position/log-position';
import { addMonths, businessMonthOf } from '@reimbursements/domain/time/business-month';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { call, post } from '../support/api-client';
import { OwnRedis } from '../support/own-redis';
import { cacheLookups, counter } from '../support/query-metrics';
import { Report } from '../support/report';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

const PERIOD = { from: '2026-01', to: '2026-03' };

/**
 * The report cache against the real servers: it hits (and a test fails if it stops hitting), a
 * hit equals the uncached answer but for generatedAt, a fold for another partition's caregiver
 * leaves an entry hitting, and no answer is ever older than the client's minPosition, nor stale
 * after a Redis outage. The oracle is a query-api with no reachable Redis (every answer from
 * MongoDB), and the counts the test wrote.
 */
describe('the report cache', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let projector: RunningApp;
  let queryApi: RunningApp;
  let uncached: RunningApp;
  let x: string;
  let y: string;
  const written: Record<string, number> = {};
  let day = 0;

  beforeAll(async () => {
    sandbox = await createSandbox();
    [commandApi, projector, queryApi, uncached] = await Promise.all([
      startApp('command-api', sandbox.env),
      startApp('projector', sandbox.env),
      startApp('query-api', sandbox.env),
      // Not ready by its checks (Redis is unreachable), yet it answers every query from MongoDB.
      startApp('query-api', { ...sandbox.env, REDIS_URL: 'redis://127.0.0.1:1' }, { waitReady: false, logName: 'query-api-uncached' }),
    ]);
    await waitFor('uncached query-api live', async () => (await fetch(`${uncached.url}/health/live`).catch(() => undefined))?.status === 200, 60_000, uncached);
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'visit', name: 'Visit', amountCents: 10000 })).status).toBe(202);
    // Two caregivers on different partitions of the log.
    x = 'cache-x';
    const partitionOf = (id: string) => partitionForKey(sandbox.logTopic, id, 6);
    y = Array.from({ length: 50 }, (_, i) => `cache-y-${i}`).find((id) => partitionOf(id) !== partitionOf(x)) as string;
    const [atX, atY] = [await register(x), await register(y)];
    await reportOf(queryApi, [x], atX);
    await reportOf(queryApi, [y], atY);
  });

  afterAll(async () => {
    await Promise.all([commandApi, projector, queryApi, uncached].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  /** One event for the caregiver in the period (or at `occurredAt`); resolves to the command's position. */
  async function register(caregiverId: string, occurredAt?: string): Promise<string> {
    day += 1;
    occurredAt ??= `2026-0${1 + (day % 3)}-${String(1 + (day % 27)).padStart(2, '0')}T10:00:00+01:00`;
    const answer = await post(`${commandApi.url}/v1/events`, { caregiverId, eventType: 'visit', occurredAt });
    expect(answer.status).toBe(202);
    written[caregiverId] = (written[caregiverId] ?? 0) + 1;
    return answer.body.position as string;
  }

  async function reportOf(app: RunningApp, caregiverIds: string[], minPosition?: string, extra: Record<string, string> = {}): Promise<Report & { generatedAt: string }> {
    const params = new URLSearchParams({ ...PERIOD, caregiverIds: caregiverIds.join(','), ...extra, ...(minPosition ? { minPosition } : {}) });
    const answer = await call<Report & { generatedAt: string }>(`${app.url}/v1/reports/monthly?${params}`);
    expect(answer.status).toBe(200);
    if (minPosition) expect(positionReached(decodePosition(answer.body.position) ?? {}, decodePosition(minPosition) ?? {})).toBe(true);
    return answer.body;
  }

  async function csvOf(app: RunningApp, caregiverIds: string[], format: 'csv' | 'csv-excel' = 'csv', period = PERIOD): Promise<string> {
    const answer = await call<string>(`${app.url}/v1/reports/monthly?${new URLSearchParams({ ...period, caregiverIds: caregiverIds.join(','), format })}`);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  const withoutGeneratedAt = ({ generatedAt, ...rest }: Report & { generatedAt: string }) => (expect(generatedAt).toEqual(expect.any(String)), rest);

  it('answers a repeated report from the cache, identical to the uncached answer but for generatedAt, in JSON, CSV and CSV for Excel', async () => {
    const json = await cacheLookups(queryApi.url, 'json', 'whole');
    const first = await reportOf(queryApi, [x, y]);
    const second = await reportOf(queryApi, [x, y]);
    // The whole answer's text missed, then hit.
    expect(await cacheLookups(queryApi.url, 'json', 'whole')).toEqual({ ...json, miss: json.miss + 1, hit: json.hit + 1 });
    // The same position, so that the oracle's answer is of the same state.
    const oracle = await reportOf(uncached, [x, y], second.position);
    expect(withoutGeneratedAt(second)).toEqual(withoutGeneratedAt(oracle));
    expect(withoutGeneratedAt(first)).toEqual(withoutGeneratedAt(oracle));
    expect(oracle.totals.eventCount).toBe(written[x] + written[y]);

    const csv = await cacheLookups(queryApi.url, 'csv');
    const texts = [await csvOf(queryApi, [x, y]), await csvOf(queryApi, [x, y])];
    expect(await cacheLookups(queryApi.url, 'csv')).toEqual({ ...csv, miss: csv.miss + 1, hit: csv.hit + 1 });
    expect(texts).toEqual([await csvOf(uncached, [x, y]), await csvOf(uncached, [x, y])]);

    // Each CSV format has entries of its own: the Excel one is neither served the machines' CSV nor served to it.
    const excel = await cacheLookups(queryApi.url, 'csv-excel');
    const excelTexts = [await csvOf(queryApi, [x, y], 'csv-excel'), await csvOf(queryApi, [x, y], 'csv-excel')];
    expect(await cacheLookups(queryApi.url, 'csv-excel')).toEqual({ ...excel, miss: excel.miss + 1, hit: excel.hit + 1 });
    expect(excelTexts).toEqual([await csvOf(uncached, [x, y], 'csv-excel'), await csvOf(uncached, [x, y], 'csv-excel')]);
    expect(excelTexts[0]).not.toEqual(texts[0]);
  });

  it("keeps serving a caregiver's cached report while another partition's caregiver is folded, and reflects its own caregiver's next write", async () => {
    await reportOf(queryApi, [x]);
    await reportOf(queryApi, [y], await register(y));
    const before = await cacheLookups(queryApi.url, 'json', 'whole');
    const cached = await reportOf(queryApi, [x]);
    expect(await cacheLookups(queryApi.url, 'json', 'whole')).toEqual({ ...before, hit: before.hit + 1 });
    expect(cached.totals.eventCount).toBe(written[x]);

    const position = await register(x);
    const fresh = await reportOf(queryApi, [x], position);
    expect(fresh.totals.eventCount).toBe(written[x]);
    expect(await cacheLookups(queryApi.url, 'json', 'whole')).toEqual({ ...before, hit: before.hit + 1, miss: before.miss + 1 });
  });

  it('never answers below minPosition while writes keep coming, and hits between them', async () => {
    const before = await cacheLookups(queryApi.url, 'json', 'whole');
    const rounds = 8;
    for (let round = 0; round < rounds; round += 1) {
      const position = await register(x);
      const answer = await reportOf(queryApi, [x], position);
      expect(answer.totals.eventCount).toBe(written[x]);
      // Asked again without minPosition: the same state, from the cache.
      const again = await reportOf(queryApi, [x]);
      expect(again.totals.eventCount).toBe(written[x]);
      expect(withoutGeneratedAt(again)).toEqual(withoutGeneratedAt(answer));
    }
    const after = await cacheLookups(queryApi.url, 'json', 'whole');
    expect(after.miss - before.miss).toBe(rounds);
    expect(after.hit - before.hit).toBe(rounds);
  });

  it('keeps hitting for the closed months of a 60-month report while its current month is written, and serves no stale answer after a late write to a closed month', async () => {
    const z = 'cache-z';
    // Events a minute ago: their month is the current one, or in a month's first minute the previous one, open too (REPORT_OPEN_MONTHS=2).
    const now = () => new Date(Date.now() - 60_000).toISOString();
    const current = businessMonthOf(new Date(now()), 'Europe/Stockholm');
    const period = { from: addMonths(current, -59), to: current };
    const inMonth = (month: string) => `${month}-15T10:00:00+01:00`;
    await register(z, inMonth(addMonths(current, -30)));
    await reportOf(queryApi, [z], await register(z, now()), period);

    const whole = await cacheLookups(queryApi.url, 'json', 'whole');
    const closed = await cacheLookups(queryApi.url, 'json', 'closed');
    const open = await cacheLookups(queryApi.url, 'json', 'open');
    const rounds = 4;
    let last: Report & { generatedAt: string } = await reportOf(queryApi, [z], undefined, period);
    for (let round = 0; round < rounds; round += 1) {
      last = await reportOf(queryApi, [z], await register(z, now()), period);
      expect(last.totals.eventCount).toBe(written[z]);
      expect(last.rows.map((row) => row.month)).toEqual([addMonths(current, -30), current]);
    }
    // The first ask after the warm-up is the whole answer from the cache; each round's misses it, and
    // takes the closed part from the cache and computes the open part.
    expect(await cacheLookups(queryApi.url, 'json', 'whole')).toEqual({ ...whole, hit: whole.hit + 1, miss: whole.miss + rounds });
    expect(await cacheLookups(queryApi.url, 'json', 'closed')).toEqual({ ...closed, hit: closed.hit + rounds });
    expect(await cacheLookups(queryApi.url, 'json', 'open')).toEqual({ ...open, miss: open.miss + rounds });
    expect(withoutGeneratedAt(last)).toEqual(withoutGeneratedAt(await reportOf(uncached, [z], last.position, period)));

    // CSV too: after a write to the current month, the closed part hits.
    await csvOf(queryApi, [z], 'csv', period);
    const csvClosed = await cacheLookups(queryApi.url, 'csv', 'closed');
    await reportOf(queryApi, [z], await register(z, now()), period);
    const text = await csvOf(queryApi, [z], 'csv', period);
    expect((await cacheLookups(queryApi.url, 'csv', 'closed')).hit).toBe(csvClosed.hit + 1);
    expect(text.trim().split('\n')[2]).toMatch(new RegExp(`^${z},${current},${written[z] - 1},`));

    // A late event in a closed month (in the business time zone): the closed part is computed again, never served stale.
    const beforeLate = await cacheLookups(queryApi.url, 'json', 'closed');
    const late = await register(z, inMonth(addMonths(current, -20)));
    const afterLate = await reportOf(queryApi, [z], late, period);
    expect(await cacheLookups(queryApi.url, 'json', 'closed')).toEqual({ ...beforeLate, miss: beforeLate.miss + 1 });
    expect(afterLate.totals.eventCount).toBe(written[z]);
    expect(afterLate.rows.map((row) => row.month)).toEqual([addMonths(current, -30), addMonths(current, -20), current]);
    expect(withoutGeneratedAt(afterLate)).toEqual(withoutGeneratedAt(await reportOf(uncached, [z], afterLate.position, period)));
    expect(await csvOf(queryApi, [z], 'csv', period)).toEqual(await csvOf(uncached, [z], 'csv', period));
  });

  it('computes concurrent identical misses once', async () => {
    const before = await cacheLookups(queryApi.url, 'json', 'whole');
    const answers = await Promise.all(Array.from({ length: 8 }, () => reportOf(queryApi, [x, y], undefined, { limit: '7' })));
    const after = await cacheLookups(queryApi.url, 'json', 'whole');
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit + after.shared - before.hit - before.shared).toBe(7);
    expect(new Set(answers.map((a) => JSON.stringify(withoutGeneratedAt(a)))).size).toBe(1);
  });

  describe('with a Redis of its own that goes away and comes back', () => {
    let redis: OwnRedis;
    let withOwnRedis: RunningApp;

    beforeAll(async () => {
      redis = await OwnRedis.start();
      withOwnRedis = await startApp('query-api', { ...sandbox.env, REDIS_URL: redis.url }, { logName: 'query-api-own-redis' });
    });

    afterAll(async () => {
      await withOwnRedis?.stop();
      await redis?.stop();
    });

    it('answers from MongoDB unchanged while Redis is down, and serves no stale entry once it is back', async () => {
      const cachedBefore = await reportOf(withOwnRedis, [x]);
      expect((await reportOf(withOwnRedis, [x])).totals).toEqual(cachedBefore.totals);
      expect((await cacheLookups(withOwnRedis.url, 'json', 'whole')).hit).toBe(1);

      // An outage that keeps Redis's data: the entry above is still there when it comes back.
      redis.pause();
      const errorsBefore = await counter(withOwnRedis.url, 'report_cache_errors_total', {});
      const duringOutage = await reportOf(withOwnRedis, [x]);
      expect(withoutGeneratedAt(duringOutage)).toEqual(withoutGeneratedAt(await reportOf(uncached, [x], duringOutage.position)));
      expect(await counter(withOwnRedis.url, 'report_cache_errors_total', {})).toBeGreaterThan(errorsBefore);
      const position = await register(x);
      const folded = await reportOf(withOwnRedis, [x], position);
      expect(folded.totals.eventCount).toBe(written[x]);
      redis.resume();

      const afterOutage = await reportOf(withOwnRedis, [x]);
      const oracle = await reportOf(uncached, [x], position);
      expect(afterOutage.totals.eventCount).toBe(written[x]);
      expect(afterOutage.rows).toEqual(oracle.rows);
      expect(afterOutage.totals).toEqual(oracle.totals);
    });
  });

  it('answers four reports of 10,000 caregivers x 120 months at once, and a one-caregiver report meanwhile, all correct and none refused', async () => {
    const many = [x, y, ...Array.from({ length: 9_998 }, (_, i) => `heavy-${i}`)];
    const body = { from: '2020-01', to: '2029-12', caregiverIds: many, limit: 1000 };
    const expected = await reportOf(uncached, [x, y], await register(y), { from: '2020-01', to: '2029-12' });
    const heavy = Array.from({ length: 4 }, (_, i) => call<Report>(`${queryApi.url}/v1/reports/monthly/query`, { json: { ...body, limit: 1000 - i } }));
    const light = await reportOf(queryApi, [y], undefined, { from: '2020-01', to: '2029-12' });
    expect(light.totals.eventCount).toBe(written[y]);
    for (const answer of await Promise.all(heavy)) {
      expect(answer.status).toBe(200);
      expect(answer.body.rows).toEqual(expected.rows);
      expect(answer.body.totals).toEqual(expected.totals);
    }
    const csv = await call<string>(`${queryApi.url}/v1/reports/monthly/query`, { json: { from: '2020-01', to: '2029-12', caregiverIds: many }, headers: { Accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.body.trim().split('\n')).toHaveLength(1 + expected.rows.length);
  });
});
