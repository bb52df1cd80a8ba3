import { EVENT_TYPE_DEFINED } from '../catalog/event-type-defined.record';
import { EVENT_REGISTERED } from '../events/event-registered.record';
import { readRecord } from './log-record';

const eventRegistered = {
  recordId: 'rec-1',
  type: EVENT_REGISTERED,
  schemaVersion: 1,
  recordedAt: '2026-03-01T12:00:00.000Z',
  correlationId: 'corr-1',
  recordedBy: 'system:test',
  payload: {
    eventId: '3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6b',
    caregiverId: 'cg-1',
    eventType: 'home-visit',
    occurredAt: '2026-03-01T10:00:00+01:00',
    amountCents: 12_500,
    currency: 'SEK',
  },
};

describe('readRecord', () => {
  it('reads a v1 EventRegistered as it is', () => {
    expect(readRecord(eventRegistered)).toEqual(eventRegistered);
  });

  it('reads a v1 EventTypeDefined', () => {
    const record = { ...eventRegistered, type: EVENT_TYPE_DEFINED, payload: { code: 'x', name: 'X', amountCents: 1, currency: 'SEK' } };
    expect(readRecord(record)?.type).toBe(EVENT_TYPE_DEFINED);
  });

  it('reads a record that went through JSON', () => {
    expect(readRecord(JSON.parse(JSON.stringify(eventRegistered)))).toEqual(eventRegistered);
  });

  it.each([
    ['an unknown type', { ...eventRegistered, type: 'EventMoved' }],
    ['a type differing in case', { ...eventRegistered, type: 'eventregistered' }],
    ['a type named like an Object member', { ...eventRegistered, type: 'constructor' }],
    ['a type named __proto__', { ...eventRegistered, type: '__proto__' }],
    ['a type named toString', { ...eventRegistered, type: 'toString' }],
    ['an unknown version', { ...eventRegistered, schemaVersion: 3 }],
    ['version 0', { ...eventRegistered, schemaVersion: 0 }],
    ['a version given as a string', { ...eventRegistered, schemaVersion: '1' }],
    ['no version', { ...eventRegistered, schemaVersion: undefined }],
    ['no type', { ...eventRegistered, type: undefined }],
    ['a null payload', { ...eventRegistered, payload: null }],
    ['a string payload', { ...eventRegistered, payload: 'x' }],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'EventRegistered'],
    ['a number', 1],
  ])('gives undefined for %s', (_label, value) => {
    expect(readRecord(value)).toBeUndefined();
  });
});
