import { Request, Response } from 'express';
import { jsonContentTypeMiddleware } from './json-content-type.middleware';

/** Whether a POST with a body in `contentType` goes on (true) or is answered 415 (false). */
function takes(contentType: string): boolean {
  let passed = false;
  const response = { locals: {}, status: () => response, set: () => response, send: () => response } as unknown as Response;
  jsonContentTypeMiddleware({ method: 'POST', path: '/v1/events', originalUrl: '/v1/events', headers: { 'content-type': contentType, 'content-length': '2' } } as unknown as Request, response, () => {
    passed = true;
  });
  return passed;
}

describe('the JSON-only rule', () => {
  it('takes application/json and every +json type (RFC 6839), digits and underscores in their names included', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'application/vnd.acme.v2+json', 'application/x_y+json']) {
      expect(takes(type)).toBe(true);
    }
  });

  it('refuses any other type', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'text/json', '']) expect(takes(type)).toBe(false);
  });
});
