import { PASSWORD_MAX_LENGTH, passwordPolicyViolations } from './password-policy';

describe('passwordPolicyViolations', () => {
  it('accepts a long enough password that does not contain the username', () => {
    expect(passwordPolicyViolations('correct horse battery', 'alice', 12)).toEqual([]);
  });

  it('counts characters, not bytes, against the minimum length', () => {
    expect(passwordPolicyViolations('åäöåäöåäöåä', 'alice', 12)).toEqual(['must be at least 12 characters long']);
    expect(passwordPolicyViolations('åäöåäöåäöåäö', 'alice', 12)).toEqual([]);
  });

  it('follows the configured minimum', () => {
    expect(passwordPolicyViolations('0123456789abcdef', 'alice', 20)).toEqual(['must be at least 20 characters long']);
  });

  it('refuses a password equal to or containing the username, whatever the case', () => {
    expect(passwordPolicyViolations('alice.anderssons', 'alice.anderssons', 12)).toEqual(['must not contain the username']);
    expect(passwordPolicyViolations('my-ALICE-password-2026', 'alice', 12)).toEqual(['must not contain the username']);
  });

  it('bounds the length so that hashing a request stays cheap', () => {
    expect(passwordPolicyViolations('x'.repeat(PASSWORD_MAX_LENGTH + 1), 'alice', 12)).toEqual([`must be at most ${PASSWORD_MAX_LENGTH} characters long`]);
  });
});
