import { FieldError } from './field-error';

/**
 * Control characters (C0, DEL, C1) and lone surrogates. Free text ends up in records that the fold
 * must store: PostgreSQL, under FerretDB, refuses NUL and ill-formed UTF-16 cannot be written as
 * UTF-8, so such a record would wedge its partition (issue 11). The other control characters have no
 * place in a name, a reason or a reference either, and they forge lines in logs and CSV exports.
 * With the `u` flag a well-formed surrogate pair is one code point, so only a lone half is `\p{Cs}`.
 */
const NOT_FREE_TEXT = /[\p{Cc}\p{Cs}]/u;

export const FREE_TEXT_MESSAGE = 'must not contain control characters or ill-formed Unicode (lone surrogates)';

export function isFreeText(value: string): boolean {
  return !NOT_FREE_TEXT.test(value);
}

/** The error naming `field` when its text cannot be stored, else none. */
export function freeTextErrors(field: string, value: string | undefined): FieldError[] {
  return value === undefined || isFreeText(value) ? [] : [{ field, message: FREE_TEXT_MESSAGE }];
}
