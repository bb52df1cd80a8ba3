import { Request, Response } from 'express';
import { contentTypeMiddleware, malformedFormField } from './token-form-body.middleware';

describe('malformedFormField', () => {
  const form = (text: string) => Buffer.from(text, 'latin1');

  it('takes well-formed percent-encoded UTF-8, plus signs and empty fields', () => {
    expect(malformedFormField(form('grant_type=password&username=anna+b&password=%C3%A5%E2%82%AC%F0%9F%98%80&scope='))).toBeUndefined();
    expect(malformedFormField(form(''))).toBeUndefined();
  });

  it.each([
    ['a lone %FF', 'grant_type=password&password=abc%FF', 'password'],
    ['an overlong NUL', 'username=%C0%80&password=x', 'username'],
    ['a cut-off sequence', 'grant_type=password&client_secret=%E2%82', 'client_secret'],
    ['a lone surrogate', 'password=%ED%A0%80', 'password'],
    ['a bad escape in the name itself', 'pass%FFword=x', 'body'],
  ])('names the field holding %s', (_what, text, field) => {
    expect(malformedFormField(form(text))).toBe(field);
  });

  it('names the body when its raw bytes are not UTF-8', () => {
    expect(malformedFormField(Buffer.from([0x70, 0x3d, 0xff]))).toBe('body');
  });
});

describe('contentTypeMiddleware', () => {
  const passes = (path: string, contentType: string) => {
    let passed = false;
    let refused: unknown;
    const response = { locals: {}, status: () => response, set: () => response, send: () => response } as unknown as Response;
    try {
      contentTypeMiddleware('/v1/auth/token')({ path, originalUrl: path, method: 'POST', headers: { 'content-type': contentType, 'content-length': '9' } } as unknown as Request, response, (error?: unknown) => {
        refused = error;
        passed = error === undefined;
      });
    } catch (error) {
      refused = error;
    }
    return passed && refused === undefined;
  };

  it('takes a form on every path Express routes to the token endpoint, a trailing slash and other case included', () => {
    for (const path of ['/v1/auth/token', '/v1/auth/token/', '/V1/Auth/TOKEN']) expect(passes(path, 'application/x-www-form-urlencoded')).toBe(true);
  });

  it('keeps every other path JSON-only', () => {
    expect(passes('/v1/auth/tokens', 'application/x-www-form-urlencoded')).toBe(false);
    expect(passes('/v1/users', 'application/x-www-form-urlencoded')).toBe(false);
  });

  it('tells a token request in another content type what the endpoint takes, and every other route that it takes JSON', () => {
    const detailFor = (path: string) => {
      let sent = '';
      const response = { locals: {}, status: () => response, set: () => response, send: (body: string) => ((sent = body), response) } as unknown as Response;
      contentTypeMiddleware('/v1/auth/token')({ path, originalUrl: path, method: 'POST', headers: { 'content-type': 'text/plain', 'content-length': '9' } } as unknown as Request, response, () => undefined);
      return (JSON.parse(sent) as { status: number; detail: string });
    };
    expect(detailFor('/v1/auth/token/')).toMatchObject({ status: 415, detail: 'Send the token request as application/x-www-form-urlencoded (or application/json).' });
    expect(detailFor('/v1/users')).toMatchObject({ status: 415, detail: 'Send the body as application/json.' });
  });
});
