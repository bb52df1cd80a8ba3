import { EVENT_REGISTERED, EVENT_REGISTERED_SCHEMA_VERSION, EventRegistered } from '@reimbursements/domain/events/event-registered.record';
import { effectsOf } from '@reimbursements/domain/ledger/batch-effects';
import { decideBatch } from '@reimbursements/domain/ledger/decide-batch';
import { LedgerState } from '@reimbursements/domain/ledger/ledger-state';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { ledgerEventDocument } from './ledger-documents';

describe('the ledger_events document of a registered event', () => {
  it('holds every field of the event as the fold derives it, in the same order, then its _id', () => {
    const record: EventRegistered = {
      type: EVENT_REGISTERED,
      schemaVersion: EVENT_REGISTERED_SCHEMA_VERSION,
      recordId: 'rec-1',
      recordedAt: '2026-03-20T10:00:00.000Z',
      correlationId: 'corr-1',
      recordedBy: 'user:alice',
      payload: {
        eventId: '00000000-0000-4000-8000-000000000001',
        caregiverId: 'cg-1',
        eventType: 'home-visit',
        occurredAt: '2026-03-10T10:00:00+01:00',
        month: '2026-03',
        amountCents: 45_000,
        currency: 'SEK',
      },
    };
    const records: PositionedRecord<EventRegistered>[] = [{ topic: 'log', partition: 2, offset: 17, record }];
    const [event] = effectsOf(records, decideBatch(new LedgerState(), records), 'SEK').events;
    const document = ledgerEventDocument(event);
    // What the projector wrote before, a spread: a field the fold adds later must not be dropped here.
    expect(JSON.stringify(document)).toBe(JSON.stringify({ ...event, _id: event.eventId }));
    expect(document).toMatchObject({ _id: record.payload.eventId, partition: 2, offset: 17, recordedBy: 'user:alice' });
  });
});
