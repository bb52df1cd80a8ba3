import { ProjectionVersions } from '@reimbursements/domain/ops/projection-versions';
import { Db, MongoServerError } from 'mongodb';
import { PROJECTION_VERSIONS, VERSIONED_COLLECTIONS } from './collections';

interface ProjectionVersionsDocument extends ProjectionVersions {
  _id: string;
  updatedAt: Date;
}

const DUPLICATE_KEY = 11000;

/**
 * The projection versions as the projectors last read them from the control topic, for the
 * query-api: which database answers (the live version), and what the ops endpoints may do. A
 * state is saved only over an older one (`seq`), so a slow projector never puts back a state a
 * faster one has moved past.
 */
export class MongoProjectionVersions {
  constructor(private readonly db: Db) {}

  private get versions() {
    return this.db.collection<ProjectionVersionsDocument>(PROJECTION_VERSIONS);
  }

  async load(projection: string): Promise<ProjectionVersions | undefined> {
    const doc = await this.versions.findOne({ _id: projection });
    if (!doc) return undefined;
    const { projection: name, seq, live, versions } = doc;
    return { projection: name, seq, live, versions };
  }

  async save(state: ProjectionVersions): Promise<void> {
    const { projection, seq, live, versions } = state;
    try {
      await this.versions.updateOne({ _id: projection, seq: { $lt: seq } }, { $set: { projection, seq, live, versions, updatedAt: new Date() } }, { upsert: true });
    } catch (error) {
      // The filter missed an existing document: it holds this state or a later one already.
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }
}

/** Removes one version's read models; a version with a database of its own loses the database too. */
export async function dropVersionReadModels(db: Db, ownDatabase: boolean): Promise<void> {
  if (ownDatabase) {
    await db.dropDatabase();
    return;
  }
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of VERSIONED_COLLECTIONS) if (existing.has(name)) await db.collection(name).drop();
}
