import { parseSubject, subjectOf } from './subject';

describe('subjects', () => {
  it('round-trips users and clients', () => {
    expect(parseSubject(subjectOf('user', 'alice@example.org'))).toEqual({ kind: 'user', username: 'alice@example.org' });
    expect(parseSubject(subjectOf('client', 'c-1'))).toEqual({ kind: 'client', clientId: 'c-1' });
  });

  it('knows nothing of other shapes', () => {
    for (const subject of ['alice', ':alice', 'user:', 'group:x', '']) expect(parseSubject(subject)).toBeUndefined();
  });
});
