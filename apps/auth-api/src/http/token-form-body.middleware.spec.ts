import { malformedFormField } from './token-form-body.middleware';

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
