import { Body, Controller, Post } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { BodilessRoutesGuard, unexpectedBody } from './bodiless-routes.guard';
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

function run(guard: BodilessRoutesGuard, handler: 'disable' | 'create', body: unknown): boolean {
  const context = new ExecutionContextHost([{ body }, {}, () => undefined], ThingsController, ThingsController.prototype[handler]);
  context.setType('http');
  return guard.canActivate(context);
}

describe('BodilessRoutesGuard', () => {
  const guard = new BodilessRoutesGuard();

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
});
