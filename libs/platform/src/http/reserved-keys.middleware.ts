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
  if (Array.isArray(value)) return value.flatMap((item, index) => reservedKeyPaths(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => {
    const field = path === '' ? key : `${path}.${key}`;
    return RESERVED_KEYS.has(key) ? [field] : reservedKeyPaths((value as Record<string, unknown>)[key], field);
  });
}

/** Refuses a body or query string holding a reserved key with the same 400 as any unknown field. */
export function reservedKeysMiddleware(request: Request, response: Response, next: NextFunction): void {
  const fields = [...reservedKeyPaths(request.body), ...reservedKeyPaths(request.query)];
  if (fields.length === 0) {
    next();
    return;
  }
  const errors: FieldError[] = fields.map((field) => ({ field, message: 'unknown field' }));
  sendProblem(request, response, problem('invalid-input', 400, 'Invalid input', 'Some fields are not valid.', errors));
}
