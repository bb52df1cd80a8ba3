import { DomainError } from '@reimbursements/domain/errors/domain-error';
import {
  REIMBURSEMENT_REQUESTED,
  REIMBURSEMENT_REQUESTED_SCHEMA_VERSION,
  ReimbursementRequestedPayload,
} from '@reimbursements/domain/reimbursements/reimbursement-requested.record';
import { decodePosition } from '@reimbursements/domain/position/log-position';
import { InMemoryRecentEventIds } from '../../testing/in-memory-recent-event-ids';
import { RecordingEventLog } from '../../testing/recording-event-log';
import { RequestReimbursementCommand } from './request-reimbursement.command';
import { RequestReimbursementHandler } from './request-reimbursement.handler';

const origin = { correlationId: 'req-1', recordedBy: 'accountant' };
const REIMBURSEMENT_ID = '5D4C3B2A-1F0E-4D9C-8B7A-6F5E4D3C2B1A';
const EVENT_ID = '8F2E5C1A-3B4D-4E6F-8A9B-0C1D2E3F4A5B';

describe('RequestReimbursementHandler', () => {
  let eventLog: RecordingEventLog;
  let recentIds: InMemoryRecentEventIds;
  let handler: RequestReimbursementHandler;
  const request = (input: ReimbursementRequestedPayload) => handler.execute(new RequestReimbursementCommand(input, origin));

  beforeEach(() => {
    eventLog = new RecordingEventLog();
    recentIds = new InMemoryRecentEventIds();
    handler = new RequestReimbursementHandler(eventLog, recentIds);
  });

  it("appends a request by event ids on the caregiver's partition, ids lower-cased", async () => {
    const answer = await request({ reimbursementId: REIMBURSEMENT_ID, caregiverId: 'cg-1', eventIds: [EVENT_ID], reference: 'payout-7' });
    expect(answer).toEqual({ reimbursementId: REIMBURSEMENT_ID.toLowerCase(), position: expect.any(String) });
    expect(decodePosition(answer.position)).toEqual({ 'test.log:0': 0 });
    expect(eventLog.appended).toEqual([
      {
        stream: 'log',
        key: 'cg-1',
        record: expect.objectContaining({
          type: REIMBURSEMENT_REQUESTED,
          schemaVersion: REIMBURSEMENT_REQUESTED_SCHEMA_VERSION,
          correlationId: 'req-1',
          recordedBy: 'accountant',
          payload: { reimbursementId: REIMBURSEMENT_ID.toLowerCase(), caregiverId: 'cg-1', eventIds: [EVENT_ID.toLowerCase()], reference: 'payout-7' },
        }),
      },
    ]);
  });

  it('records a request by month without eventIds or reference', async () => {
    await request({ reimbursementId: REIMBURSEMENT_ID, caregiverId: 'cg-1', eventIds: undefined, month: '2026-03', reference: undefined });
    expect(eventLog.appended[0].record.payload).toStrictEqual({ reimbursementId: REIMBURSEMENT_ID.toLowerCase(), caregiverId: 'cg-1', month: '2026-03' });
  });

  it.each([
    ['both eventIds and month', { eventIds: [EVENT_ID], month: '2026-03' }, ['month']],
    ['neither eventIds nor month', {}, ['eventIds']],
    ['an id listed twice, whatever its case', { eventIds: [EVENT_ID, EVENT_ID.toLowerCase()] }, ['eventIds[1]']],
  ])('refuses %s with REIMBURSEMENT.INVALID naming the field, and appends nothing', async (_name, change, fields) => {
    const refusal = await request({ reimbursementId: REIMBURSEMENT_ID, caregiverId: 'cg-1', ...change }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'REIMBURSEMENT.INVALID' });
    expect((refusal as DomainError).errors.map((e) => e.field)).toEqual(fields);
    expect(eventLog.appendCalls).toEqual([]);
  });

  describe('a reimbursementId requested again', () => {
    const first = { reimbursementId: REIMBURSEMENT_ID, caregiverId: 'cg-1', month: '2026-03', reference: 'payout-7' };

    it('appends a retry with the same content again (the fold decides it once), the id written in any case', async () => {
      await request(first);
      const retry = await request({ ...first, reimbursementId: REIMBURSEMENT_ID.toLowerCase() });
      expect(retry.reimbursementId).toBe(REIMBURSEMENT_ID.toLowerCase());
      expect(eventLog.appended).toHaveLength(2);
    });

    it.each([
      ['another caregiver, whose partition would decide it a second time', { caregiverId: 'cg-2' }],
      ['another month', { month: '2026-04' }],
      ['events instead of the month', { month: undefined, eventIds: [EVENT_ID] }],
      ['another reference', { reference: 'payout-8' }],
      ['no reference', { reference: undefined }],
    ])('refuses it for %s with REIMBURSEMENT.CONFLICT naming reimbursementId, and appends nothing', async (_name, change) => {
      await request(first);
      const refusal = await request({ ...first, ...change }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({ code: 'REIMBURSEMENT.CONFLICT', errors: [{ field: 'reimbursementId' }] });
      expect(eventLog.appendCalls).toHaveLength(1);
    });

    it('forgets an id whose record did not reach the log, so that the next request with it is judged afresh', async () => {
      eventLog.failNextAppend(new Error('broker down'));
      await expect(request(first)).rejects.toThrow('broker down');
      expect(recentIds.released).toEqual([REIMBURSEMENT_ID.toLowerCase()]);
      await request({ ...first, caregiverId: 'cg-2' });
      expect(eventLog.appended.map((r) => r.key)).toEqual(['cg-2']);
    });

    it('keeps an id it did not claim when the append of a retry fails', async () => {
      await request(first);
      eventLog.failNextAppend(new Error('broker down'));
      await expect(request(first)).rejects.toThrow('broker down');
      expect(recentIds.released).toEqual([]);
      await expect(request({ ...first, caregiverId: 'cg-2' })).rejects.toMatchObject({ code: 'REIMBURSEMENT.CONFLICT' });
    });
  });
});
