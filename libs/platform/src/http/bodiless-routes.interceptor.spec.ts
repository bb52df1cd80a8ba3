import { Body, Controller, Post } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { lastValueFrom, of } from 'rxjs';
import { BodilessRoutesInterceptor, unexpectedBody } from './bodiless-routes.interceptor';
import { ProblemException } from './problem';

@Controller('things')
class ThingsController {
  @Post(':id/disable')
  disable(): string {
    return 'disabled';
  }

  @Post()
  create(@Body() body: unknown): unknown {
    return body;
  }
}

async function run(interceptor: BodilessRoutesInterceptor, handler: 'disable' | 'create', body: unknown): Promise<unknown> {
  const context = new ExecutionContextHost([{ body }, {}, () => undefined], ThingsController, ThingsController.prototype[handler]);
  context.setType('http');
  return lastValueFrom(interceptor.intercept(context, { handle: () => of('handled') }));
}

describe('BodilessRoutesInterceptor', () => {
  const interceptor = new BodilessRoutesInterceptor();

  it.each([[undefined], [{}]])('lets a route without a body parameter take no body (%p)', async (body) => {
    expect(await run(interceptor, 'disable', body)).toBe('handled');
  });

  it('refuses a body with fields on a route without a body parameter, naming each field', async () => {
    const refusal = await run(interceptor, 'disable', { enable: true, alg: 'none' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).problem).toMatchObject({ status: 400, errors: [{ field: 'enable', message: 'unknown field' }, { field: 'alg', message: 'unknown field' }] });
  });

  it('leaves a route with a body parameter to its validation', async () => {
    expect(await run(interceptor, 'create', { anything: 1 })).toBe('handled');
  });

  it.each([[[1]], ['text'], [3]])('names the body itself when it is no object (%p)', (body) => {
    expect(unexpectedBody(body)).toEqual([{ field: 'body', message: 'this route takes no body' }]);
  });
});
