import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { EVENT_VOIDED, EVENT_VOIDED_SCHEMA_VERSION } from '@reimbursements/domain/events/event-voided.record';
import { decodePosition } from '@reimbursements/domain/position/log-position';
import { eventFingerprint } from '@reimbursements/domain/events/event-fingerprint';
import { InMemoryRecentEventIds } from '../../testing/in-memory-recent-event-ids';
import { RecordingEventLog } from '../../testing/recording-event-log';
import { VoidEventCommand } from './void-event.command';
import { VoidEventHandler } from './void-event.handler';

const origin = { correlationId: 'req-1', recordedBy: 'tester' };
const EVENT_ID = '8F2E5C1A-3B4D-4E6F-8A9B-0C1D2E3F4A5B';

describe('VoidEventHandler', () => {
  let eventLog: RecordingEventLog;
  let recent: InMemoryRecentEventIds;
  let handler: VoidEventHandler;

  beforeEach(async () => {
    eventLog = new RecordingEventLog();
    recent = new InMemoryRecentEventIds();
    // The command side registered EVENT_ID for cg-2 recently.
    await recent.claim([{ eventId: EVENT_ID, fingerprint: eventFingerprint({ caregiverId: 'cg-2', eventType: 'x-ray', occurredAt: '2026-03-01T10:00:00Z' }) }]);
    handler = new VoidEventHandler(eventLog, recent);
  });

  it("appends the void on the caregiver's partition and answers its position", async () => {
    const answer = await handler.execute(new VoidEventCommand({ eventId: EVENT_ID, caregiverId: 'cg-1', reason: '  registered twice ' }, origin));
    expect(answer).toEqual({ eventId: EVENT_ID.toLowerCase(), caregiverId: 'cg-1', position: expect.any(String) });
    expect(decodePosition(answer.position)).toEqual({ 'test.log:0': 0 });
    expect(eventLog.appended).toEqual([
      {
        stream: 'log',
        key: 'cg-1',
        record: expect.objectContaining({
          type: EVENT_VOIDED,
          schemaVersion: EVENT_VOIDED_SCHEMA_VERSION,
          correlationId: 'req-1',
          recordedBy: 'tester',
          payload: { eventId: EVENT_ID.toLowerCase(), caregiverId: 'cg-1', reason: 'registered twice' },
        }),
      },
    ]);
  });

  it('refuses a blank reason with EVENT.INVALID naming reason, and appends nothing', async () => {
    const refusal = await handler.execute(new VoidEventCommand({ eventId: EVENT_ID, caregiverId: 'cg-1', reason: '   ' }, origin)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'EVENT.INVALID', errors: [{ field: 'reason' }] });
    expect(eventLog.appendCalls).toEqual([]);
  });

  it("refuses a scoped sender's void of an event it remembers as another caregiver's with EVENT.NOT_FOUND, and appends nothing", async () => {
    const refusal = await handler
      .execute(new VoidEventCommand({ eventId: EVENT_ID.toLowerCase(), caregiverId: 'cg-1', reason: 'not ours' }, origin, ['cg-1']))
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'EVENT.NOT_FOUND', errors: [{ field: 'eventId' }] });
    expect(eventLog.appendCalls).toEqual([]);
  });

  it("appends a scoped sender's void of its own caregiver's event, and an unscoped sender's whatever the memory says", async () => {
    await handler.execute(new VoidEventCommand({ eventId: EVENT_ID, caregiverId: 'cg-2', reason: 'ours' }, origin, ['cg-2']));
    await handler.execute(new VoidEventCommand({ eventId: EVENT_ID, caregiverId: 'cg-1', reason: 'the fold ignores it' }, origin, null));
    expect(eventLog.appended.map((a) => a.key)).toEqual(['cg-2', 'cg-1']);
  });

  it('appends a scoped void of an event it does not remember: the fold decides', async () => {
    await handler.execute(new VoidEventCommand({ eventId: '00000000-0000-4000-8000-000000000001', caregiverId: 'cg-1', reason: 'r' }, origin, ['cg-1']));
    expect(eventLog.appended).toHaveLength(1);
  });
});
