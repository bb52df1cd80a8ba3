import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';
import { sendProblem } from './send-problem';

type Schema = Record<string, unknown>;
type Operation = {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
  security?: unknown[];
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** RFC 9457 problem details, as every 4xx and 5xx of every API answers them (problem.ts). */
export const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'A stable URI per kind of problem: clients may branch on it' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The path of the request' },
    errors: {
      type: 'array',
      description: 'For invalid input: each offending field',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'events[3].occurredAt' }, message: { type: 'string' } },
      },
    },
  },
};

/** The answers any operation may give, whatever its own decorators say (api.md "Conventions"). */
const COMMON_ANSWERS: Record<string, { description: string; applies: (operation: Operation) => boolean }> = {
  '400': {
    // A route that takes no query or no body refuses any it is sent (UndeclaredInputGuard): every operation can.
    description: 'Malformed or invalid input, a query parameter or body field the operation does not take included: the problem names each offending field',
    applies: () => true,
  },
  '413': { description: 'The body is larger than the limit (1 MiB)', applies: (operation) => operation.requestBody !== undefined },
  '415': { description: 'The body is not in a content type this operation takes', applies: (operation) => operation.requestBody !== undefined },
  '503': {
    description: 'A server this request needs did not answer (Retry-After). A write may or may not have happened: retry with the same ids.',
    applies: () => true,
  },
};

/**
 * Serves the app's OpenAPI document at /docs and /docs-json, completed with what holds for every
 * operation and so is said here once rather than on each handler:
 * - every 4xx and 5xx answer is `application/problem+json` with the problem schema;
 * - the answers any operation may give (400, 413, 415, 503) are listed where they apply;
 * - request bodies refuse unknown fields (`additionalProperties: false`), as the validation pipe does;
 * - header parameters that OpenAPI ignores (`Accept`, `Content-Type`, `Authorization`) are dropped;
 * and answers a method a documented path does not take with 405 and `Allow` (not a bare 404).
 */
export function mountOpenApi(app: INestApplication, { title, description }: { title: string; description: string }): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = completeDocument(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  app.use(methodNotAllowedMiddleware(document, UNDOCUMENTED_READS));
  return document;
}

export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = { ...schemas, Problem: PROBLEM_SCHEMA };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = (pathItem as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      operation.parameters = operation.parameters?.filter((p) => !(p.in === 'header' && /^(accept|content-type|authorization)$/i.test(p.name)));
      for (const [status, answer] of Object.entries(COMMON_ANSWERS)) {
        if (answer.applies(operation)) operation.responses[status] ??= { description: answer.description };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) response.content = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } };
      }
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        if (media.schema) closeObjects(media.schema, document.components.schemas as Record<string, Schema>, new Set());
      }
    }
  }
  return document;
}

/** Marks every object schema reachable from `schema` as refusing properties it does not name. */
function closeObjects(schema: Schema, components: Record<string, Schema>, seen: Set<Schema>): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = components[ref.replace('#/components/schemas/', '')];
    if (target) closeObjects(target, components, seen);
    return;
  }
  if (schema.type === 'object' || schema.properties) schema.additionalProperties ??= false;
  for (const property of Object.values((schema.properties ?? {}) as Record<string, Schema>)) closeObjects(property, components, seen);
  if (schema.items) closeObjects(schema.items as Schema, components, seen);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    for (const part of (schema[key] ?? []) as Schema[]) closeObjects(part, components, seen);
  }
}

/** Paths every API serves outside its OpenAPI document, each read only (GET and HEAD). */
export const UNDOCUMENTED_READS = ['/health/live', '/health/ready', '/metrics', '/docs', '/docs-json'];

/** 405 with `Allow` for a documented path, or one of `reads`, asked with another method (RFC 9110 §15.5.6). */
export function methodNotAllowedMiddleware(document: OpenAPIObject, reads: string[] = []) {
  const paths: [string, unknown][] = [...Object.entries(document.paths), ...reads.map((path): [string, unknown] => [path, { get: {} }])];
  const routes = paths.map(([path, item]) => {
    const methods = METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => m.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    // Case-insensitive, as Express routes: `GET /v1/EVENTS` reaches the POST-only route's path too.
    const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i');
    return { pattern, methods };
  });
  return (request: Request, response: Response, next: NextFunction): void => {
    const route = routes.find((r) => r.pattern.test(request.path));
    if (!route || route.methods.includes(request.method)) {
      next();
      return;
    }
    const allow = route.methods.join(', ');
    sendProblem(request, response, problem('method-not-allowed', 405, 'Method not allowed', `This resource takes ${allow}.`), { Allow: allow });
  };
}
