import { Collection, Document, Filter, WithId } from 'mongodb';

/**
 * How documents named by `_id` are read. `id-lookups`: one `findOne({_id})` per id, a few at a
 * time: the only lookup FerretDB 1.24 answers from an index (it filters `$in` in Go after reading
 * the whole collection: 3 ids among 240,000 ledger documents took 22 s here, as lookups 16 ms).
 * `in`: `{_id: {$in: [...]}}`, real MongoDB's best plan (one IXSCAN of the `_id` index).
 */
export type IdQueryShape = 'id-lookups' | 'in';

export const ID_QUERY_SHAPES: IdQueryShape[] = ['id-lookups', 'in'];

const LOOKUPS_IN_FLIGHT = 16;

/**
 * The documents with these ids, in the ids' order (missing ones left out), by `findOne` lookups,
 * `inFlight` at a time: a window that starts the next lookup as the oldest is taken, so one slow
 * answer does not idle the others as a batch of `inFlight` waiting for its slowest would.
 */
export async function* lookupEachId<T extends Document & { _id: string }>(collection: Collection<T>, ids: readonly string[], projection: Document, inFlight = LOOKUPS_IN_FLIGHT): AsyncIterable<WithId<T>> {
  const window: Promise<WithId<T> | null>[] = [];
  let next = 0;
  const lookUp = () => {
    const lookup = collection.findOne({ _id: ids[next++] } as Filter<T>, { projection });
    // Awaited in order below; a later lookup failing meanwhile must not count as unhandled.
    lookup.catch(() => undefined);
    window.push(lookup);
  };
  while (next < ids.length && window.length < inFlight) lookUp();
  while (window.length > 0) {
    const doc = await (window.shift() as Promise<WithId<T> | null>);
    if (next < ids.length) lookUp();
    if (doc) yield doc;
  }
}

/** The documents with these ids, in no particular order. */
export async function findByIds<T extends Document & { _id: string }>(collection: Collection<T>, ids: string[], projection: Document, shape: IdQueryShape): Promise<WithId<T>[]> {
  if (shape === 'in') return collection.find({ _id: { $in: ids } } as Filter<T>, { projection }).toArray();
  const found: WithId<T>[] = [];
  for await (const doc of lookupEachId(collection, ids, projection)) found.push(doc);
  return found;
}
