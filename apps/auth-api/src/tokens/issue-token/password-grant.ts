import { Injectable } from '@nestjs/common';
import { SecretHasher } from '../../hashing/secret-hasher';
import { subjectOf } from '../../identity/subject';
import { normalizeUsername } from '../../identity/username';
import { MongoUserStore } from '../../storage/mongo-user-store';
import { TokenRecipient } from '../token-issuer';
import { ThrottledSignIn } from './throttled-sign-in';

/** RFC 6749 §4.3: staff sign in with username and password. */
@Injectable()
export class PasswordGrant {
  constructor(
    private readonly users: MongoUserStore,
    private readonly hasher: SecretHasher,
    private readonly signIn: ThrottledSignIn,
  ) {}

  authenticate(givenUsername: string, password: string, address: string): Promise<TokenRecipient> {
    const username = normalizeUsername(givenUsername);
    return this.signIn.attempt('user', username, address, async () => {
      const user = await this.users.find(username);
      // The hash runs whether the user exists or is disabled: the answer takes as long either way.
      const matches = await this.hasher.verify(password, user?.passwordHash);
      if (!user || !matches || user.disabledAt !== null) return undefined;
      return { subject: subjectOf('user', username), kind: 'user' as const, roles: user.roles };
    });
  }
}
