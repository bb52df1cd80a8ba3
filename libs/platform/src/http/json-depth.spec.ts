import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('exceedsJsonDepth', () => {
  it('lets a batch body through', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ events: [{ caregiverId: '1', eventType: 'x-ray' }] })))).toBe(false);
  });

  it('allows exactly the maximum and refuses one level more', () => {
    expect(exceedsJsonDepth(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(exceedsJsonDepth(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
  });

  it('refuses 20,000 levels of objects and arrays', () => {
    expect(exceedsJsonDepth(bytes('{"a":'.repeat(10_000) + nested(10_000) + '}'.repeat(10_000)))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ reason: '['.repeat(100) + '\\"' + '{'.repeat(100) })))).toBe(false);
  });

  it('counts depth, not the number of siblings', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify(Array.from({ length: 1000 }, () => [[1]]))))).toBe(false);
  });
});
