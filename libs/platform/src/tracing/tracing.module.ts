import { DynamicModule, Global, Module, OnApplicationShutdown, Type } from '@nestjs/common';
import { Tracing } from './tracing';

class TracingShutdown implements OnApplicationShutdown {
  constructor(private readonly tracing: Tracing) {}

  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

/** Makes the app's Tracing injectable everywhere, and exports the buffered spans when the app stops. */
@Global()
@Module({})
class TracingModule {}

@Module({})
class TracedAppModule {}

/** The app's root module beside a global Tracing provider (Tracing.off when the app was given none). */
export function withTracing(appModule: Type<unknown> | DynamicModule, tracing: Tracing = Tracing.off): DynamicModule {
  const tracingModule: DynamicModule = {
    module: TracingModule,
    providers: [{ provide: Tracing, useValue: tracing }, { provide: TracingShutdown, inject: [Tracing], useFactory: (t: Tracing) => new TracingShutdown(t) }],
    exports: [Tracing],
  };
  return { module: TracedAppModule, imports: [appModule, tracingModule] };
}
