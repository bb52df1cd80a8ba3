import { RecordRefusedError } from '@reimbursements/domain/errors/record-refused.error';
import { MongoBulkWriteError, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { classifyWriteError } from './store-refusal';

describe('which failed writes are refusals of the data', () => {
  it('takes FerretDB data exceptions and MongoDB refusal codes for refusals, naming the reason without Go source locations', () => {
    const nul = classifyWriteError(
      new MongoServerError({ code: 1, codeName: 'InternalError', errmsg: '[msg_insert.go:168 handler.(*Handler).MsgInsert] ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)' }),
    );
    expect(nul).toBeInstanceOf(RecordRefusedError);
    expect((nul as RecordRefusedError).reason).toBe('InternalError: unsupported Unicode escape sequence (SQLSTATE 22P05)');
    expect(classifyWriteError(new MongoServerError({ code: 10334, codeName: 'BSONObjectTooLarge', errmsg: 'object to insert too large' }))).toBeInstanceOf(RecordRefusedError);
    expect(classifyWriteError(new RangeError('The value of "offset" is out of range.'))).toBeInstanceOf(RecordRefusedError);
  });

  it('leaves outages, timeouts and other server failures as they are: retried, never stuck', () => {
    const errors = [
      new MongoNetworkError('connection reset'),
      new MongoServerSelectionError('Server selection timed out after 30000 ms', { type: 'Unknown', servers: new Map(), stale: false, compatible: true, heartbeatFrequencyMS: 10000, localThresholdMS: 15, setName: null, maxElectionId: null, maxSetVersion: null, commonWireVersion: 0, logicalSessionTimeoutMinutes: null } as never),
      new MongoServerError({ code: 1, codeName: 'InternalError', errmsg: 'ERROR: terminating connection due to administrator command (SQLSTATE 57P01)' }),
      new MongoServerError({ code: 91, codeName: 'ShutdownInProgress', errmsg: 'shutting down' }),
    ];
    for (const error of errors) expect(classifyWriteError(error)).toBe(error);
  });

  it('takes a bulk write for refused when any of its write errors is a refusal, not only its first', () => {
    const bulk = (writeErrors: { index: number; code: number; errmsg: string }[]) =>
      new MongoBulkWriteError({ message: writeErrors[0].errmsg, code: writeErrors[0].code, writeErrors } as never, {} as never);
    const duplicateThenRefused = classifyWriteError(
      bulk([
        { index: 0, code: 11000, errmsg: 'E11000 duplicate key error' },
        { index: 3, code: 121, errmsg: 'Document failed validation' },
      ]),
    );
    expect(duplicateThenRefused).toBeInstanceOf(RecordRefusedError);
    // Named by the refusal's own words, not by the first write error's code name (a duplicate key).
    expect((duplicateThenRefused as RecordRefusedError).reason).toBe('refused: Document failed validation');
    const onlyDuplicates = bulk([{ index: 0, code: 11000, errmsg: 'E11000 duplicate key error' }]);
    expect(classifyWriteError(onlyDuplicates)).toBe(onlyDuplicates);
  });
});
