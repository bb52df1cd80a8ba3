import { DEFAULT_SCRYPT_COST, SecretHasher } from './secret-hasher';

describe('SecretHasher', () => {
  const hasher = new SecretHasher({ logN: 10, r: 8, p: 1 });

  it('stores a salted scrypt hash in PHC format, never the secret', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(stored).not.toContain('correct horse');
    expect(await hasher.hash('correct horse battery staple')).not.toBe(stored);
  });

  it('verifies the right secret and refuses others', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(hasher.verify('', stored)).resolves.toBe(false);
  });

  it('treats canonically equivalent spellings as the same password (NFKC)', async () => {
    const stored = await hasher.hash('lösenord-med-å-och-ö');
    await expect(hasher.verify('lösenord-med-å-och-ö'.normalize('NFD'), stored)).resolves.toBe(true);
  });

  it('verifies hashes made with another cost (the cost travels with the hash)', async () => {
    const stored = await new SecretHasher({ logN: 11, r: 8, p: 2 }).hash('a long enough secret');
    expect(stored).toContain('$scrypt$ln=11,r=8,p=2$');
    await expect(hasher.verify('a long enough secret', stored)).resolves.toBe(true);
  });

  it('still runs a hash of the same cost when there is nothing stored, and refuses', async () => {
    await hasher.verify('warm-up: the decoy is made once', undefined);
    const scrypt = jest.spyOn(jest.requireActual<typeof import('node:crypto')>('node:crypto'), 'scrypt');
    await expect(hasher.verify('anything at all', undefined)).resolves.toBe(false);
    await expect(hasher.verify('anything at all', 'not a hash')).resolves.toBe(false);
    expect(scrypt).toHaveBeenCalledTimes(2);
    expect(scrypt.mock.calls[0][3]).toMatchObject({ N: 2 ** 10, r: 8, p: 1 });
    scrypt.mockRestore();
  });

  it('takes about as long for an unknown account as for a wrong password', async () => {
    const stored = await hasher.hash('the real password!');
    await hasher.verify('warm-up', undefined);
    const unknown: number[] = [];
    const wrong: number[] = [];
    const time = async (run: () => Promise<boolean>, into: number[]) => {
      const start = process.hrtime.bigint();
      await run();
      into.push(Number(process.hrtime.bigint() - start));
    };
    // Interleaved, and compared by medians, so that a pause of the machine does not decide it.
    for (let i = 0; i < 21; i++) {
      await time(() => hasher.verify('a guess at it', undefined), unknown);
      await time(() => hasher.verify('a guess at it', stored), wrong);
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(wrong)).toBeLessThan(2);
  });

  it('defaults to N=2^15, r=8, p=1', () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ logN: 15, r: 8, p: 1 });
  });
});
