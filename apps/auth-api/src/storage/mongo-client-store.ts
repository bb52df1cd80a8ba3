import { Db, MongoServerError } from 'mongodb';
import { CLIENT_SECRETS, ClientDocument, ClientSecretDocument, CLIENTS } from './auth-collections';

const DUPLICATE_KEY = 11000;
/** Client ids are made by randomUUID(); anything else (a NUL, say, which the MongoDB-wire server refuses) is not looked up. */
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class MongoClientStore {
  constructor(private readonly db: Db) {}

  /** The first secret goes in before the client: a crash in between leaves only an unusable hash. */
  async insert(client: ClientDocument, secretHash: string): Promise<void> {
    await this.addSecret(client._id, 1, secretHash, client.createdAt);
    await this.clients().insertOne(client);
  }

  async find(clientId: string): Promise<ClientDocument | null> {
    return CLIENT_ID.test(clientId) ? this.clients().findOne({ _id: clientId }) : null;
  }

  /** Newest generation first. */
  async secrets(clientId: string): Promise<ClientSecretDocument[]> {
    if (!CLIENT_ID.test(clientId)) return [];
    const secrets = await this.secretsCollection().find({ clientId }).toArray();
    return secrets.sort((a, b) => b.generation - a.generation);
  }

  /** false when that generation exists already (a concurrent rotation won). */
  async addSecret(clientId: string, generation: number, hash: string, createdAt: Date): Promise<boolean> {
    try {
      await this.secretsCollection().insertOne({ _id: `${clientId}:${generation}`, clientId, generation, hash, createdAt });
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async removeSecret(secretId: string): Promise<void> {
    await this.secretsCollection().deleteOne({ _id: secretId });
  }

  /** The client as it stands after the call (revoked at the first call's time), or null if unknown. */
  async revoke(clientId: string, at: Date): Promise<ClientDocument | null> {
    if (!CLIENT_ID.test(clientId)) return null;
    await this.clients().updateOne({ _id: clientId, revokedAt: null }, { $set: { revokedAt: at } });
    return this.find(clientId);
  }

  private clients() {
    return this.db.collection<ClientDocument>(CLIENTS);
  }

  private secretsCollection() {
    return this.db.collection<ClientSecretDocument>(CLIENT_SECRETS);
  }
}
