import { SigningKeyDocument } from '../storage/auth-collections';
import { SigningKeyStore } from './stored-key-ring';

/** For unit specs of the key ring: the store's behaviour without a server. */
export class InMemorySigningKeyStore implements SigningKeyStore {
  readonly documents = new Map<string, SigningKeyDocument>();

  async all(): Promise<SigningKeyDocument[]> {
    return [...this.documents.values()].map((document) => ({ ...document }));
  }

  async insert(key: SigningKeyDocument): Promise<boolean> {
    if (this.documents.has(key._id)) return false;
    this.documents.set(key._id, { ...key });
    return true;
  }

  async remove(id: string): Promise<void> {
    this.documents.delete(id);
  }
}
