import { joinJsonObjects } from './join-json-objects';

describe('joinJsonObjects', () => {
  it('writes the members of both, in order, as one object', () => {
    const head = { generatedAt: '2026-12-01T12:00:00.000Z', position: 'e30' };
    const rest = { rows: [{ caregiverId: 'cg-1', note: 'a "quoted", {braced} text' }], nextCursor: null };
    const joined = joinJsonObjects(JSON.stringify(head), JSON.stringify(rest));
    expect(joined).toBe(JSON.stringify({ ...head, ...rest }));
    expect(Object.keys(JSON.parse(joined) as object)).toEqual(['generatedAt', 'position', 'rows', 'nextCursor']);
  });

  it('takes an empty object on either side', () => {
    expect(joinJsonObjects('{}', '{"a":1}')).toBe('{"a":1}');
    expect(joinJsonObjects('{"a":1}', '{}')).toBe('{"a":1}');
  });
});
