import { randomBytes } from 'node:crypto';
import { ChildApp } from './child-app';

/** An auth-api of the benchmark's own (its identity database and Redis prefix), and an admin's token from it. */
export interface BenchAuthApi {
  app: ChildApp;
  /** The identity database, to drop at the end. */
  database: string;
  adminToken: string;
  /** AUTH_JWKS_URL and AUTH_PRINCIPALS_URL for the apps that verify its tokens. */
  verifierEnv: Record<string, string>;
}

/** The identity database of the run stamped `stamp` (dropped at the end, whether or not the auth-api started). */
export function authDatabaseOf(stamp: string): string {
  return `bench_auth_${stamp}`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 63);
}

export async function startBenchAuthApi(port: number, mongoUri: string, stamp: string): Promise<BenchAuthApi> {
  const admin = { username: 'bench-admin', password: randomBytes(18).toString('base64url') };
  const database = authDatabaseOf(stamp);
  const app = await ChildApp.start(
    'auth-api',
    port,
    {
      MONGODB_URI: mongoUri,
      AUTH_MONGODB_DB: database,
      AUTH_REDIS_KEY_PREFIX: `${database}:`,
      BOOTSTRAP_ADMIN_USERNAME: admin.username,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      // One token for the whole run, which outlasts the default 15 minutes on a busy machine.
      AUTH_TOKEN_TTL_SECONDS: '86400',
    },
    `bench-${stamp}`,
  );
  try {
    await app.waitReady();
    const answer = await fetch(`http://127.0.0.1:${port}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', ...admin }),
    });
    if (answer.status !== 200) throw new Error(`auth-api refused the bench admin: ${answer.status}`);
    const adminToken = ((await answer.json()) as { access_token: string }).access_token;
    return {
      app,
      database,
      adminToken,
      verifierEnv: { AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, AUTH_PRINCIPALS_URL: `http://127.0.0.1:${port}` },
    };
  } catch (error) {
    await app.stop();
    throw error;
  }
}
