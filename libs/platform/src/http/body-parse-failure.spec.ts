import { bodyParseProblem, NOT_UTF8, TOO_DEEP } from './body-parse-failure';

describe('bodyParseProblem', () => {
  it.each([
    ['malformed JSON', { type: 'entity.parse.failed', status: 400 }, 400, 'malformed-json'],
    ['a body nested too deeply', { type: TOO_DEEP, status: 400 }, 400, 'malformed-json'],
    ['a body that is not well-formed UTF-8', { type: NOT_UTF8, status: 400 }, 400, 'malformed-json'],
    ['a body too large', { type: 'entity.too.large', status: 413 }, 413, 'payload-too-large'],
    ['too many form fields', { type: 'parameters.too.many', status: 413 }, 413, 'payload-too-large'],
    ['an unknown encoding', { type: 'encoding.unsupported', status: 415 }, 415, 'unsupported-media-type'],
    ['an unknown charset', { type: 'charset.unsupported', status: 415 }, 415, 'unsupported-media-type'],
    ['gzip that is not gzip (zlib: incorrect header check)', { status: 400, message: 'incorrect header check' }, 400, 'malformed-body'],
    ['br that is not br', { status: 400, message: 'Decompression failed' }, 400, 'malformed-body'],
  ])('answers %s with a 4xx problem', (_name, error, status, kind) => {
    const answer = bodyParseProblem(error, 'too large');
    expect(answer).toMatchObject({ status, type: expect.stringMatching(new RegExp(`/${kind}$`)) });
    expect(JSON.stringify(answer)).not.toMatch(/zlib|header check|Decompression/);
  });

  it('leaves a failure that is not the client\'s to the error filter', () => {
    expect(bodyParseProblem({ message: 'socket hang up' }, 'too large')).toBeUndefined();
    expect(bodyParseProblem({ status: 500 }, 'too large')).toBeUndefined();
  });
});
