import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { UndeclaredInputGuard, unexpectedBody } from './undeclared-input.guard';
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

  @Get('status')
  status(): string {
    return 'ok';
  }

  @Get()
  list(@Query() query: unknown): unknown {
    return query;
  }
}

function run(guard: UndeclaredInputGuard, handler: 'disable' | 'create' | 'status' | 'list', body: unknown, query: Record<string, string> = {}): boolean {
  const search = new URLSearchParams(query).toString();
  const request = { body, query, originalUrl: `/things${search === '' ? '' : `?${search}`}` };
  const context = new ExecutionContextHost([request, {}, () => undefined], ThingsController, ThingsController.prototype[handler]);
  context.setType('http');
  return guard.canActivate(context);
}

function refusal(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('UndeclaredInputGuard', () => {
  const guard = new UndeclaredInputGuard();

  it.each([[undefined], [{}]])('lets a route without a body parameter take no body (%p)', (body) => {
    expect(run(guard, 'disable', body)).toBe(true);
  });

  it('refuses a body with fields on a route without a body parameter, naming each field', () => {
    let refusal: unknown;
    try {
      run(guard, 'disable', { enable: true, alg: 'none' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).problem).toMatchObject({ status: 400, errors: [{ field: 'enable', message: 'unknown field' }, { field: 'alg', message: 'unknown field' }] });
  });

  it('leaves a route with a body parameter to its validation', () => {
    expect(run(guard, 'create', { anything: 1 })).toBe(true);
  });

  it.each([[[1]], ['text'], [3]])('names the body itself when it is no object (%p)', (body) => {
    expect(unexpectedBody(body)).toEqual([{ field: 'body', message: 'this route takes no body' }]);
  });

  it('refuses query parameters on a route without a query parameter, naming each', () => {
    expect(run(guard, 'status', undefined)).toBe(true);
    const refused = refusal(() => run(guard, 'status', undefined, { x: '1', verbose: 'true' }));
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).problem).toMatchObject({
      status: 400,
      detail: 'This route takes no query parameters.',
      errors: [{ field: 'x', message: 'unknown field' }, { field: 'verbose', message: 'unknown field' }],
    });
    expect(refusal(() => run(guard, 'disable', {}, { enable: 'true' }))).toBeInstanceOf(ProblemException);
  });

  it('leaves a route with a query parameter to its validation', () => {
    expect(run(guard, 'list', undefined, { anything: '1' })).toBe(true);
  });
});
