import { Principal } from '@reimbursements/auth/principal';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { LogEnds } from '@reimbursements/domain/ports/log-ends.port';
import { QueryApiSettings } from '../../query-api.settings';
import { LiveVersion } from '../projection-versions/live-version';
import { SkipRecordHandler } from './skip-record.handler';

describe('SkipRecordHandler', () => {
  const admin = { subject: 'admin' } as Principal;
  // No version folds yet, so no partition is stuck: the handler asks Kafka whether the partition exists.
  const versions = { name: 'read-models', refresh: () => Promise.resolve({ versions: [] }) } as unknown as LiveVersion;
  const settings = { LOG_TOPIC: 'log', CATALOG_TOPIC: 'catalog' } as QueryApiSettings;
  const log = { append: jest.fn() } as unknown as EventLog;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const skip = (ends: Partial<LogEnds>, partition: number) =>
    new SkipRecordHandler(versions, log, ends as LogEnds, settings).skip('read-models', { topic: 'log', partition, offset: 3, reason: 'poison' }, admin, 'c-1');

  it('leaves no timer behind once Kafka answers with the partitions', async () => {
    const ends = { lastOffsets: () => Promise.resolve(new Map([[0, 10]])) };
    await expect(skip(ends, 0)).rejects.toMatchObject({ code: 'PROJECTION.NOT_STUCK' });
    await expect(skip(ends, 4)).rejects.toThrow('Topic log has no partition 4; it has 1 (0 to 0).');
    expect(jest.getTimerCount()).toBe(0);
    expect(log.append).not.toHaveBeenCalled();
  });

  it('answers that the partition is not stuck when Kafka does not answer in time', async () => {
    const answer = skip({ lastOffsets: () => new Promise(() => undefined) }, 4);
    const refused = expect(answer).rejects.toBeInstanceOf(DomainError);
    await jest.advanceTimersByTimeAsync(2000);
    await refused;
    await expect(answer).rejects.toMatchObject({ code: 'PROJECTION.NOT_STUCK' });
  });
});
