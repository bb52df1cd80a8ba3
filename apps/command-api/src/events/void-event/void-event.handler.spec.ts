import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { EVENT_VOIDED, EVENT_VOIDED_SCHEMA_VERSION } from '@reimbursements/domain/events/event-voided.record';
import { decodePosition } from '@reimbursements/domain/position/log-position';
import { RecordingEventLog } from '../../testing/recording-event-log';
import { VoidEventCommand } from './void-event.command';
import { VoidEventHandler } from './void-event.handler';

const origin = { correlationId: 'req-1', recordedBy: 'tester' };
const EVENT_ID = '8F2E5C1A-3B4D-4E6F-8A9B-0C1D2E3F4A5B';

describe('VoidEventHandler', () => {
  let eventLog: RecordingEventLog;
  let handler: VoidEventHandler;

  beforeEach(() => {
    eventLog = new RecordingEventLog();
    handler = new VoidEventHandler(eventLog);
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
});
