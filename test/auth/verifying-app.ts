import { AuthVerifierModule } from '@reimbursements/auth/auth-verifier.module';
import { AuthVerifierSettings } from '@reimbursements/auth/auth-verifier.settings';
import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { ProblemDetailsFilter } from '@reimbursements/platform/http/problem-details.filter';
import { Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class ProtectedController {
  @Get('reports')
  @Roles('accountant', 'manager')
  report(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Post('events')
  @Roles('ingest')
  register(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

/**
 * An app like command-api or query-api would be once wired: libs/auth's module and @Roles, nothing
 * else, pointed at a running auth-api through configuration.
 */
export async function startVerifyingApp(environment: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  const settings = validateEnvironment(AuthVerifierSettings, environment);

  @Module({ imports: [AuthVerifierModule.forRoot(settings)], controllers: [ProtectedController] })
  class VerifyingAppModule {}

  const app = await NestFactory.create(VerifyingAppModule, { logger: false });
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}
