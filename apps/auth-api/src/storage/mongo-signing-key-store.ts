import { Db } from 'mongodb';
import { SIGNING_KEYS, SigningKeyDocument } from './auth-collections';

export class MongoSigningKeyStore {
  constructor(private readonly db: Db) {}

  all(): Promise<SigningKeyDocument[]> {
    return this.keys().find({}).toArray();
  }

  async insert(key: SigningKeyDocument): Promise<void> {
    await this.keys().insertOne(key);
  }

  async remove(kid: string): Promise<void> {
    await this.keys().deleteOne({ _id: kid });
  }

  private keys() {
    return this.db.collection<SigningKeyDocument>(SIGNING_KEYS);
  }
}
