import { FieldError } from '@reimbursements/domain/validation/field-error';
import { PASSWORD_MAX_LENGTH } from '../../identity/password-policy';
import { invalidTokenRequest, unsupportedGrantType } from './oauth-problems';

export type TokenRequest =
  | { grant: 'password'; username: string; password: string }
  | { grant: 'client_credentials'; clientId: string; clientSecret: string };

const FIELDS: Record<TokenRequest['grant'], string[]> = {
  password: ['username', 'password'],
  client_credentials: ['client_id', 'client_secret'],
};
/** `scope` is standard in OAuth requests; it is accepted and ignored (roles come from the account). */
const IGNORED = ['grant_type', 'scope'];
const MAX_FIELD_LENGTH = PASSWORD_MAX_LENGTH;

/**
 * The token request from a form or JSON body (RFC 6749 §4.3, §4.4). A client may authenticate
 * with HTTP Basic instead of body fields (§2.3.1), but not with both.
 */
export function parseTokenRequest(body: unknown, authorization: string | undefined): TokenRequest {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const grant = fields.grant_type;
  if (grant === undefined) throw invalidTokenRequest([{ field: 'grant_type', message: 'is required' }]);
  // A parameter sent twice is a malformed request (RFC 6749 §3.2), not a grant type this server lacks.
  if (typeof grant !== 'string') throw invalidTokenRequest([{ field: 'grant_type', message: 'must be a string (given once)' }]);
  if (grant !== 'password' && grant !== 'client_credentials') throw unsupportedGrantType();
  const basic = basicCredentials(authorization);
  const given = basic && grant === 'client_credentials' ? { ...fields, client_id: basic.id, client_secret: basic.secret } : fields;
  const errors: FieldError[] = [];
  if (basic && grant === 'client_credentials' && (fields.client_id !== undefined || fields.client_secret !== undefined)) {
    errors.push({ field: 'client_id', message: 'must be sent either with HTTP Basic or in the body, not both' });
  }
  for (const field of Object.keys(fields)) {
    if (!FIELDS[grant].includes(field) && !IGNORED.includes(field)) errors.push({ field, message: 'unknown field' });
  }
  for (const field of FIELDS[grant]) {
    const value = given[field];
    if (value === undefined || value === '') errors.push({ field, message: 'is required' });
    else if (typeof value !== 'string') errors.push({ field, message: 'must be a string (given once)' });
    else if (value.length > MAX_FIELD_LENGTH) errors.push({ field, message: `must be at most ${MAX_FIELD_LENGTH} characters long` });
  }
  if (fields.scope !== undefined && typeof fields.scope !== 'string') errors.push({ field: 'scope', message: 'must be a string' });
  if (errors.length > 0) throw invalidTokenRequest(errors);
  return grant === 'password'
    ? { grant, username: given.username as string, password: given.password as string }
    : { grant, clientId: given.client_id as string, clientSecret: given.client_secret as string };
}

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before the Basic encoding. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic[ ]+([A-Za-z0-9+/]+=*)$/i.exec(authorization?.trim() ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    return undefined;
  }
}
