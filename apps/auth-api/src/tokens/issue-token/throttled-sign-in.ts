import { Injectable, Logger } from '@nestjs/common';
import { LoginThrottle } from '../login-throttle';
import { invalidCredentials, signInUnavailable, tooManyAttempts } from './oauth-problems';

/**
 * Runs a credential check under the login throttle: a spent account or address gets 429 before
 * any check; a refused check counts as a failure; a success clears the account's failures.
 */
@Injectable()
export class ThrottledSignIn {
  private readonly logger = new Logger('SignIn');

  constructor(private readonly throttle: LoginThrottle) {}

  async attempt<T>(kind: 'user' | 'client', account: string, address: string, check: () => Promise<T | undefined>): Promise<T> {
    const verdict = await this.throttle.reserve(`${kind}:${account}`, address).catch((error: Error) => {
      this.logger.error({ reason: error.message }, 'login throttle unavailable');
      throw signInUnavailable();
    });
    if (!verdict.allowed) throw tooManyAttempts(verdict.retryAfterSeconds, verdict.limit);
    const accepted = await check();
    if (accepted === undefined) throw invalidCredentials(kind);
    await this.throttle.succeeded(`${kind}:${account}`, address).catch((error: Error) => {
      this.logger.warn({ reason: error.message }, 'could not clear login failures');
    });
    return accepted;
  }
}
