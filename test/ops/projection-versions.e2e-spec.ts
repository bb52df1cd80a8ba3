import { decodePosition, encodePosition, LogPosition, mergePositions, positionReached } from '@reimbursements/domain/position/log-position';
import { monthsOf } from '@reimbursements/mongo/caregiver-totals-years';
import { CaregiverTotalsDocument } from '@reimbursements/mongo/collections';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Document, MongoClient } from 'mongodb';
import { call, post } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { counter } from '../support/query-metrics';
import { stockholmMonth } from '../support/random-load';
import { Report } from '../support/report';
import { createSandbox, MONGODB_URI, removeSandbox, ROOT, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

interface VersionStatus {
  version: string;
  state: string;
  position: string;
  lag: number;
  etaSeconds: number | null;
  recordsPerSecond: number;
  partitions: { topic: string; partition: number; appliedOffset: number; endOffset: number; lag: number }[];
}
interface ProjectionStatus {
  name: string;
  activeVersion: string;
  versions: VersionStatus[];
}

const run = promisify(execFile);
/** Each step waits on a condition with its own bound; a loaded machine folds slowly. */
const LONG_TEST_MS = 900_000;
const AMOUNT = 1000;
/** The read models of one version, compared document for document (offsets and decision state record when, not what). */
const COMPARED = ['caregiver_totals', 'ledger_events', 'event_settlements', 'void_refusals', 'reimbursements', 'event_types'];
/** Everything a backup of one version holds. */
const BACKED_UP = [...COMPARED, 'projection_offsets', 'decision_state'];

/**
 * Ops rebuild a projection beside the live one while events are ingested and reports are read,
 * switch to it, drop the retired version and replay from a restored backup: every read answers
 * 200 with a sum between what was acknowledged before it and after it, no instance's answer goes
 * back in position or count (across the switch too), and the final sums equal what was
 * acknowledged.
 */
describe('projection versions: rebuild beside the live one, switch, drop and replay, under load', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApis: RunningApp[];
  let projector: RunningApp;
  let mongo: MongoClient;
  const month = stockholmMonth(new Date());
  const caregivers = Array.from({ length: 60 }, (_, i) => `versions-${i}`);
  /** Events acknowledged so far, and the position that covers all of them. */
  const acked = { events: 0, position: {} as LogPosition, eventIds: [] as string[] };

  const status = async () => {
    const answer = await call<ProjectionStatus[]>(`${queryApis[0].url}/v1/ops/projections`);
    expect(answer.status).toBe(200);
    return answer.body.find((p) => p.name === 'read-models') as ProjectionStatus;
  };
  const version = async (v: string) => (await status()).versions.find((x) => x.version === v);
  const ops = (...args: string[]) =>
    run(process.execPath, [join(ROOT, 'scripts', 'ops.mjs'), ...args], { env: { PATH: process.env.PATH ?? '', QUERY_API_URL: queryApis[1].url, OPS_TOKEN: sandbox.adminToken } });
  const opsFailure = (...args: string[]) =>
    ops(...args).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );

  async function postBatch(size: number): Promise<void> {
    const occurredAt = new Date().toISOString();
    const events = Array.from({ length: size }, () => ({ caregiverId: caregivers[Math.floor(Math.random() * caregivers.length)], eventType: 'versions-visit', occurredAt }));
    const answer = await post<{ accepted: number; position: string; results: { eventId: string }[] }>(`${commandApi.url}/v1/events/batch`, { events });
    if (answer.status !== 202 || answer.body.accepted !== size) throw new Error(`batch answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    acked.events += size;
    acked.position = mergePositions(acked.position, decodePosition(answer.body.position) ?? {});
    acked.eventIds.push(...answer.body.results.map((r) => r.eventId));
  }

  /** What each query-api answered last: neither its position nor its count may go back, across a switch too. */
  const lastAnswer = new Map<string, { position: LogPosition }>();

  /**
   * Every report read under load: 200, counting at most what was acknowledged after it answered;
   * asked with `minPosition` (every other read), at least what was acknowledged before it asked and
   * at a position at or past it; and never a position below the same instance's answer before it.
   * Not the count: an answer is no snapshot (README, "Reports and the cache"), so one that read a
   * flush in progress can count more than a later one at a later position served from the cache.
   */
  async function checkedRead(url: string, problems: string[], withMinPosition: boolean): Promise<Report | undefined> {
    const before = acked.events;
    const wanted = acked.position;
    const inFlight = 20;
    const params = new URLSearchParams({ from: month, to: month, ...(withMinPosition ? { minPosition: encodePosition(wanted) } : {}) });
    const answer = await call<Report>(`${url}/v1/reports/monthly?${params}`);
    if (answer.status !== 200) {
      const versions = problems.length < 3 ? (await status()).versions.map((v) => `${v.version} ${v.state} lag ${v.lag} at ${v.recordsPerSecond}/s`).join(', ') : '';
      problems.push(`${url} answered ${answer.status} after ${before} acknowledged: ${JSON.stringify(answer.body).slice(0, 200)} ${versions}`);
      return undefined;
    }
    const { eventCount, totalCents } = answer.body.totals;
    if ((withMinPosition && eventCount < before) || eventCount > acked.events + inFlight || totalCents !== eventCount * AMOUNT) {
      problems.push(`${url} counted ${eventCount} events (${totalCents} cents) with ${before} acknowledged before and ${acked.events} after`);
    }
    const position = decodePosition(answer.body.position) ?? {};
    if (withMinPosition && !positionReached(position, wanted)) problems.push(`${url} answered position ${answer.body.position}, below its minPosition ${encodePosition(wanted)}`);
    const last = lastAnswer.get(url);
    if (last && !positionReached(position, last.position)) problems.push(`${url} answered position ${answer.body.position} after ${encodePosition(last.position)}`);
    lastAnswer.set(url, { position });
    return answer.body;
  }

  /** Writes a batch of 20 and reads the report from every query-api, over and over, until stopped. */
  function startLoad() {
    const load = { stopped: false, reads: 0, problems: [] as string[] };
    const writer = (async () => {
      while (!load.stopped) {
        await postBatch(20);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const readers = queryApis.map(async (app) => {
      for (let asked = 0; !load.stopped; asked++) {
        if (await checkedRead(app.url, load.problems, asked % 2 === 0)) load.reads += 1;
      }
    });
    return {
      load,
      stop: async () => {
        load.stopped = true;
        await Promise.all([writer, ...readers]);
        return load;
      },
    };
  }

  /** The load running now, if any: stopped whatever happens to the test. */
  let traffic: ReturnType<typeof startLoad> | undefined;

  const liveCaughtUp = async () => (await status()).versions.every((v) => v.state !== 'live' || v.lag === 0);
  const documents = (database: string, collection: string) => mongo.db(database).collection(collection).find({}).sort({ _id: 1 }).toArray();
  /**
   * The totals once the read models include every acknowledged event. Outside the load, a read that
   * outwaits READ_YOUR_WRITES_TIMEOUT_MS (503, a projector that has just rejoined its group on a busy
   * machine) is asked again, within a bound.
   */
  const finalCount = async (url: string) => {
    let totals: Report['totals'] | undefined;
    await waitFor(
      `${url} to count every acknowledged event`,
      async () => {
        const answer = await call<Report>(`${url}/v1/reports/monthly?${new URLSearchParams({ from: month, to: month, minPosition: encodePosition(acked.position) })}`);
        if (answer.status !== 200 && answer.status !== 503) throw new Error(`report answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        totals = answer.status === 200 ? answer.body.totals : undefined;
        return totals !== undefined;
      },
      60_000,
    );
    return totals as Report['totals'];
  };

  beforeAll(async () => {
    sandbox = await createSandbox();
    mongo = await new MongoClient(MONGODB_URI).connect();
    [commandApi, projector, ...queryApis] = await Promise.all([
      startApp('command-api', sandbox.env),
      startApp('projector', { ...sandbox.env, PROJECTOR_STATUS_INTERVAL_MS: '200' }),
      startApp('query-api', { ...sandbox.env, OPS_SWITCH_LAG_WAIT_MS: '500' }, { logName: 'query-api-a' }),
      startApp('query-api', { ...sandbox.env, OPS_SWITCH_LAG_WAIT_MS: '500' }, { logName: 'query-api-b' }),
    ]);
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'versions-visit', name: 'Visit', amountCents: AMOUNT })).status).toBe(202);
    // Enough for a rebuild to take more than OPS_SWITCH_LAG_WAIT_MS: the switch is refused while it lags.
    for (let i = 0; i < 20; i++) await postBatch(500);
    await waitFor('the live version to fold the preload', liveCaughtUp, 120_000, projector);
  });

  afterAll(async () => {
    await Promise.all([commandApi, projector, ...(queryApis ?? [])].map((app) => app?.stop()));
    await mongo?.close();
    await removeSandbox(sandbox);
  });

  it('rebuilds beside the live version under load, equals it document for document, switches and drops the old one with no failed or wrong read', async () => {
    try {
      await rebuildSwitchAndDrop();
    } finally {
      await traffic?.stop();
    }
  }, LONG_TEST_MS);

  async function rebuildSwitchAndDrop(): Promise<void> {
    traffic = startLoad();
    const rebuild = await post(`${queryApis[0].url}/v1/ops/projections/read-models/rebuild`, {});
    expect(rebuild.status).toBe(202);
    expect(rebuild.body).toEqual({ name: 'read-models', version: 'v3' });
    expectProblem(await post(`${queryApis[1].url}/v1/ops/projections/read-models/rebuild`, {}), 409, 'projection-conflict');
    const early = await post(`${queryApis[0].url}/v1/ops/projections/read-models/switch`, { version: 'v3' });
    expectProblem(early, 409, 'version-lags');
    expect(early.body.detail).toMatch(/v3 of read-models has applied less than the live version v2/);
    expectProblem(await post(`${queryApis[0].url}/v1/ops/projections/read-models/switch`, { version: 'v9' }), 404, 'not-found');
    expectProblem(await post(`${queryApis[0].url}/v1/ops/projections/read-models/switch`, { version: 'latest' }), 400, 'invalid-input');

    // Progress is visible while it builds: a building version with a lag, beside the live one.
    await waitFor('the new version to start folding', async () => ((await version('v3'))?.partitions.some((p) => p.appliedOffset >= 0) ?? false), 60_000, projector);
    const building = await status();
    expect(building.activeVersion).toBe('v2');
    expect(building.versions.map((v) => `${v.version}:${v.state}`)).toEqual(['v2:live', 'v3:building']);
    let seen = '';
    await waitFor(
      'the new version to catch up with the live one',
      async () => {
        const now = await status();
        seen = now.versions.map((v) => `${v.version} lag ${v.lag} at ${v.recordsPerSecond}/s`).join(', ');
        return (now.versions.find((v) => v.version === 'v3')?.lag ?? Infinity) <= (now.versions.find((v) => v.version === 'v2')?.lag ?? 0);
      },
      300_000,
      projector,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${seen}`);
    });

    // Every read while the new version was built answered, with a sum between what was acknowledged before and after it.
    let load = await traffic.stop();
    expect(load.reads).toBeGreaterThan(0);
    expect(load.problems).toEqual([]);

    // Both versions folded the same offsets: the same documents.
    await waitFor('both versions at the end of the log', async () => (await status()).versions.every((v) => v.lag === 0), 60_000, projector);
    for (const collection of COMPARED) {
      expect({ collection, documents: await documents(`${sandbox.database}_v3`, collection) }).toEqual({ collection, documents: await documents(sandbox.database, collection) });
    }
    expect((await documents(`${sandbox.database}_v3`, 'ledger_events')).length).toBe(acked.events);

    const afterSwitch = startLoad();
    traffic = afterSwitch;
    const switched = await post(`${queryApis[1].url}/v1/ops/projections/read-models/switch`, { version: 'v3' });
    expect(switched.status).toBe(202);
    expect(switched.body).toEqual({ name: 'read-models', version: 'v3', activeVersion: 'v3' });
    expectProblem(await call(`${queryApis[0].url}/v1/ops/projections/read-models/versions/v3`, { method: 'DELETE' }), 409, 'projection-conflict');
    // Every instance answers from v3 within a second of the switch being saved (each reads which
    // version is live every 250 ms): once v2's read models are gone, a read from it would count nothing.
    let savedAt = 0;
    await waitFor('the switch saved', async () => ((await status()).activeVersion === 'v3' ? ((savedAt = Date.now()), true) : false), 60_000, projector);
    const answering = async (app: RunningApp) => counter(app.url, 'projection_version_answering', { projection: 'read-models', version: 'v3' });
    await waitFor('every query-api to answer from v3', async () => (await Promise.all(queryApis.map(answering))).every((value) => value === 1), 10_000);
    expect(Date.now() - savedAt).toBeLessThanOrEqual(1000);
    const drop = await call(`${queryApis[0].url}/v1/ops/projections/read-models/versions/v2`, { method: 'DELETE' });
    expect(drop.status).toBe(202);
    await waitFor('the retired version dropped', async () => (await mongo.db(sandbox.database).listCollections({ name: 'caregiver_totals' }).toArray()).length === 0, 30_000, projector);
    const readsAfterDrop = afterSwitch.load.reads;
    await waitFor('reads after the drop', async () => afterSwitch.load.reads >= readsAfterDrop + 20, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; problems: ${afterSwitch.load.problems.slice(0, 5).join(' | ')}`);
    });
    load = await afterSwitch.stop();
    expect(load.problems).toEqual([]);

    const after = await status();
    expect(after.activeVersion).toBe('v3');
    expect(after.versions.map((v) => `${v.version}:${v.state}`)).toEqual(['v3:live']);
    for (const app of queryApis) expect(await finalCount(app.url)).toMatchObject({ eventCount: acked.events, totalCents: acked.events * AMOUNT });
  }

  it('replays a version from the offsets of a restored backup, refusing a position that is not where its read models are', async () => {
    await waitFor('v3 at the end of the log', async () => ((await version('v3'))?.lag ?? 1) === 0, 60_000, projector);
    const backedUpAt = (await version('v3')) as VersionStatus;
    const database = `${sandbox.database}_v3`;
    const backup = new Map<string, Document[]>();
    for (const collection of BACKED_UP) backup.set(collection, await documents(database, collection));
    const countedAtBackup = acked.events;

    for (let i = 0; i < 3; i++) await postBatch(200);
    await waitFor('v3 folded the events after the backup', async () => ((await version('v3'))?.lag ?? 1) === 0 && (await finalCount(queryApis[0].url)).eventCount === acked.events, 120_000, projector);
    const beforeRestore = (await version('v3')) as VersionStatus;

    // Restored: every document as it was at the backup (the projector is idle, its memory ahead of them).
    for (const [collection, docs] of backup) {
      const current = new Map((await documents(database, collection)).map((d) => [String(d._id), JSON.stringify(d)]));
      const kept = new Set(docs.map((d) => String(d._id)));
      const gone = [...current.keys()].filter((id) => !kept.has(id));
      if (gone.length > 0) await mongo.db(database).collection<{ _id: string }>(collection).deleteMany({ _id: { $in: gone } });
      const changed = docs.filter((d) => current.get(String(d._id)) !== JSON.stringify(d));
      if (changed.length > 0) await mongo.db(database).collection(collection).bulkWrite(changed.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })));
    }
    expect((await documents(database, 'ledger_events')).length).toBe(countedAtBackup);

    const replayUrl = `${queryApis[0].url}/v1/ops/projections/read-models/replay`;
    const mismatch = await post(replayUrl, { fromPosition: beforeRestore.position });
    expectProblem(mismatch, 409, 'position-mismatch');
    expect(mismatch.body.detail).toContain(beforeRestore.position);
    expect(mismatch.body.detail).toContain(backedUpAt.position);
    expectProblem(await post(replayUrl, { fromPosition: 'not a position!' }), 400, 'invalid-input');
    expectProblem(await post(replayUrl, { version: 'v2', fromPosition: backedUpAt.position }), 409, 'projection-conflict');

    const replay = await post(replayUrl, { fromPosition: backedUpAt.position });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ name: 'read-models', version: 'v3', fromPosition: backedUpAt.position });
    await waitFor('the replay to fold the events after the backup again', async () => (await documents(database, 'ledger_events')).length === acked.events, 60_000, projector);
    await waitFor('v3 at the end of the log again', async () => ((await version('v3'))?.lag ?? 1) === 0, 60_000, projector);
    // Exactly once: the events after the backup are counted once, not twice, and none is lost.
    const totals = await documents(database, 'caregiver_totals');
    expect(totals.reduce((n, d) => n + (monthsOf(d as unknown as CaregiverTotalsDocument)[month]?.eventCount ?? 0), 0)).toBe(acked.events);
    for (const app of queryApis) expect(await finalCount(app.url)).toMatchObject({ eventCount: acked.events, totalCents: acked.events * AMOUNT });
  }, LONG_TEST_MS);

  it('does the same from the command line: rebuild with its progress, switch, replay and drop, with clear refusals', async () => {
    await postBatch(100);
    const rebuilt = await ops('rebuild', 'read-models');
    expect(rebuilt.stdout).toContain('rebuilding read-models as v4');
    expect(rebuilt.stdout).toMatch(/\[[#.]{30}\] \d+\.\d% \d+\/\d+ records/);
    expect(rebuilt.stdout).toContain('v4 has caught up; make it live with: npm run ops -- switch read-models --version v4');

    const missingVersion = await opsFailure('switch', 'read-models');
    expect(missingVersion?.stderr).toContain('--version is required');
    expect((await ops('switch', 'read-models', '--version', 'v4')).stdout).toContain('read-models answers from v4 now');
    const json = JSON.parse((await ops('status', '--json')).stdout) as ProjectionStatus[];
    expect(json[0].activeVersion).toBe('v4');
    expect(json[0].versions.map((v) => `${v.version}:${v.state}`)).toEqual(['v3:retired', 'v4:live']);

    const live = json[0].versions.find((v) => v.version === 'v4') as VersionStatus;
    await waitFor('v4 at the end of the log', async () => ((await version('v4'))?.lag ?? 1) === 0, 60_000, projector);
    const position = ((await version('v4')) as VersionStatus).position;
    expect((await ops('replay', 'read-models', '--from-position', position)).stdout).toContain('replay of read-models v4 appended');
    const wrong = await opsFailure('replay', 'read-models', '--from-position', encodePosition({ [live.partitions[0].topic + ':0']: 0 }));
    expect(wrong?.code).toBe(1);
    expect(wrong?.stderr).toMatch(/^ops: 409 Position differs from the stored offsets: fromPosition /);

    expect((await ops('drop', 'read-models', '--version', 'v3')).stdout).toContain('drop of read-models v3 appended');
    const liveDrop = await opsFailure('drop', 'read-models', '--version', 'v4');
    expect(liveDrop?.code).toBe(1);
    expect(liveDrop?.stderr).toMatch(/^ops: 409 .*v4 of read-models is live/);
    expect(liveDrop?.stderr).not.toMatch(/\n\s+at /);

    await postBatch(100);
    for (const app of queryApis) expect(await finalCount(app.url)).toMatchObject({ eventCount: acked.events, totalCents: acked.events * AMOUNT });
    await waitFor('v3 dropped', async () => !(await mongo.db('admin').admin().listDatabases({ nameOnly: true })).databases.some((d) => d.name === `${sandbox.database}_v3`), 30_000, projector);
  }, LONG_TEST_MS);
});
