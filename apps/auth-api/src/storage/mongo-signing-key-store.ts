import { Db, MongoServerError } from 'mongodb';
import { SIGNING_KEYS, SigningKeyDocument } from './auth-collections';

const DUPLICATE_KEY = 11000;

export class MongoSigningKeyStore {
  constructor(private readonly db: Db) {}

  all(): Promise<SigningKeyDocument[]> {
    return this.keys().find({}).toArray();
  }

  /** false when a key with that `_id` exists already. */
  async insert(key: SigningKeyDocument): Promise<boolean> {
    try {
      await this.keys().insertOne(key);
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.keys().deleteOne({ _id: id });
  }

  private keys() {
    return this.db.collection<SigningKeyDocument>(SIGNING_KEYS);
  }
}
