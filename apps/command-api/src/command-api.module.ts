import { ApiAccessModule } from '@reimbursements/auth/api-access.module';
import { AuthVerifierSettings } from '@reimbursements/auth/auth-verifier.settings';
import { RateLimitSettings } from '@reimbursements/auth/rate-limit.settings';
import { HealthController } from '@reimbursements/platform/health/health.controller';
import { structuredLogging } from '@reimbursements/platform/logging/logger.module';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { MetricsController } from '@reimbursements/platform/metrics/metrics.controller';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { QuietTerminusModule } from '@reimbursements/platform/health/terminus.module';
import { CommandApiSettings } from './command-api.settings';
import { DefineEventTypeHandler } from './event-types/define-event-type/define-event-type.handler';
import { DefineEventTypeHttpController } from './event-types/define-event-type/define-event-type.http.controller';
import { ScheduleRateHandler } from './event-types/schedule-rate/schedule-rate.handler';
import { ScheduleRateHttpController } from './event-types/schedule-rate/schedule-rate.http.controller';
import { RegisterEventBatchHandler } from './events/register-event-batch/register-event-batch.handler';
import { RegisterEventBatchHttpController } from './events/register-event-batch/register-event-batch.http.controller';
import { RegisterEventHandler } from './events/register-event/register-event.handler';
import { RegisterEventHttpController } from './events/register-event/register-event.http.controller';
import { VoidEventHandler } from './events/void-event/void-event.handler';
import { VoidEventHttpController } from './events/void-event/void-event.http.controller';
import { logProviders } from './log.providers';
import { recentEventIdsProviders } from './recent-event-ids.providers';
import { RequestReimbursementHandler } from './reimbursements/request-reimbursement/request-reimbursement.handler';
import { RequestReimbursementHttpController } from './reimbursements/request-reimbursement/request-reimbursement.http.controller';

export const commandHandlers = [
  RegisterEventHandler,
  RegisterEventBatchHandler,
  VoidEventHandler,
  RequestReimbursementHandler,
  DefineEventTypeHandler,
  ScheduleRateHandler,
];

@Module({})
export class CommandApiModule {
  static forRoot(settings: CommandApiSettings, verifier: AuthVerifierSettings, rateLimits: RateLimitSettings): DynamicModule {
    return {
      module: CommandApiModule,
      imports: [
        CqrsModule.forRoot(),
        QuietTerminusModule,
        structuredLogging('command-api', settings.LOG_LEVEL),
        ApiAccessModule.forRoot({ app: 'command-api', verifier, rateLimits, redisUrl: settings.REDIS_URL }),
      ],
      controllers: [
        RegisterEventBatchHttpController,
        RegisterEventHttpController,
        VoidEventHttpController,
        RequestReimbursementHttpController,
        DefineEventTypeHttpController,
        ScheduleRateHttpController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: CommandApiSettings, useValue: settings },
        { provide: Metrics, useValue: new Metrics('command-api') },
        ...logProviders,
        ...recentEventIdsProviders,
        ...commandHandlers,
      ],
    };
  }
}
