import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { PositionNotReachedError } from '@reimbursements/domain/errors/position-not-reached.error';
import { LogEnds } from '@reimbursements/domain/ports/log-ends.port';
import { LogPartitions } from '@reimbursements/domain/ports/log-partitions.port';
import { encodePosition, LogPosition } from '@reimbursements/domain/position/log-position';
import { PartitionCounts } from '@reimbursements/domain/position/unknown-partitions';
import { QueryApiSettings } from '../query-api.settings';
import { AppliedPositions } from './applied-positions';
import { ReadYourWrites } from './read-your-writes';

describe('ReadYourWrites', () => {
  const settings = Object.assign(new QueryApiSettings(), { READ_YOUR_WRITES_TIMEOUT_MS: 200 });
  const topic = settings.LOG_TOPIC;

  const state = (position: LogPosition) => ({ position, monthWrites: {} });

  function subject(applied: LogPosition, counts: PartitionCounts, lastOffsets: Record<string, number[]> = { [topic]: [100, 100, 100, 100, 100, 100] }) {
    const positions = { current: jest.fn(async () => state(applied)), refresh: jest.fn(async () => state(applied)) };
    const partitions = { record: jest.fn(), counts: jest.fn(async () => counts) };
    const ends = { lastOffsets: jest.fn(async (name: string) => new Map((lastOffsets[name] ?? []).map((offset, partition) => [partition, offset]))) };
    const ryw = new ReadYourWrites(positions as unknown as AppliedPositions, partitions as unknown as LogPartitions, ends as LogEnds, settings);
    return { ryw, positions, partitions, ends };
  }

  it('answers the known applied position without any read when none is asked for or it is reached', async () => {
    const applied = { [`${topic}:0`]: 5, [`${topic}:1`]: 2 };
    const { ryw, positions, partitions } = subject(applied, { [topic]: 6 });
    await expect(ryw.waitFor(undefined)).resolves.toEqual(state(applied));
    await expect(ryw.waitFor(encodePosition({ [`${topic}:0`]: 4 }))).resolves.toEqual(state(applied));
    expect(positions.refresh).not.toHaveBeenCalled();
    expect(partitions.counts).not.toHaveBeenCalled();
  });

  it('refuses at once a position naming partitions the log does not have, even at offset -1', async () => {
    const { ryw, positions } = subject({ [`${topic}:0`]: 5 }, { [topic]: 6 });
    for (const forged of [{ [`${topic}:0`]: -1, [`${topic}:7`]: -1 }, { [`${topic}:9`]: 3 }, { 'other-topic:0': -1 }]) {
      await expect(ryw.waitFor(encodePosition(forged))).rejects.toBeInstanceOf(DomainError);
    }
    expect(positions.refresh).not.toHaveBeenCalled();
  });

  it('waits, reading the applied position again, for a position on a partition that exists', async () => {
    const { ryw, positions } = subject({ [`${topic}:0`]: 5 }, { [topic]: 6 });
    let reads = 0;
    positions.refresh.mockImplementation(async () => state({ [`${topic}:0`]: 5, [`${topic}:3`]: ++reads >= 2 ? 1 : -1 }));
    await expect(ryw.waitFor(encodePosition({ [`${topic}:3`]: 1 }))).resolves.toEqual(state({ [`${topic}:0`]: 5, [`${topic}:3`]: 1 }));
    expect(reads).toBe(2);
  });

  it('refuses a position past the end of a partition as soon as the broker says so, before the timeout, naming it', async () => {
    const { ryw, ends } = subject({ [`${topic}:0`]: 5 }, { [topic]: 6 }, { [topic]: [5, 9, 0, 0, 0, 0] });
    const startedAt = Date.now();
    const refusal = await ryw.waitFor(encodePosition({ [`${topic}:0`]: 5, [`${topic}:1`]: 10 })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).errors).toEqual([{ field: 'minPosition', message: `lies past the end of the log at ${topic}:1` }]);
    expect(Date.now() - startedAt).toBeLessThan(settings.READ_YOUR_WRITES_TIMEOUT_MS);
    expect(ends.lastOffsets).toHaveBeenCalledWith(topic);
  });

  it('waits until the timeout for a position within the log that is not applied yet, and when the broker cannot say', async () => {
    const within = subject({ [`${topic}:0`]: 5 }, { [topic]: 6 }, { [topic]: [9, 9, 9, 9, 9, 9] });
    await expect(within.ryw.waitFor(encodePosition({ [`${topic}:0`]: 9 }))).rejects.toBeInstanceOf(PositionNotReachedError);
    const brokerDown = subject({ [`${topic}:0`]: 5 }, { [topic]: 6 });
    brokerDown.ends.lastOffsets.mockRejectedValue(new Error('connection refused'));
    await expect(brokerDown.ryw.waitFor(encodePosition({ [`${topic}:0`]: 1_000_000 }))).rejects.toBeInstanceOf(PositionNotReachedError);
  });

  it('asks the broker again only for a position past the ends it has seen', async () => {
    const { ryw, ends } = subject({ [`${topic}:0`]: 5 }, { [topic]: 6 }, { [topic]: [9, 9, 9, 9, 9, 9] });
    await expect(ryw.waitFor(encodePosition({ [`${topic}:0`]: 9 }))).rejects.toBeInstanceOf(PositionNotReachedError);
    await expect(ryw.waitFor(encodePosition({ [`${topic}:0`]: 8 }))).rejects.toBeInstanceOf(PositionNotReachedError);
    expect(ends.lastOffsets).toHaveBeenCalledTimes(1);
    await expect(ryw.waitFor(encodePosition({ [`${topic}:0`]: 10 }))).rejects.toBeInstanceOf(DomainError);
    expect(ends.lastOffsets).toHaveBeenCalledTimes(2);
  });
});
