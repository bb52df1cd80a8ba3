import { FieldError } from '@reimbursements/domain/validation/field-error';
import { CanActivate, ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Request } from 'express';
import { problem, ProblemException } from './problem';

interface DeclaredInput {
  body: boolean;
  query: boolean;
}

/**
 * A route that declares no body refuses a body that holds anything, and one that declares no query
 * refuses query parameters, as a route with a body or a query refuses its unknown fields: an action
 * such as a rebuild, a key rotation or a disable would otherwise run and ignore what the client
 * meant by `{"enable": true}` or `?dryRun=true`. An empty object, which clients send for "nothing",
 * is taken. A guard, not an interceptor: any interceptor makes Nest run every request's handler
 * through an rxjs chain, which cost the command-api about 80 µs of CPU per request (bench:ingest,
 * 0.22 against 0.30 ms). Which routes are open to whom is not its business: it lets every request
 * without a body or a query through, and refuses one the route cannot take, whoever sends it (the
 * OpenAPI document, served to anyone, says as much).
 */
export class UndeclaredInputGuard implements CanActivate {
  private readonly declared = new WeakMap<object, DeclaredInput>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const declared = this.declaredInput(context);
    if (declared.body && declared.query) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const body = declared.body ? [] : unexpectedBody(request.body);
    if (body.length > 0) throw new ProblemException(problem('invalid-input', 400, 'Invalid input', 'This route takes no body.', body));
    // Most requests carry no query string: the parse is skipped for them.
    const query = declared.query || !request.originalUrl.includes('?') ? [] : unexpectedQuery(request.query);
    if (query.length > 0) throw new ProblemException(problem('invalid-input', 400, 'Invalid input', 'This route takes no query parameters.', query));
    return true;
  }

  private declaredInput(context: ExecutionContext): DeclaredInput {
    const handler = context.getHandler();
    let declared = this.declared.get(handler);
    if (declared === undefined) {
      const parameters = Object.keys((Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>);
      declared = {
        body: parameters.some((key) => key.startsWith(`${RouteParamtypes.BODY}:`)),
        query: parameters.some((key) => key.startsWith(`${RouteParamtypes.QUERY}:`)),
      };
      this.declared.set(handler, declared);
    }
    return declared;
  }
}

/** What a body holds that a route without one cannot take: each field of an object, or the body itself. */
export function unexpectedBody(body: unknown): FieldError[] {
  if (body === undefined || body === null) return [];
  if (typeof body === 'object' && !Array.isArray(body)) return Object.keys(body).map((field) => ({ field, message: 'unknown field' }));
  return [{ field: 'body', message: 'this route takes no body' }];
}

/** Each parameter of a query that a route without one cannot take (named as the routes with a query name their unknown fields). */
export function unexpectedQuery(query: Record<string, unknown> | undefined): FieldError[] {
  return Object.keys(query ?? {}).map((field) => ({ field, message: 'unknown field' }));
}
