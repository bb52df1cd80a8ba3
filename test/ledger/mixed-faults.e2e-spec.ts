import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { call, post } from '../support/api-client';
import { groupAssignment } from '../support/consumer-group';
import { appliedRecords } from '../support/projection-progress';
import { defineTypes, TYPES } from '../support/random-load';
import { allRows } from '../support/report';
import { createSandbox, endOffsets, MONGODB_URI, REDIS_URL, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';
import { LedgerOracle, OracleRow } from './ledger-oracle';

const CAREGIVERS = Array.from({ length: 24 }, (_, i) => `mix-${i}`);
const OPERATIONS_PER_CAREGIVER = 70;
const DAY = 86_400_000;

/**
 * A randomized run of registrations, retries, conflicting reuses of ids, voids and reimbursements
 * (by id and by month, some repeating a reimbursementId), folded while the projector is killed
 * with -9, stopped at the decision and write boundaries, and run as two instances that rebalance.
 * The read models must then equal an oracle computed here from what was sent, in the order each
 * caregiver's commands were accepted.
 */
describe('randomized write model under projector faults', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let forgetfulCommandApi: RunningApp;
  let queryApi: RunningApp;
  let mongo: MongoClient;
  let projectorEnv: Record<string, string>;
  const oracle = new LedgerOracle();
  let records = 0;

  beforeAll(async () => {
    sandbox = await createSandbox();
    mongo = await new MongoClient(MONGODB_URI).connect();
    [commandApi, forgetfulCommandApi, queryApi] = await Promise.all([
      startApp('command-api', sandbox.env),
      // Remembers ids in another Redis database: it cannot tell a conflicting reuse, so the fold must.
      startApp('command-api', { ...sandbox.env, REDIS_URL: `${REDIS_URL}/7` }, { logName: 'command-api-forgetful' }),
      startApp('query-api', sandbox.env),
    ]);
    await defineTypes(commandApi.url);
    // Small fetches and small flushes (each of several batches while catching up), so that every
    // fault below finds flushes ahead of it.
    projectorEnv = { ...sandbox.env, PROJECTOR_MAX_BYTES_PER_PARTITION: '4096', PROJECTOR_PARTITIONS_CONCURRENTLY: '2', PROJECTOR_HOLD_RECORDS: '24' };
  });

  afterAll(async () => {
    await Promise.all([commandApi, forgetfulCommandApi, queryApi].map((app) => app?.stop()));
    await mongo?.close();
    await removeSandbox(sandbox);
  });

  const applied = () => appliedRecords(mongo, sandbox);

  async function accepted(url: string, body: unknown): Promise<void> {
    const answer = await post(url, body);
    if (answer.status !== 202) throw new Error(`${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    records += 1;
  }

  /** One caregiver's commands, each sent once the previous one was accepted: their log order. */
  async function runCaregiver(caregiverId: string): Promise<void> {
    const mine: { eventId: string; eventType: keyof typeof TYPES; occurredAt: string }[] = [];
    const reimbursementIds: string[] = [];
    const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];
    const now = Date.now();
    for (let i = 0; i < OPERATIONS_PER_CAREGIVER; i++) {
      const roll = Math.random();
      if (mine.length < 3 || roll < 0.55) {
        const event = {
          eventId: randomUUID(),
          eventType: (Math.random() < 0.7 ? 'x-ray' : 'ct') as keyof typeof TYPES,
          occurredAt: new Date(now - DAY - Math.floor(Math.random() * 120 * DAY)).toISOString(),
        };
        await accepted(`${commandApi.url}/v1/events`, { ...event, caregiverId });
        oracle.register(event.eventId, caregiverId, event.eventType, event.occurredAt);
        mine.push(event);
      } else if (roll < 0.6) {
        const event = pick(mine);
        await accepted(`${commandApi.url}/v1/events`, { ...event, caregiverId });
        oracle.register(event.eventId, caregiverId, event.eventType, event.occurredAt);
      } else if (roll < 0.65) {
        const event = pick(mine);
        const other = { ...event, eventType: event.eventType === 'ct' ? ('x-ray' as const) : ('ct' as const) };
        await accepted(`${forgetfulCommandApi.url}/v1/events`, { ...other, caregiverId });
        oracle.register(other.eventId, caregiverId, other.eventType, other.occurredAt);
      } else if (roll < 0.77) {
        const eventId = Math.random() < 0.9 ? pick(mine).eventId : randomUUID();
        await accepted(`${commandApi.url}/v1/events/${eventId}/void`, { caregiverId, reason: 'randomized correction' });
        oracle.void(eventId, caregiverId);
      } else if (roll < 0.87) {
        const eventIds = [...new Set(Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => pick(mine).eventId))];
        const reimbursementId = randomUUID();
        await accepted(`${commandApi.url}/v1/reimbursements`, { reimbursementId, caregiverId, eventIds });
        oracle.reimburse(reimbursementId, caregiverId, { eventIds });
        reimbursementIds.push(reimbursementId);
      } else if (roll < 0.95 || reimbursementIds.length === 0) {
        const month = oracle.events.get(pick(mine).eventId)?.month as string;
        const reimbursementId = randomUUID();
        await accepted(`${commandApi.url}/v1/reimbursements`, { reimbursementId, caregiverId, month });
        oracle.reimburse(reimbursementId, caregiverId, { month });
        reimbursementIds.push(reimbursementId);
      } else {
        // A retried reimbursementId, even with other contents, has no second effect. The command-api
        // refuses other contents up front (409) while it remembers the id: sent, once per id, where
        // it does not.
        const reimbursementId = reimbursementIds.splice(Math.floor(Math.random() * reimbursementIds.length), 1)[0];
        const month = oracle.events.get(pick(mine).eventId)?.month as string;
        await accepted(`${forgetfulCommandApi.url}/v1/reimbursements`, { reimbursementId, caregiverId, month });
        oracle.reimburse(reimbursementId, caregiverId, { month });
      }
    }
  }

  /** A counter of one projector, for the sandbox's log topic only (the catalog is folded too). */
  async function logRecordsApplied(projector: RunningApp): Promise<number> {
    const text = await (await fetch(`${projector.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('projector_records_applied_total{') && l.includes(`topic="${sandbox.logTopic}"`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  async function acceptRandomizedCommands(): Promise<void> {
    await Promise.all(CAREGIVERS.map(runCaregiver));
    expect(await endOffsets(sandbox.logTopic)).toBe(records);
    const statuses = [...oracle.events.values()].map((e) => e.status);
    // The run covers every outcome, or it proves little.
    expect(statuses.filter((s) => s === 'voided').length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s === 'reimbursed').length).toBeGreaterThan(50);
    expect([...oracle.reimbursements.values()].filter((r) => r.status === 'rejected').length).toBeGreaterThan(10);
  }

  async function killTwiceMidFold(): Promise<void> {
    for (const fraction of [0.2, 0.45]) {
      const projector = await startApp('projector', projectorEnv, { logName: 'projector-kill9' });
      await waitFor(`projector past ${fraction * 100}%`, async () => (await applied()) >= fraction * records, 180_000, projector);
      expect((await projector.kill9()).signal).toBe('SIGKILL');
      expect(await applied()).toBeLessThan(records);
    }
  }

  async function crashAt(fault: 'after-decisions' | 'between-writes' | 'after-read-model-writes'): Promise<void> {
    const before = await applied();
    const projector = await startApp(
      'projector',
      { ...projectorEnv, PROJECTOR_FAULT: fault, PROJECTOR_FAULT_AFTER_BATCHES: '4', PROJECTOR_WRITE_CHUNK: '2' },
      { waitReady: false, logName: `projector-${fault}` },
    );
    expect((await projector.exited).signal).toBe('SIGKILL');
    expect(await applied()).toBeGreaterThanOrEqual(before);
    expect(await applied()).toBeLessThan(records);
  }

  /**
   * Two instances share the partitions (the broker says each holds some, and the second folds
   * records of its own); then the second leaves, the group rebalances so that the first holds every
   * partition, and the first folds the rest, the second's partitions included. Each caregiver gets
   * one more event once the pair shares and once the first is alone, so that each step has records
   * to fold on every partition whatever was folded before the group settled.
   */
  async function finishWithAPairThatRebalances(): Promise<void> {
    const groupId = projectorEnv.PROJECTOR_GROUP_ID;
    const first = await startApp('projector', projectorEnv, { logName: 'projector-pair-1' });
    const second = await startApp('projector', projectorEnv, { logName: 'projector-pair-2' });
    try {
      const shared = async () => {
        const group = await groupAssignment(groupId, sandbox.logTopic);
        return group.state === 'Stable' && group.members.length === 2 && group.members.every((m) => m.partitions.length > 0);
      };
      await waitFor('the pair sharing the log partitions', shared, 120_000, first);
      await registerOneMoreEventEach();
      await waitFor('the second projector folding records of its own', async () => (await logRecordsApplied(second)) > 0, 180_000, second);
      await second.stop();
      const rebalanced = async () => {
        const group = await groupAssignment(groupId, sandbox.logTopic);
        return group.state === 'Stable' && group.members.length === 1 && group.members[0].partitions.length === 6;
      };
      await waitFor('the group rebalanced onto the first projector', rebalanced, 120_000, first);
      const before = await logRecordsApplied(first);
      await registerOneMoreEventEach();
      await waitFor('projector caught up', async () => (await applied()) === records, 240_000, first);
      // The counter moves after the flush's offsets are applied and its decision state is written
      // (one more round trip): read at once, it can still be short of the flush just applied.
      const folded = async () => (await logRecordsApplied(first)) >= before + CAREGIVERS.length;
      await waitFor('the first projector counting the records it folded alone', folded, 10_000, first).catch(async (error: Error) => {
        throw new Error(`${error.message}: ${await logRecordsApplied(first)} applied, at least ${before + CAREGIVERS.length} expected`);
      });
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  }

  async function registerOneMoreEventEach(): Promise<void> {
    await Promise.all(
      CAREGIVERS.map(async (caregiverId) => {
        const event = { eventId: randomUUID(), eventType: 'x-ray' as const, occurredAt: new Date(Date.now() - DAY).toISOString() };
        await accepted(`${commandApi.url}/v1/events`, { ...event, caregiverId });
        oracle.register(event.eventId, caregiverId, event.eventType, event.occurredAt);
      }),
    );
  }

  async function expectTotalsOfTheOracle(): Promise<void> {
    const rows = await allRows(queryApi.url, { from: '2020-01', to: '2029-12', caregiverIds: CAREGIVERS.join(',') });
    const actual: Record<string, OracleRow> = Object.fromEntries(
      rows.map((r) => [
        `${r.caregiverId}/${r.month}`,
        {
          eventCount: r.eventCount,
          totalCents: r.totalCents,
          pendingCents: r.pendingCents,
          reimbursedCents: r.reimbursedCents,
          byType: Object.fromEntries(r.byType.map((t) => [t.eventType, { count: t.count, totalCents: t.totalCents }])),
        },
      ]),
    );
    expect(actual).toEqual(oracle.rows());
  }

  async function expectStatusesOfTheOracle(): Promise<void> {
    const months = new Set([...oracle.events.values()].map((e) => `${e.caregiverId}/${e.month}`));
    const actual: Record<string, string> = {};
    for (const key of months) {
      const [caregiverId, month] = key.split('/');
      const answer = await call<{ events: { eventId: string; status: string }[]; nextCursor: string | null }>(
        `${queryApi.url}/v1/events?caregiverId=${caregiverId}&month=${month}&limit=1000`,
      );
      expect(answer.body.nextCursor).toBeNull();
      for (const e of answer.body.events) actual[e.eventId] = e.status;
    }
    expect(actual).toEqual(Object.fromEntries([...oracle.events.values()].map((e) => [e.eventId, e.status])));
  }

  async function expectReimbursementsOfTheOracle(): Promise<void> {
    const actual: Record<string, { status: string; amountCents: number }> = {};
    for (const reimbursementId of oracle.reimbursements.keys()) {
      const answer = await call<{ status: string; amountCents: number }>(`${queryApi.url}/v1/reimbursements/${reimbursementId}`);
      expect(answer.status).toBe(200);
      actual[reimbursementId] = { status: answer.body.status, amountCents: answer.body.amountCents };
    }
    expect(actual).toEqual(Object.fromEntries(oracle.reimbursements));
  }

  // One test: each step folds on from where the previous one left the read models.
  it(
    'folds the randomized commands through kill -9, a crash at each write boundary and a rebalance, to exactly the oracle',
    async () => {
      await acceptRandomizedCommands();
      await killTwiceMidFold();
      await crashAt('after-decisions');
      await crashAt('between-writes');
      await crashAt('after-read-model-writes');
      await finishWithAPairThatRebalances();
      await expectTotalsOfTheOracle();
      await expectStatusesOfTheOracle();
      await expectReimbursementsOfTheOracle();
    },
    40 * 60_000,
  );
});
