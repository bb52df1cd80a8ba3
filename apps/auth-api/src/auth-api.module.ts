import { AccessTokenVerifier } from '@reimbursements/auth/access-token-verifier';
import { BearerAuthGuard } from '@reimbursements/auth/bearer-auth.guard';
import { PrincipalDirectory } from '@reimbursements/auth/principal-directory';
import { createMongoClient } from '@reimbursements/mongo/mongo-settings';
import { HealthController } from '@reimbursements/platform/health/health.controller';
import { ReadinessChecks } from '@reimbursements/platform/health/readiness-check';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { MetricsController } from '@reimbursements/platform/metrics/metrics.controller';
import { logStuckMongoMonitor } from '@reimbursements/platform/logging/mongo-log';
import { createRedis } from '@reimbursements/redis/redis-report-cache';
import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { QuietTerminusModule } from '@reimbursements/platform/health/terminus.module';
import Redis from 'ioredis';
import { JWK } from 'jose';
import { Db, MongoClient } from 'mongodb';
import { AuthApiSettings } from './auth-api.settings';
import { BootstrapAdmin } from './bootstrap/bootstrap-admin';
import { CreateClientHttpController } from './clients/create-client/create-client.http.controller';
import { RevokeClientHttpController } from './clients/revoke-client/revoke-client.http.controller';
import { RotateClientSecretHttpController } from './clients/rotate-client-secret/rotate-client-secret.http.controller';
import { parseJson } from './config/signing-key-setting';
import { SecretHasher } from './hashing/secret-hasher';
import { authApiLogging } from './http/auth-api-logging';
import { JwksHttpController } from './jwks/jwks.http.controller';
import { ConfiguredKeyRing } from './keys/configured-key-ring';
import { KeyRing } from './keys/key-ring';
import { RotateSigningKeyHttpController } from './keys/rotate-signing-key/rotate-signing-key.http.controller';
import { StoredKeyRing } from './keys/stored-key-ring';
import { PrincipalRecords } from './principals/principal-records';
import { PrincipalStatusHttpController } from './principals/principal-status/principal-status.http.controller';
import { StoredPrincipalDirectory } from './principals/stored-principal-directory';
import { MongoClientStore } from './storage/mongo-client-store';
import { MongoSigningKeyStore } from './storage/mongo-signing-key-store';
import { MongoUserStore } from './storage/mongo-user-store';
import { ClientCredentialsGrant } from './tokens/issue-token/client-credentials-grant';
import { IssueTokenHttpController } from './tokens/issue-token/issue-token.http.controller';
import { PasswordGrant } from './tokens/issue-token/password-grant';
import { ThrottledSignIn } from './tokens/issue-token/throttled-sign-in';
import { LoginThrottle } from './tokens/login-throttle';
import { TokenIssuer } from './tokens/token-issuer';
import { CreateUser } from './users/create-user/create-user';
import { CreateUserHttpController } from './users/create-user/create-user.http.controller';
import { DisableUserHttpController } from './users/disable-user/disable-user.http.controller';

class Connections implements OnApplicationShutdown {
  constructor(
    readonly mongo: MongoClient,
    readonly db: Db,
    readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.mongo.close();
    this.redis.disconnect();
  }
}

async function keyRingFor(settings: AuthApiSettings, db: Db): Promise<KeyRing> {
  if (settings.AUTH_SIGNING_KEY_JWK !== undefined) {
    const published = (parseJson(settings.AUTH_PUBLISHED_JWKS) as { keys: JWK[] } | undefined)?.keys ?? [];
    return ConfiguredKeyRing.create(parseJson(settings.AUTH_SIGNING_KEY_JWK) as JWK, settings.AUTH_SIGNING_ALG, published);
  }
  const ring = new StoredKeyRing(new MongoSigningKeyStore(db), {
    alg: settings.AUTH_SIGNING_ALG,
    tokenTtlMs: settings.AUTH_TOKEN_TTL_SECONDS * 1000,
    activationDelayMs: settings.AUTH_KEY_ACTIVATION_DELAY_SECONDS * 1000,
    refreshMs: settings.AUTH_KEY_REFRESH_SECONDS * 1000,
  });
  await ring.initialize();
  return ring;
}

