import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { eventFingerprint } from '@reimbursements/domain/events/event-fingerprint';
import { RegisterEventInput } from '@reimbursements/domain/events/register-event.rule';
import { decodePosition } from '@reimbursements/domain/position/log-position';
import { CommandApiSettings } from '../../command-api.settings';
import { FixedCatalogFeed } from '../../testing/fixed-catalog-feed';
import { InMemoryRecentEventIds } from '../../testing/in-memory-recent-event-ids';
import { RecordingEventLog } from '../../testing/recording-event-log';
import { RegisterEventCommand } from './register-event.command';
import { RegisterEventHandler } from './register-event.handler';

const origin = { correlationId: 'req-1', recordedBy: 'tester' };
const event: RegisterEventInput = {
  eventId: '8f2e5c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b',
  caregiverId: 'cg-1',
  eventType: 'x-ray',
  occurredAt: '2026-03-14T09:30:00+01:00',
};

describe('RegisterEventHandler and recent eventIds', () => {
  let eventLog: RecordingEventLog;
  let recent: InMemoryRecentEventIds;
  let handler: RegisterEventHandler;
  const register = (input: RegisterEventInput) => handler.execute(new RegisterEventCommand(input, origin, true));

  beforeEach(() => {
    const settings = new CommandApiSettings();
    eventLog = new RecordingEventLog();
    recent = new InMemoryRecentEventIds();
    handler = new RegisterEventHandler(new FixedCatalogFeed({ 'x-ray': 50000, mri: 90000 }), eventLog, recent, settings);
  });

  it('claims a new id with its fingerprint and appends the event keyed by caregiver', async () => {
    const answer = await register(event);
    expect(recent.claimCalls).toEqual([[{ eventId: event.eventId, fingerprint: eventFingerprint(event), remember: '50000' }]]);
    expect(eventLog.appended).toEqual([expect.objectContaining({ stream: 'log', key: 'cg-1' })]);
    expect(answer).toMatchObject({ eventId: event.eventId, amountCents: 50000, month: '2026-03' });
    expect(decodePosition(answer.position)).toEqual({ 'test.log:0': 0 });
  });

  it('accepts a retry with the same content, written with another offset, and appends it again', async () => {
    await register(event);
    const retry = await register({ ...event, eventId: event.eventId.toUpperCase(), occurredAt: '2026-03-14T08:30:00Z' });
    expect(retry.eventId).toBe(event.eventId);
    expect(eventLog.appended).toHaveLength(2);
  });

  it('answers and writes a retry with the amount the first registration was counted with, though the rate changed since', async () => {
    const first = await register(event);
    handler = new RegisterEventHandler(new FixedCatalogFeed({ 'x-ray': 65000, mri: 90000 }), eventLog, recent, new CommandApiSettings());
    const retry = await register(event);
    expect(retry).toMatchObject({ eventId: event.eventId, amountCents: first.amountCents });
    expect(eventLog.appended.map(({ record }) => (record.payload as { amountCents: number }).amountCents)).toEqual([50000, 50000]);
    // A new event is decided at the rate in force.
    expect(await register({ ...event, eventId: '0b7f7f4e-8a44-4c4b-9d0a-2f1f5e6a7b8c' })).toMatchObject({ amountCents: 65000 });
  });

  it.each([
    ['another caregiver', { caregiverId: 'cg-2' }],
    ['another type', { eventType: 'mri' }],
    ['another instant', { occurredAt: '2026-03-14T09:30:01+01:00' }],
  ])('refuses the id reused for %s with EVENT.CONFLICT naming eventId, and appends nothing', async (_what, change) => {
    await register(event);
    const refusal = await register({ ...event, ...change }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'EVENT.CONFLICT', errors: [{ field: 'eventId', message: expect.any(String) }] });
    expect(eventLog.appended).toHaveLength(1);
  });

  it('forgets a new id whose append failed, so its next use is judged afresh', async () => {
    const unavailable = new DependencyUnavailableError('log');
    eventLog.failNextAppend(unavailable);
    await expect(register(event)).rejects.toBe(unavailable);
    expect(recent.released).toEqual([event.eventId]);
    await expect(register({ ...event, caregiverId: 'cg-2' })).resolves.toMatchObject({ caregiverId: 'cg-2' });
  });

  it('keeps remembering an id whose retry failed to append: its first registration is in the log', async () => {
    await register(event);
    eventLog.failNextAppend(new DependencyUnavailableError('log'));
    await expect(register(event)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(recent.released).toEqual([]);
    await expect(register({ ...event, caregiverId: 'cg-2' })).rejects.toMatchObject({ code: 'EVENT.CONFLICT' });
  });

  it('claims nothing for an event the domain refuses', async () => {
    await expect(register({ ...event, eventType: 'unknown' })).rejects.toMatchObject({ code: 'EVENT.UNKNOWN_TYPE' });
    expect(recent.claimCalls).toEqual([]);
    await expect(register({ ...event, eventType: 'mri' })).resolves.toMatchObject({ eventType: 'mri' });
  });
});
