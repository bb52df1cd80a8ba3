import { DynamicModule, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { FailOpenThrottlerStorage } from '@reimbursements/platform/rate-limit/fail-open-throttler-storage';
import { createRedis } from '@reimbursements/redis/redis-report-cache';
import Redis from 'ioredis';
import { ApiAccessGuard } from './api-access.guard';
import { AuthenticatedRequest } from './authenticated-request';
import { AuthVerifierModule } from './auth-verifier.module';
import { AuthVerifierSettings } from './auth-verifier.settings';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';
import { RateLimitCharges } from './rate-limit-charges';
import { RateLimitSettings } from './rate-limit.settings';
import { rateLimitKey, rateLimitTracker } from './rate-limit-tracker';

export interface ApiAccessOptions {
  /** Names the app's own counters: a principal's budget is per app, shared by its instances. */
  app: string;
  verifier: AuthVerifierSettings;
  rateLimits: RateLimitSettings;
  redisUrl: string;
}

const logger = new Logger('RateLimit');

/** The counters' connection: keeps reconnecting in the background; until then requests pass uncounted. */
class RateLimitConnection implements OnModuleInit, OnApplicationShutdown {
  constructor(readonly redis: Redis) {}

  async onModuleInit(): Promise<void> {
    this.redis.on('error', () => undefined);
    await this.redis.connect().catch((error: Error) => logger.warn({ reason: error.message }, 'Redis not reachable; requests pass uncounted'));
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/**
 * Access to an API's routes: tokens verified with libs/auth, principals' rate limits counted in
 * Redis with @nestjs/throttler, both applied by one global guard (ApiAccessGuard). Mark open
 * routes with @OpenRoute and the others with @Roles; @CountedAtClaim leaves a route's count to its
 * eventId claim.
 */
@Module({})
export class ApiAccessModule {
  static forRoot({ app, verifier, rateLimits, redisUrl }: ApiAccessOptions): DynamicModule {
    const redis = createRedis(redisUrl);
    const counters = new FailOpenThrottlerStorage(new ThrottlerStorageRedisService(redis));
    return {
      module: ApiAccessModule,
      imports: [
        AuthVerifierModule.forRoot(verifier),
        ThrottlerModule.forRoot({
          storage: counters,
          throttlers: [
            {
              name: 'default',
              ttl: rateLimits.RATE_LIMIT_WINDOW_SECONDS * 1000,
              limit: (context) => rateLimits.limitFor(context.switchToHttp().getRequest<Partial<AuthenticatedRequest>>().principal?.roles),
              getTracker: (request) => rateLimitTracker(request),
              generateKey: (_context, tracker) => rateLimitKey(rateLimits.RATE_LIMIT_KEY_PREFIX, app, tracker),
            },
          ],
        }),
      ],
      providers: [
        { provide: RateLimitConnection, useValue: new RateLimitConnection(redis) },
        PrincipalThrottlerGuard,
        { provide: RateLimitCharges, useValue: new RateLimitCharges(app, rateLimits, counters) },
        { provide: APP_GUARD, useClass: ApiAccessGuard },
      ],
    };
  }
}
