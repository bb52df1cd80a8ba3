import { Partitioners } from 'kafkajs';
import { PARTITION_MEMO_KEYS, partitionForKey } from './partition-for-key';

/** kafkajs's own choice for a key, given a fresh metadata list of `count` partitions with leaders. */
function kafkajsChoice(key: string, count: number): number {
  const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
  return Partitioners.DefaultPartitioner()({ topic: 't', partitionMetadata, message: { key, value: null } });
}

describe('partitionForKey', () => {
  const keys = ['cg-1', 'cg-00042', 'a', 'caregiver:with.odd_chars-9', 'x'.repeat(64)];

  it.each([1, 3, 6, 12])('chooses as kafkajs does for %i partitions, whichever count was asked before', (count) => {
    for (const key of keys) {
      expect(partitionForKey('log', key, 6)).toBe(kafkajsChoice(key, 6));
      expect(partitionForKey('log', key, count)).toBe(kafkajsChoice(key, count));
    }
  });

  it('chooses as kafkajs does for the same key asked again, for another topic, and after more keys than it remembers', () => {
    const first = keys.map((key) => partitionForKey('log', key, 6));
    for (let i = 0; i <= PARTITION_MEMO_KEYS; i += 1) partitionForKey('log', `filler-${i}`, 6);
    expect(keys.map((key) => partitionForKey('other', key, 6))).toEqual(first);
    expect(keys.map((key) => partitionForKey('log', key, 6))).toEqual(keys.map((key) => kafkajsChoice(key, 6)));
    expect(['filler-0', `filler-${PARTITION_MEMO_KEYS}`].map((key) => partitionForKey('log', key, 6))).toEqual(['filler-0', `filler-${PARTITION_MEMO_KEYS}`].map((key) => kafkajsChoice(key, 6)));
  });

  it('spreads keys over every partition', () => {
    const chosen = new Set(Array.from({ length: 200 }, (_, i) => partitionForKey('log', `cg-${i}`, 6)));
    expect([...chosen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
