import { OpenAPIObject } from '@nestjs/swagger';
import { Request } from 'express';
import { Answered, recordingResponse } from '../testing/recording-response';
import { completeDocument, methodNotAllowedMiddleware } from './open-api';

function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/v1/things': {
        post: {
          parameters: [{ in: 'header', name: 'accept', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingRequest' } } } },
          responses: { '202': { description: 'ok' }, '409': { description: 'taken' } },
        },
      },
      '/v1/things/{id}': { get: { parameters: [{ in: 'path', name: 'id', required: true }], responses: { '200': { description: 'ok' } } } },
      '/v1/status': { get: { responses: { '200': { description: 'ok' } } } },
    },
    components: {
      schemas: {
        ThingRequest: { type: 'object', properties: { part: { $ref: '#/components/schemas/Part' } } },
        Part: { type: 'object', properties: { n: { type: 'integer' } } },
        ThingResponse: { type: 'object', properties: { n: { type: 'integer' } } },
      },
    },
  } as OpenAPIObject;
}

describe('the OpenAPI document every API serves', () => {
  const completed = completeDocument(document());
  const post = completed.paths['/v1/things'].post!;

  it('answers every 4xx and 5xx with the problem schema, adding the answers any operation may give', () => {
    expect(Object.keys(post.responses).sort()).toEqual(['202', '400', '409', '413', '415', '503']);
    for (const status of ['400', '409', '413', '415', '503']) {
      expect(post.responses[status]).toMatchObject({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
    }
    expect(post.responses['202']).toEqual({ description: 'ok' });
    expect(Object.keys(completed.paths['/v1/things/{id}'].get!.responses).sort()).toEqual(['200', '400', '503']);
    // No parameters, no body: it still refuses a query parameter it is sent, with a 400.
    expect(Object.keys(completed.paths['/v1/status'].get!.responses).sort()).toEqual(['200', '400', '503']);
  });

  it('refuses unknown fields in request bodies, down to nested objects, and leaves responses open', () => {
    const schemas = completed.components!.schemas as Record<string, { additionalProperties?: boolean }>;
    expect(schemas.ThingRequest.additionalProperties).toBe(false);
    expect(schemas.Part.additionalProperties).toBe(false);
    expect(schemas.ThingResponse.additionalProperties).toBeUndefined();
  });

  it('drops the header parameters OpenAPI ignores', () => {
    expect(post.parameters).toEqual([]);
  });

  it('answers a method a documented path does not take with 405 and Allow, and lets others through', () => {
    const middleware = methodNotAllowedMiddleware(completed);
    const sent: Answered = { headers: {} };
    const response = recordingResponse(sent);
    const next = jest.fn();
    middleware({ method: 'DELETE', path: '/v1/things/42', originalUrl: '/v1/things/42' } as Request, response, next);
    expect(sent).toMatchObject({ status: 405, headers: { Allow: 'GET, HEAD', 'Content-Type': 'application/problem+json' } });
    expect(JSON.parse(sent.body!)).toMatchObject({ status: 405, type: expect.stringMatching(/method-not-allowed$/) });
    middleware({ method: 'HEAD', path: '/v1/things/42', originalUrl: '/v1/things/42' } as Request, response, next);
    middleware({ method: 'DELETE', path: '/v1/other', originalUrl: '/v1/other' } as Request, response, next);
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('answers 405 on a path in other letter case too, as Express routes it there', () => {
    const middleware = methodNotAllowedMiddleware(completed);
    const sent: Answered = { headers: {} };
    const response = recordingResponse(sent);
    const next = jest.fn();
    middleware({ method: 'DELETE', path: '/V1/Things/42/', originalUrl: '/V1/Things/42/' } as Request, response, next);
    expect(sent.status).toBe(405);
    expect(next).not.toHaveBeenCalled();
  });

  it('answers another method than GET on a path served outside the document (health, metrics, docs) with 405 and Allow', () => {
    const middleware = methodNotAllowedMiddleware(completed, ['/health/live']);
    const sent: Answered = { headers: {} };
    const response = recordingResponse(sent);
    const next = jest.fn();
    middleware({ method: 'POST', path: '/health/live', originalUrl: '/health/live' } as Request, response, next);
    expect(sent).toMatchObject({ status: 405, headers: { Allow: 'GET, HEAD' } });
    middleware({ method: 'GET', path: '/health/live', originalUrl: '/health/live' } as Request, response, next);
    expect(next).toHaveBeenCalledTimes(1);
  });
});
