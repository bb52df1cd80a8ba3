import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { RegisterEventInput } from '@reimbursements/domain/events/register-event.rule';
import { CommandApiSettings } from '../../command-api.settings';
import { FixedCatalogFeed } from '../../testing/fixed-catalog-feed';
import { InMemoryRecentEventIds } from '../../testing/in-memory-recent-event-ids';
import { RecordingEventLog } from '../../testing/recording-event-log';
import { RegisterEventBatchCommand } from './register-event-batch.command';
import { BatchOutcome, RegisterEventBatchHandler } from './register-event-batch.handler';

const origin = { correlationId: 'req-1', recordedBy: 'tester' };
const ID_A = '8f2e5c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b';
const ID_B = '1c9d7e2f-4a5b-4c6d-9e8f-7a6b5c4d3e2f';
const ID_C = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
const event = (eventId: string, change: Partial<RegisterEventInput> = {}): RegisterEventInput => ({
  eventId,
  caregiverId: 'cg-1',
  eventType: 'x-ray',
  occurredAt: '2026-03-14T09:30:00+01:00',
  ...change,
});

/** Per item: accepted, or the code it was refused with. */
const decisions = (outcomes: BatchOutcome[]) => outcomes.map((o) => ('refusal' in o ? o.refusal.code : 'accepted'));

describe('RegisterEventBatchHandler and recent eventIds', () => {
  let eventLog: RecordingEventLog;
  let recent: InMemoryRecentEventIds;
  let handler: RegisterEventBatchHandler;
  const registerBatch = (inputs: RegisterEventInput[]) =>
    handler.execute(new RegisterEventBatchCommand(inputs.map((input, index) => ({ index, input })), origin, true));

  beforeEach(() => {
    const settings = new CommandApiSettings();
    eventLog = new RecordingEventLog();
    recent = new InMemoryRecentEventIds();
    handler = new RegisterEventBatchHandler(new FixedCatalogFeed({ 'x-ray': 50000 }), eventLog, recent, settings);
  });

  it('claims every registered item in one call, and none the domain refused', async () => {
    const outcomes = await registerBatch([event(ID_A), event(ID_B, { eventType: 'unknown' }), event(ID_C)]);
    expect(decisions(outcomes)).toEqual(['accepted', 'EVENT.UNKNOWN_TYPE', 'accepted']);
    expect(recent.claimCalls.map((claims) => claims.map((c) => c.eventId))).toEqual([[ID_A, ID_C]]);
  });

  it('refuses the second of two items sharing an eventId with different content, and appends only the first', async () => {
    const outcomes = await registerBatch([event(ID_A), event(ID_A, { caregiverId: 'cg-2' })]);
    expect(decisions(outcomes)).toEqual(['accepted', 'EVENT.CONFLICT']);
    expect(outcomes[1]).toMatchObject({ index: 1, eventId: ID_A, refusal: { errors: [{ field: 'eventId' }] } });
    expect(eventLog.appended.map((r) => r.key)).toEqual(['cg-1']);
  });

  it('accepts two items sharing an eventId with the same content (the fold counts it once)', async () => {
    const outcomes = await registerBatch([event(ID_A), event(ID_A, { occurredAt: '2026-03-14T08:30:00Z' })]);
    expect(decisions(outcomes)).toEqual(['accepted', 'accepted']);
    expect(eventLog.appended).toHaveLength(2);
  });

  it('refuses an item reusing an id registered by an earlier request with other content', async () => {
    await registerBatch([event(ID_A)]);
    const outcomes = await registerBatch([event(ID_B), event(ID_A, { occurredAt: '2026-03-15T09:30:00+01:00' }), event(ID_A)]);
    expect(decisions(outcomes)).toEqual(['accepted', 'EVENT.CONFLICT', 'accepted']);
    expect(outcomes.map((o) => ('appended' in o ? o.appended.offset : undefined))).toEqual([1, undefined, 2]);
  });

  it('answers and writes a retried item with the amount its first registration was counted with, though the rate changed since', async () => {
    await registerBatch([event(ID_A)]);
    handler = new RegisterEventBatchHandler(new FixedCatalogFeed({ 'x-ray': 65000 }), eventLog, recent, new CommandApiSettings());
    const outcomes = await registerBatch([event(ID_A), event(ID_B)]);
    expect(outcomes.map((o) => ('event' in o ? o.event.amountCents : undefined))).toEqual([50000, 65000]);
    expect(eventLog.appended.map(({ record }) => (record.payload as { amountCents: number }).amountCents)).toEqual([50000, 50000, 65000]);
  });

  it('appends nothing and claims nothing when every item is refused', async () => {
    const outcomes = await registerBatch([event(ID_A, { eventType: 'unknown' })]);
    expect(decisions(outcomes)).toEqual(['EVENT.UNKNOWN_TYPE']);
    expect(eventLog.appended).toEqual([]);
    expect(recent.fingerprints.size).toBe(0);
  });

  it('forgets only the ids this batch claimed as new when the append fails', async () => {
    await registerBatch([event(ID_A)]);
    const unavailable = new DependencyUnavailableError('log');
    eventLog.failNextAppend(unavailable);
    await expect(registerBatch([event(ID_A), event(ID_B), event(ID_B)])).rejects.toBe(unavailable);
    expect(recent.released).toEqual([ID_B]);
    expect([...recent.fingerprints.keys()]).toEqual([ID_A]);
  });
});
