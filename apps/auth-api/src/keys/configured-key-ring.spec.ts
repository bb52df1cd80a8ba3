import { generateSigningKey } from './generate-signing-key';
import { ConfiguredKeyRing } from './configured-key-ring';
import { KeysFromConfigurationError } from './key-ring';

describe('ConfiguredKeyRing', () => {
  it('signs with the configured key and publishes its public half next to the older public keys', async () => {
    const current = await generateSigningKey('ES256');
    const previous = await generateSigningKey('ES256');
    const ring = await ConfiguredKeyRing.create(current.privateJwk, 'ES256', [previous.publicJwk]);
    expect((await ring.signingKey()).kid).toBe(current.kid);
    const published = await ring.publicKeys();
    expect(published.map((key) => key.kid)).toEqual([current.kid, previous.kid]);
    expect(published.every((key) => key.d === undefined)).toBe(true);
  });

  it('names a key without kid by its thumbprint', async () => {
    const { kid, privateJwk } = await generateSigningKey('EdDSA');
    const ring = await ConfiguredKeyRing.create({ ...privateJwk, kid: undefined }, 'EdDSA', []);
    expect((await ring.signingKey()).kid).toBe(kid);
  });

  it('refuses rotation through the API', async () => {
    const ring = await ConfiguredKeyRing.create((await generateSigningKey('ES256')).privateJwk, 'ES256', []);
    await expect(ring.rotate()).rejects.toBeInstanceOf(KeysFromConfigurationError);
  });
});
