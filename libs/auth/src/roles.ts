/** The roles of api.md ("Roles"); `admin` may do everything the others may. */
export const ROLES = ['ingest', 'accountant', 'manager', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
