import { Db, MongoServerError } from 'mongodb';
import { isUsername } from '../identity/username';
import { USERS, UserDocument } from './auth-collections';

const DUPLICATE_KEY = 11000;

export class MongoUserStore {
  constructor(private readonly db: Db) {}

  /** false when the username is taken (also by a concurrent insert on another instance). */
  async insert(user: UserDocument): Promise<boolean> {
    try {
      await this.users().insertOne(user);
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /** A name no user can have (a NUL, say, which the MongoDB-wire server refuses) is not looked up. */
  async find(username: string): Promise<UserDocument | null> {
    return isUsername(username) ? this.users().findOne({ _id: username }) : null;
  }

  /** The user as it stands after the call (disabled at the first call's time), or null if unknown. */
  async disable(username: string, at: Date): Promise<UserDocument | null> {
    if (!isUsername(username)) return null;
    await this.users().updateOne({ _id: username, disabledAt: null }, { $set: { disabledAt: at } });
    return this.find(username);
  }

  private users() {
    return this.db.collection<UserDocument>(USERS);
  }
}
