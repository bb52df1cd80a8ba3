import { RecordRefusedError } from '@reimbursements/domain/errors/record-refused.error';
import { MongoBulkWriteError, MongoInvalidArgumentError, MongoServerError } from 'mongodb';

/**
 * Server codes that refuse a write for what the document holds: the same write fails the same way
 * every time. BadValue, Overflow, DocumentValidationFailure, BSONObjectTooLarge, KeyTooLong, and
 * a document grown over the limit by an update.
 */
const REFUSING_CODES = new Set([2, 15, 121, 10334, 17280, 17419]);
/**
 * FerretDB on PostgreSQL answers InternalError for everything and names the SQLSTATE: class 22 (data
 * exception, e.g. 22P05 for a NUL character) and 54 (program limit exceeded) are refusals of the
 * data; anything else (a lost connection, a timeout, a full pool) may pass on a retry.
 */
const REFUSING_SQLSTATE = /SQLSTATE (22|54)[0-9A-Z]{3}/;

/** The error to throw for a failed write: RecordRefusedError when the store refused the data, else the error itself. */
export function classifyWriteError(error: unknown): unknown {
  if (error instanceof RecordRefusedError) return error;
  if (error instanceof MongoBulkWriteError) {
    // The error's own code is its first write error's: an unordered write whose first error is a
    // duplicate (a replay) and a later one a refusal would pass for an outage, retried forever.
    const refusal = [error.writeErrors].flat().find((e) => REFUSING_CODES.has(Number(e.code)) || REFUSING_SQLSTATE.test(String(e.errmsg)));
    // Not the error's codeName: that is its first write error's (a duplicate key, say).
    if (refusal) return new RecordRefusedError(readable(undefined, String(refusal.errmsg)), error);
  }
  if (error instanceof MongoServerError) {
    const message = String(error.errmsg ?? error.message);
    if (REFUSING_CODES.has(Number(error.code)) || REFUSING_SQLSTATE.test(message)) return new RecordRefusedError(readable(error.codeName, message), error);
    return error;
  }
  // The driver refuses a document over the size limit before sending it (an argument error, or a
  // serializer's range error): the same document is refused every time.
  if (error instanceof MongoInvalidArgumentError || error instanceof RangeError || (error instanceof Error && error.name === 'BSONError')) {
    return new RecordRefusedError(`the document cannot be written: ${error.message}`, error);
  }
  return error;
}

/** Runs a write, turning the store's refusals of the data into RecordRefusedError. */
export async function refusalsClassified<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw classifyWriteError(error);
  }
}

/** The server's words without FerretDB's Go source locations. */
function readable(codeName: string | undefined, message: string): string {
  const stated = message.includes('ERROR: ') ? message.slice(message.indexOf('ERROR: ') + 'ERROR: '.length) : message;
  return `${codeName ?? 'refused'}: ${stated}`.slice(0, 500);
}
