/** Usernames are case-insensitive: kept and compared in lower case. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{2,63}$/;

export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

export function isUsername(value: unknown): value is string {
  return typeof value === 'string' && USERNAME_PATTERN.test(value);
}
