import { reservedKeyPaths } from './reserved-keys.middleware';

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
