import { randomBytes } from 'node:crypto';
import { call } from './api-client';
import { passwordToken, TokenAnswer } from './auth-api';
import { Sandbox } from './stack';

type Role = 'ingest' | 'accountant' | 'manager' | 'admin';

/** A new user of the sandbox's auth-api (created by its admin) and a token of theirs. */
export async function userToken(sandbox: Sandbox, roles: Role[], caregiverIds?: string[]): Promise<{ subject: string; token: string }> {
  const username = `${roles.join('-')}-${randomBytes(4).toString('hex')}`;
  const password = `password-${randomBytes(12).toString('base64url')}`;
  const created = await call(`${sandbox.authApi.url}/v1/users`, {
    json: { username, password, roles, ...(caregiverIds ? { caregiverIds } : {}) },
    token: sandbox.adminToken,
  });
  if (created.status !== 201) throw new Error(`user refused with ${created.status}: ${JSON.stringify(created.body)}`);
  return { subject: `user:${username}`, token: await passwordToken(sandbox.authApi.url, username, password) };
}

/** A new care-giver system client of the sandbox's auth-api and a token of its own (client credentials). */
export async function clientToken(sandbox: Sandbox, roles: Role[], caregiverIds?: string[]): Promise<{ subject: string; token: string }> {
  const created = await call<{ clientId: string; clientSecret: string }>(`${sandbox.authApi.url}/v1/clients`, {
    json: { name: 'Test clinic', roles, ...(caregiverIds ? { caregiverIds } : {}) },
    token: sandbox.adminToken,
  });
  if (created.status !== 201) throw new Error(`client refused with ${created.status}: ${JSON.stringify(created.body)}`);
  const { clientId, clientSecret } = created.body;
  const answer = await call<TokenAnswer>(`${sandbox.authApi.url}/v1/auth/token`, {
    json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    token: null,
  });
  if (answer.status !== 200) throw new Error(`client token refused with ${answer.status}`);
  return { subject: `client:${clientId}`, token: answer.body.access_token };
}
