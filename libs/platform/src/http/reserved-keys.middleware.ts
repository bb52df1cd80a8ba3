import { FieldError } from '@reimbursements/domain/validation/field-error';
import { NextFunction, Request, Response } from 'express';
import { problem } from './problem';
import { sendProblem } from './send-problem';

/**
 * Keys that name an object's prototype machinery. JSON.parse keeps them as ordinary keys, but
 * class-transformer skips them when it builds a DTO, so the validator never sees them and the
 * unknown-field rule (api.md) would silently let them through instead of refusing them.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The paths of every reserved key in a parsed body or query, as the validator would name them. */
export function reservedKeyPaths(value: unknown, path = ''): string[] {
  const found: string[] = [];
  collectReservedKeyPaths(value, path, found);
  return found;
}

/**
 * Names only what holds keys: a report's body may list 10 000 caregiver ids, and a path string
 * and an array made for each of them cost the event loop about a millisecond per request.
 */
function collectReservedKeyPaths(value: unknown, path: string, found: string[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      if (typeof item === 'object' && item !== null) collectReservedKeyPaths(item, `${path}[${index}]`, found);
    });
    return;
  }
  for (const key of Object.keys(value)) {
    const field = path === '' ? key : `${path}.${key}`;
    if (RESERVED_KEYS.has(key)) found.push(field);
    else collectReservedKeyPaths((value as Record<string, unknown>)[key], field, found);
  }
}

/** The field errors of reserved keys, as for any unknown field. */
export function reservedKeyErrors(paths: string[]): FieldError[] {
  return paths.map((field) => ({ field, message: 'unknown field' }));
}

/**
 * Refuses a body or query string holding a reserved key with the same 400 as any unknown field,
 * except inside the items of a body array that its route judges one by one (`itemized`: the POST
 * path and the array's field, a batch's `events`): that route refuses the item alone, so one bad
 * item does not refuse the others.
 */
export function reservedKeysMiddlewareFor(itemized: Readonly<Record<string, string>>) {
  const itemsAt = new Map(Object.entries(itemized).map(([path, field]) => [path.toLowerCase(), `${field}[`]));
  return (request: Request, response: Response, next: NextFunction): void => {
    // Express routes `/V1/Events/Batch/` there too (case-insensitive, a trailing slash allowed).
    const items = request.method === 'POST' ? itemsAt.get(request.path.replace(/\/$/, '').toLowerCase()) : undefined;
    const fields = [...reservedKeyPaths(request.body).filter((path) => items === undefined || !path.startsWith(items)), ...reservedKeyPaths(request.query)];
    if (fields.length === 0) {
      next();
      return;
    }
    sendProblem(request, response, problem('invalid-input', 400, 'Invalid input', 'Some fields are not valid.', reservedKeyErrors(fields)));
  };
}

export const reservedKeysMiddleware = reservedKeysMiddlewareFor({});
