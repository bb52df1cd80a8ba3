import { validSecrets } from './client-credentials-grant';

describe('validSecrets', () => {
  const at = (iso: string) => new Date(iso);
  const secret = (generation: number, createdAt: string) => ({ _id: `c:${generation}`, clientId: 'c', generation, hash: `h${generation}`, createdAt: at(createdAt) });
  const day = 86_400_000;

  it('keeps the previous secret during the grace period after the rotation, then only the current one', () => {
    const secrets = [secret(2, '2026-03-02T10:00:00Z'), secret(1, '2026-03-01T10:00:00Z')];
    expect(validSecrets(secrets, Date.parse('2026-03-03T09:59:59Z'), day).map((s) => s.generation)).toEqual([2, 1]);
    expect(validSecrets(secrets, Date.parse('2026-03-03T10:00:00Z'), day).map((s) => s.generation)).toEqual([2]);
  });

  it('has nothing for a client without secrets, and never more than two', () => {
    expect(validSecrets([], Date.now(), day)).toEqual([]);
    const now = Date.parse('2026-03-01T10:00:02Z');
    const three = [secret(3, '2026-03-01T10:00:01Z'), secret(2, '2026-03-01T10:00:00Z'), secret(1, '2026-03-01T09:00:00Z')];
    expect(validSecrets(three, now, day).map((s) => s.generation)).toEqual([3, 2]);
  });

  it('ends the old secret at once with a zero grace period', () => {
    expect(validSecrets([secret(2, '2026-03-01T10:00:00Z'), secret(1, '2026-03-01T09:00:00Z')], Date.parse('2026-03-01T10:00:00Z'), 0)).toHaveLength(1);
  });
});
