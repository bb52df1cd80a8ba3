import { decodePosition, encodePosition, LogPosition, mergePositions, partitionKey, positionReached } from './log-position';

/** A token as a client could forge it: base64url of any JSON. */
function tokenOf(json: string): string {
  return Buffer.from(json, 'utf8').toString('base64url');
}

describe('partitionKey', () => {
  it('joins topic and partition', () => {
    expect(partitionKey('reimbursements.log', 3)).toBe('reimbursements.log:3');
  });
});

describe('encodePosition / decodePosition', () => {
  it.each<[string, LogPosition]>([
    ['an empty position', {}],
    ['one partition', { 'log:0': 42 }],
    ['several topics and partitions, nothing applied in one', { 'log:0': 5, 'log:1': -1, 'catalog:0': 0 }],
    ['a large offset', { 'log:11': Number.MAX_SAFE_INTEGER }],
  ])('round-trips %s', (_label, position) => {
    const token = encodePosition(position);
    expect(token).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(decodePosition(token)).toEqual(position);
  });

  it.each([
    ['an empty token', ''],
    ['not base64 JSON', 'not a token!'],
    ['truncated JSON', tokenOf('{"log:0":')],
    ['null', tokenOf('null')],
    ['a number', tokenOf('42')],
    ['a string', tokenOf('"log:0"')],
    ['an array', tokenOf('[["log:0",1]]')],
    ['an offset below -1', tokenOf('{"log:0":-2}')],
    ['a fractional offset', tokenOf('{"log:0":1.5}')],
    ['a string offset', tokenOf('{"log:0":"3"}')],
    ['an unsafe integer offset', tokenOf('{"log:0":9007199254740993}')],
    ['a key without partition', tokenOf('{"log":3}')],
    ['a key with a negative partition', tokenOf('{"log:-1":3}')],
    ['one bad entry among good ones', tokenOf('{"log:0":3,"log:1":-5}')],
  ])('decodes %s as undefined', (_label, token) => {
    expect(decodePosition(token)).toBeUndefined();
  });
});

describe('mergePositions', () => {
  it('takes the later offset of each partition and keeps partitions only one side names', () => {
    const a = { 'log:0': 5, 'log:1': 9, 'log:2': -1 };
    const b = { 'log:0': 7, 'log:1': 3, 'log:3': 0 };
    expect(mergePositions(a, b)).toEqual({ 'log:0': 7, 'log:1': 9, 'log:2': -1, 'log:3': 0 });
    expect(mergePositions(b, a)).toEqual(mergePositions(a, b));
  });

  it('leaves its inputs unchanged', () => {
    const a = { 'log:0': 5 };
    const b = { 'log:0': 7 };
    mergePositions(a, b);
    expect(a).toEqual({ 'log:0': 5 });
    expect(b).toEqual({ 'log:0': 7 });
  });
});

describe('positionReached', () => {
  const applied = { 'log:0': 10, 'log:1': 3 };

  it.each<[string, LogPosition, boolean]>([
    ['nothing wanted', {}, true],
    ['exactly the applied offset', { 'log:0': 10 }, true],
    ['an earlier offset', { 'log:0': 9, 'log:1': 0 }, true],
    ['one offset beyond', { 'log:0': 11 }, false],
    ['one partition reached, another not', { 'log:0': 10, 'log:1': 4 }, false],
    ['a partition never applied, wanting nothing there (-1)', { 'log:2': -1 }, true],
    ['a partition never applied, wanting offset 0', { 'log:2': 0 }, false],
  ])('with %s: %s', (_label, wanted, reached) => {
    expect(positionReached(applied, wanted)).toBe(reached);
  });
});
