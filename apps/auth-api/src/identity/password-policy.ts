/** Long enough to stop guessing, short enough to bound the work of hashing a request's password. */
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * What is wrong with a password for `username` (empty when it is acceptable): at least
 * `minLength` characters (code points), at most PASSWORD_MAX_LENGTH, and neither equal to nor
 * containing the username, whatever the case.
 */
export function passwordPolicyViolations(password: string, username: string, minLength: number): string[] {
  const violations: string[] = [];
  const length = [...password].length;
  if (length < minLength) violations.push(`must be at least ${minLength} characters long`);
  if (length > PASSWORD_MAX_LENGTH) violations.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  if (username !== '' && password.normalize('NFKC').toLowerCase().includes(username.normalize('NFKC').toLowerCase())) {
    violations.push('must not contain the username');
  }
  return violations;
}
