import v1Fixture from '../records/fixtures/event-registered.v1.json';
import { InMemoryLedger } from '../ledger/in-memory-ledger';
import { readRecord, StoredLogRecord } from '../records/log-record';
import { EVENT_REGISTERED_SCHEMA_VERSION, EventRegisteredV1 } from './event-registered.record';
import { upcastEventRegistered } from './event-registered.upcast';

/** Written by the walking skeleton's command-api (schema version 1) and committed as it was. */
const fixture: unknown = v1Fixture;

describe('EventRegistered version 1', () => {
  it('is still readable', () => {
    expect(readRecord(fixture)?.schemaVersion).toBe(1);
  });

  it('upcasts to the current version with the month of occurredAt in the business time zone', () => {
    const upcast = upcastEventRegistered(readRecord(fixture) as EventRegisteredV1, 'Europe/Stockholm');
    expect(upcast?.schemaVersion).toBe(EVENT_REGISTERED_SCHEMA_VERSION);
    // 23:30Z on 31 January is already February in Stockholm.
    expect(upcast?.payload).toEqual({ ...(fixture as EventRegisteredV1).payload, month: '2026-02' });
  });

  it('is folded into the read models by the current fold', () => {
    const ledger = new InMemoryLedger('Europe/Stockholm', 'SEK');
    ledger.fold([{ topic: 'log', partition: 3, offset: 0, record: readRecord(fixture) as StoredLogRecord }]);
    expect(ledger.totals.get('cg-17#2026-02')).toMatchObject({ eventCount: 1, totalCents: 45_000, pendingCents: 45_000 });
    expect(ledger.event('5f0c9a3e-2b7d-4c1e-8a6f-9d2b3c4e5f60')).toMatchObject({ status: 'pending', month: '2026-02', recordedBy: 'placeholder:unauthenticated' });
  });

  it('gives nothing to fold when its occurredAt does not parse', () => {
    const broken = { ...(fixture as EventRegisteredV1), payload: { ...(fixture as EventRegisteredV1).payload, occurredAt: '2026-01-00T10:00:00Z' } };
    expect(upcastEventRegistered(broken, 'Europe/Stockholm')).toBeUndefined();
  });

  it('leaves a current-version record as it is', () => {
    const current = upcastEventRegistered(readRecord(fixture) as EventRegisteredV1, 'UTC');
    expect(current && upcastEventRegistered(current, 'Europe/Stockholm')).toBe(current);
  });
});
