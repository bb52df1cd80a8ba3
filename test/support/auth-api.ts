import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { ApiAnswer, call } from './api-client';
import { MONGODB_URI, REDIS_URL, ROOT, RunningApp, startApp, waitFor } from './stack';

/** A database and a Redis key prefix of its own for one test file, and its first admin. */
export interface AuthSandbox {
  database: string;
  redisPrefix: string;
  admin: { username: string; password: string };
  env: Record<string, string>;
}

export function createAuthSandbox(): AuthSandbox {
  const id = `e2e_auth_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = { username: 'root', password: `bootstrap-${randomBytes(12).toString('base64url')}` };
  return {
    database: id,
    redisPrefix: `${id}:`,
    admin,
    env: {
      MONGODB_URI,
      REDIS_URL,
      AUTH_MONGODB_DB: id,
      AUTH_REDIS_KEY_PREFIX: `${id}:`,
      BOOTSTRAP_ADMIN_USERNAME: admin.username,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    },
  };
}

export async function removeAuthSandbox(sandbox: AuthSandbox): Promise<void> {
  const client = await new MongoClient(MONGODB_URI).connect();
  await client.db(sandbox.database).dropDatabase().catch(() => undefined);
  await client.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${sandbox.redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

/** Starts auth-api on the sandbox; its output goes to a log file the test can read afterwards. */
export function startAuthApi(sandbox: AuthSandbox, env: Record<string, string> = {}, logName = 'auth-api'): Promise<RunningApp> {
  return startApp('auth-api', { ...sandbox.env, ...env }, { logName });
}

/** Everything a stopped app wrote (waits, bounded, until its log file stops growing). */
export async function logOf(app: RunningApp, logName = 'auth-api'): Promise<string> {
  await app.stop();
  const file = join(ROOT, '.local', 'logs', 'e2e', `${logName}-${new URL(app.url).port}.log`);
  let size = -1;
  await waitFor(
    `${file} complete`,
    async () => {
      const previous = size;
      size = statSync(file).size;
      return size === previous;
    },
    5000,
  );
  return readFileSync(file, 'utf8');
}

export interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
}

/** A user's token; a 503 (sign-in's Redis slow to answer on a busy machine) is retried, as api.md tells clients to. */
export async function passwordToken(authApi: string, username: string, password: string): Promise<string> {
  let answer: ApiAnswer<TokenAnswer> | undefined;
  await waitFor('a token request not answered 503', async () => {
    answer = await call<TokenAnswer>(`${authApi}/v1/auth/token`, { json: { grant_type: 'password', username, password }, token: null });
    return answer.status !== 503;
  }, 30_000).catch(() => undefined);
  if (answer === undefined) throw new Error('no answer to the token request');
  if (answer.status !== 200) throw new Error(`token refused with ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.access_token;
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}
