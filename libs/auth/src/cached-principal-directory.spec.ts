import { CachedPrincipalDirectory } from './cached-principal-directory';
import { PrincipalDirectory, PrincipalScope } from './principal-directory';

class CountingDirectory extends PrincipalDirectory {
  calls = 0;
  answer: PrincipalScope | null = { caregiverIds: ['c1'] };
  release?: () => void;
  gate?: Promise<void>;

  async lookup(): Promise<PrincipalScope | null> {
    this.calls += 1;
    await this.gate;
    return this.answer;
  }
}

describe('CachedPrincipalDirectory', () => {
  let clock: number;
  let source: CountingDirectory;
  let cache: CachedPrincipalDirectory;

  beforeEach(() => {
    clock = 1_000_000;
    source = new CountingDirectory();
    cache = new CachedPrincipalDirectory(source, 30_000, 2, () => clock);
  });

  it('answers from memory within the TTL and asks again after it', async () => {
    await expect(cache.lookup('user:a', 't')).resolves.toEqual({ caregiverIds: ['c1'] });
    clock += 29_999;
    await cache.lookup('user:a', 't');
    expect(source.calls).toBe(1);
    source.answer = null;
    clock += 1;
    await expect(cache.lookup('user:a', 't')).resolves.toBeNull();
    expect(source.calls).toBe(2);
  });

  it('remembers that a principal is not active too', async () => {
    source.answer = null;
    await cache.lookup('user:gone', 't');
    await cache.lookup('user:gone', 't');
    expect(source.calls).toBe(1);
  });

  it('asks once for concurrent lookups of one subject', async () => {
    source.gate = new Promise((resolve) => (source.release = resolve));
    const lookups = Promise.all([cache.lookup('user:a', 't'), cache.lookup('user:a', 't'), cache.lookup('user:a', 't')]);
    source.release?.();
    await lookups;
    expect(source.calls).toBe(1);
  });

  it('keeps at most maxEntries subjects, dropping the oldest', async () => {
    await cache.lookup('user:a', 't');
    await cache.lookup('user:b', 't');
    await cache.lookup('user:c', 't');
    await cache.lookup('user:c', 't');
    await cache.lookup('user:a', 't');
    expect(source.calls).toBe(4);
  });

  it('does not cache failures', async () => {
    const failing = new (class extends PrincipalDirectory {
      calls = 0;
      async lookup(): Promise<PrincipalScope | null> {
        this.calls += 1;
        throw new Error('down');
      }
    })();
    const cached = new CachedPrincipalDirectory(failing, 30_000);
    await expect(cached.lookup('user:a', 't')).rejects.toThrow('down');
    await expect(cached.lookup('user:a', 't')).rejects.toThrow('down');
    expect(failing.calls).toBe(2);
  });

  it('refuses a TTL above one minute (revocation must take effect within a minute)', () => {
    expect(() => new CachedPrincipalDirectory(source, 60_001)).toThrow(RangeError);
  });
});
