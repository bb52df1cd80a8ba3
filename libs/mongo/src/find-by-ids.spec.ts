import { Collection } from 'mongodb';
import { lookupEachId } from './find-by-ids';

interface Doc {
  _id: string;
}

/** A collection whose lookups answer after the delay their id names, counting how many run at once. */
function slowCollection(present: Set<string>, failing = new Set<string>()) {
  const seen = { running: 0, most: 0, started: [] as string[], events: [] as string[] };
  const findOne = ({ _id }: { _id: string }) => {
    seen.running += 1;
    seen.most = Math.max(seen.most, seen.running);
    seen.started.push(_id);
    seen.events.push(`start ${_id}`);
    return new Promise<Doc | null>((resolve, reject) =>
      setTimeout(
        () => {
          seen.running -= 1;
          seen.events.push(`end ${_id}`);
          if (failing.has(_id)) reject(new Error(`lookup of ${_id} failed`));
          else resolve(present.has(_id) ? { _id } : null);
        },
        Number(_id.split('-')[1]),
      ),
    );
  };
  return { collection: { findOne } as unknown as Collection<Doc>, seen };
}

async function all(source: AsyncIterable<Doc>): Promise<string[]> {
  const ids: string[] = [];
  for await (const doc of source) ids.push(doc._id);
  return ids;
}

describe('lookupEachId', () => {
  it("answers in the ids' order, missing ones left out, never more than inFlight lookups at once", async () => {
    const ids = ['a-30', 'b-1', 'c-1', 'd-1', 'e-20', 'f-1', 'g-1'];
    const { collection, seen } = slowCollection(new Set(['a-30', 'c-1', 'e-20', 'g-1']));
    expect(await all(lookupEachId(collection, ids, {}, 3))).toEqual(['a-30', 'c-1', 'e-20', 'g-1']);
    expect(seen.most).toBe(3);
    expect(seen.started).toEqual(ids);
  });

  it('starts the next lookup as soon as the oldest is taken, not when a whole batch is answered', async () => {
    const { collection, seen } = slowCollection(new Set(['a-1', 'b-30', 'c-1']));
    expect(await all(lookupEachId(collection, ['a-1', 'b-30', 'c-1'], {}, 2))).toEqual(['a-1', 'b-30', 'c-1']);
    expect(seen.events).toEqual(['start a-1', 'start b-30', 'end a-1', 'start c-1', 'end c-1', 'end b-30']);
  });

  it('throws the failure of a lookup in its turn, and a later failure meanwhile goes unreported rather than unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { collection } = slowCollection(new Set(['a-20', 'b-1']), new Set(['b-1', 'c-1']));
      await expect(all(lookupEachId(collection, ['a-20', 'b-1', 'c-1'], {}, 3))).rejects.toThrow('lookup of b-1 failed');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