@Module({})
export class AuthApiModule {
  static forRoot(settings: AuthApiSettings): DynamicModule {
    return {
      module: AuthApiModule,
      imports: [QuietTerminusModule, authApiLogging(settings.LOG_LEVEL)],
      controllers: [
        IssueTokenHttpController,
        JwksHttpController,
        CreateUserHttpController,
        DisableUserHttpController,
        CreateClientHttpController,
        RotateClientSecretHttpController,
        RevokeClientHttpController,
        PrincipalStatusHttpController,
        RotateSigningKeyHttpController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: AuthApiSettings, useValue: settings },
        { provide: Metrics, useValue: new Metrics('auth-api') },
        {
          provide: Connections,
          useFactory: async () => {
            const mongo = await createMongoClient({ uri: settings.MONGODB_URI, database: settings.AUTH_MONGODB_DB }, logStuckMongoMonitor).connect();
            const redis = createRedis(settings.REDIS_URL);
            // Errors surface on each command; the listener only keeps them from being unhandled.
            redis.on('error', () => undefined);
            await redis.connect();
            return new Connections(mongo, mongo.db(settings.AUTH_MONGODB_DB), redis);
          },
        },
        { provide: MongoUserStore, inject: [Connections], useFactory: (c: Connections) => new MongoUserStore(c.db) },
        { provide: MongoClientStore, inject: [Connections], useFactory: (c: Connections) => new MongoClientStore(c.db) },
        { provide: KeyRing, inject: [Connections], useFactory: (c: Connections) => keyRingFor(settings, c.db) },
        { provide: SecretHasher, useValue: new SecretHasher(settings.scryptCost()) },
        {
          provide: LoginThrottle,
          inject: [Connections],
          useFactory: (c: Connections) =>
            new LoginThrottle(c.redis, settings.AUTH_REDIS_KEY_PREFIX, {
              perAccount: settings.AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT,
              perAddress: settings.AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS,
              windowSeconds: settings.AUTH_LOGIN_FAILURE_WINDOW_SECONDS,
            }),
        },
        {
          provide: TokenIssuer,
          inject: [KeyRing],
          useFactory: (keys: KeyRing) =>
            new TokenIssuer(keys, { issuer: settings.AUTH_ISSUER, audience: settings.AUTH_AUDIENCE, ttlSeconds: settings.AUTH_TOKEN_TTL_SECONDS }),
        },
        {
          provide: AccessTokenVerifier,
          inject: [KeyRing],
          useFactory: (keys: KeyRing) =>
            new AccessTokenVerifier(keys.verificationKeys(), {
              issuer: settings.AUTH_ISSUER,
              audience: settings.AUTH_AUDIENCE,
              algorithms: [settings.AUTH_SIGNING_ALG],
              clockToleranceSeconds: 5,
              requireAccessTokenType: true,
            }),
        },
        PrincipalRecords,
        { provide: PrincipalDirectory, inject: [PrincipalRecords], useFactory: (records: PrincipalRecords) => new StoredPrincipalDirectory(records) },
        BearerAuthGuard,
        ThrottledSignIn,
        PasswordGrant,
        ClientCredentialsGrant,
        CreateUser,
        BootstrapAdmin,
        {
          provide: ReadinessChecks,
          inject: [Connections],
          useFactory: (c: Connections) =>
            new ReadinessChecks([
              { name: 'mongodb', isReady: async () => (await c.db.command({ ping: 1 })).ok === 1 },
              { name: 'redis', isReady: async () => (await c.redis.ping()) === 'PONG' },
            ]),
        },
      ],
    };
  }
}
