import { AccessTokenVerifier } from '@reimbursements/auth/access-token-verifier';
import { Logger } from '@nestjs/common';
import { TokenIssuer } from '../tokens/token-issuer';
import { InMemorySigningKeyStore } from './in-memory-signing-key-store';
import { StoredKeyRing, StoredKeyRingOptions } from './stored-key-ring';

const MINUTE = 60_000;

describe('StoredKeyRing', () => {
  let clock: number;
  let store: InMemorySigningKeyStore;
  const options = (): StoredKeyRingOptions => ({ alg: 'ES256', tokenTtlMs: 15 * MINUTE, activationDelayMs: MINUTE, refreshMs: 10_000, now: () => clock });

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  beforeEach(() => {
    clock = Date.parse('2026-03-01T10:00:00Z');
    store = new InMemorySigningKeyStore();
  });

  const tokenVerifier = (ring: StoredKeyRing) =>
    new AccessTokenVerifier(ring.verificationKeys(), { issuer: 'i', audience: 'a', algorithms: ['ES256'], clockToleranceSeconds: 0, requireAccessTokenType: true });
  const tokenIssuer = (ring: StoredKeyRing) => new TokenIssuer(ring, { issuer: 'i', audience: 'a', ttlSeconds: 900 });

  it('generates one key at the first start and reuses it at the next', async () => {
    const first = new StoredKeyRing(store, options());
    await first.initialize();
    const second = new StoredKeyRing(store, options());
    await second.initialize();
    expect(store.documents.size).toBe(1);
    expect((await second.signingKey()).kid).toBe((await first.signingKey()).kid);
  });

  it('publishes public keys only, with kid, alg and use', async () => {
    const ring = new StoredKeyRing(store, options());
    await ring.initialize();
    const [key] = await ring.publicKeys();
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: (await ring.signingKey()).kid });
    expect(key.d).toBeUndefined();
  });

  it('publishes a rotated-in key before it signs, then signs with it while the old key stays published until its tokens expired', async () => {
    const ring = new StoredKeyRing(store, options());
    await ring.initialize();
    const oldKid = (await ring.signingKey()).kid;
    const oldToken = (await tokenIssuer(ring).issue({ subject: 'user:a', kind: 'user', roles: [] })).accessToken;

    const { kid: newKid, activatesAt } = await ring.rotate();
    expect(activatesAt.getTime()).toBe(clock + MINUTE);
    expect((await ring.publicKeys()).map((key) => key.kid).sort()).toEqual([oldKid, newKid].sort());
    expect((await ring.signingKey()).kid).toBe(oldKid);

    clock += MINUTE;
    expect((await ring.signingKey()).kid).toBe(newKid);
    await expect(tokenVerifier(ring).verify(oldToken)).resolves.toMatchObject({ subject: 'user:a' });

    clock += 15 * MINUTE + 10_000 + MINUTE - 1;
    expect((await ring.publicKeys()).map((key) => key.kid)).toContain(oldKid);
    clock += 10_001;
    expect((await ring.publicKeys()).map((key) => key.kid)).toEqual([newKid]);
    expect([...store.documents.keys()]).toEqual([newKid]);
  });

  it('lets another instance follow a rotation within its refresh interval', async () => {
    const a = new StoredKeyRing(store, options());
    const b = new StoredKeyRing(store, options());
    await a.initialize();
    await b.initialize();
    const { kid } = await a.rotate();
    expect((await b.publicKeys()).map((key) => key.kid)).not.toContain(kid);
    clock += 10_000;
    expect((await b.publicKeys()).map((key) => key.kid)).toContain(kid);
    clock += MINUTE;
    expect((await b.signingKey()).kid).toBe(kid);
  });

  it('lets racing first starts agree on one signer', async () => {
    const a = new StoredKeyRing(store, options());
    const b = new StoredKeyRing(store, options());
    await Promise.all([a.initialize(), b.initialize()]);
    expect((await a.signingKey()).kid).toBe((await b.signingKey()).kid);
  });

  it('keeps serving the keys it knows when the store does not answer', async () => {
    const ring = new StoredKeyRing(store, options());
    await ring.initialize();
    const kid = (await ring.signingKey()).kid;
    jest.spyOn(store, 'all').mockRejectedValue(new Error('down'));
    clock += MINUTE;
    expect((await ring.signingKey()).kid).toBe(kid);
  });

  it('signs with EdDSA when configured so', async () => {
    const ring = new StoredKeyRing(store, { ...options(), alg: 'EdDSA' });
    await ring.initialize();
    expect(await ring.publicKeys()).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })]);
  });
});
