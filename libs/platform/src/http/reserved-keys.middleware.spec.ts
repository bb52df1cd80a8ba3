import { Request } from 'express';
import { Answered, recordingResponse } from '../testing/recording-response';
import { reservedKeyPaths, reservedKeysMiddlewareFor } from './reserved-keys.middleware';

describe('reservedKeyPaths', () => {
  it('finds __proto__, constructor and prototype wherever JSON.parse kept them', () => {
    const body = JSON.parse('{"__proto__":{"admin":true},"events":[{"ok":1},{"constructor":{"prototype":1}}],"x":{"prototype":2}}');
    expect(reservedKeyPaths(body)).toEqual(['__proto__', 'events[1].constructor', 'x.prototype']);
  });

  it('finds nothing in an ordinary body, a string or nothing at all', () => {
    expect(reservedKeyPaths({ caregiverId: 'constructor', reason: '__proto__', events: [{ a: null }] })).toEqual([]);
    expect(reservedKeyPaths('__proto__')).toEqual([]);
    expect(reservedKeyPaths(undefined)).toEqual([]);
  });

  it('finds one in a query object without a prototype', () => {
    const query = Object.assign(Object.create(null) as Record<string, string>, { from: '2026-01' });
    Object.defineProperty(query, 'constructor', { value: 'x', enumerable: true });
    expect(reservedKeyPaths(query)).toEqual(['constructor']);
  });
});

describe('reservedKeysMiddlewareFor', () => {
  const refused = (method: string, path: string, body: unknown): string[] | undefined => {
    const answered: Answered = { headers: {} };
    let passed = false;
    const request = { method, path, originalUrl: path, body, query: {} } as unknown as Request;
    reservedKeysMiddlewareFor({ '/v1/events/batch': 'events' })(request, recordingResponse(answered), () => (passed = true));
    return passed ? undefined : (JSON.parse(answered.body ?? '{}') as { errors: { field: string }[] }).errors.map((e) => e.field);
  };
  const batch = JSON.parse('{"events":[{"ok":1},{"__proto__":{"admin":true}}]}') as unknown;

  it("leaves a reserved key inside an item to the route that judges the items, on every path Express routes there", () => {
    for (const path of ['/v1/events/batch', '/V1/Events/Batch/']) expect(refused('POST', path, batch)).toBeUndefined();
  });

  it('refuses it everywhere else: outside the items, on another path or method', () => {
    expect(refused('POST', '/v1/events/batch', JSON.parse('{"__proto__":{},"events":[]}'))).toEqual(['__proto__']);
    expect(refused('POST', '/v1/events/batch', JSON.parse('{"events":{"__proto__":{}}}'))).toEqual(['events.__proto__']);
    expect(refused('POST', '/v1/events', batch)).toEqual(['events[1].__proto__']);
    expect(refused('PUT', '/v1/events/batch', batch)).toEqual(['events[1].__proto__']);
  });
});
