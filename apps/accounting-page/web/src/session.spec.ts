import { canPayOut, canRead, isScoped, sessionOf } from './session';

function token(claims: object): string {
  const part = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'ES256', typ: 'at+jwt' })}.${part(claims)}.signature`;
}

describe('the session', () => {
  const now = Date.UTC(2026, 10, 30, 9, 0, 0);

  it('reads the roles of the token, and counts its expiry from expires_in on the local clock (whatever the server clock says)', () => {
    const session = sessionOf('anna', token({ roles: ['accountant'], exp: now / 1000 - 3600 }), 900, now);
    expect(session).toEqual({ username: 'anna', token: expect.any(String), roles: ['accountant'], expiresAt: now + 900_000 });
  });

  it('offers pay-outs to accountants and admins, reports to every reader, and says when a manager is scoped', () => {
    const as = (roles: string[]) => sessionOf('u', token({ roles }), 60, now);
    expect([canRead(as(['manager'])), canPayOut(as(['manager'])), isScoped(as(['manager']))]).toEqual([true, false, true]);
    expect([canRead(as(['accountant'])), canPayOut(as(['accountant'])), isScoped(as(['accountant']))]).toEqual([true, true, false]);
    expect([canRead(as(['admin'])), canPayOut(as(['admin'])), isScoped(as(['admin']))]).toEqual([true, true, false]);
    expect([canRead(as(['ingest'])), canPayOut(as(['ingest']))]).toEqual([false, false]);
  });

  it('treats a token it cannot read as one without roles', () => {
    expect(sessionOf('u', 'not-a-jwt', 60, now).roles).toEqual([]);
  });
});
