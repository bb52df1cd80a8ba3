import { bearerTokenOf } from './bearer-token';

describe('bearerTokenOf', () => {
  it('takes the token of a Bearer header, whatever the scheme case', () => {
    expect(bearerTokenOf('Bearer abc.def-_.ghi')).toBe('abc.def-_.ghi');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
  });

  it('has nothing for other schemes, empty tokens or characters outside RFC 6750', () => {
    expect(bearerTokenOf(undefined)).toBeUndefined();
    expect(bearerTokenOf('Basic YTpi')).toBeUndefined();
    expect(bearerTokenOf('Bearer ')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
  });
});
