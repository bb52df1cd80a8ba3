import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuthApiSettings } from '../auth-api.settings';
import { SecretHasher } from '../hashing/secret-hasher';
import { MongoUserStore } from '../storage/mongo-user-store';

export const BOOTSTRAP_CREATOR = 'bootstrap';

/**
 * Creates the first admin from BOOTSTRAP_ADMIN_USERNAME / BOOTSTRAP_ADMIN_PASSWORD at start-up,
 * once: an existing user of that name is left as it is (its password is not reset), so restarts
 * and concurrent instances are harmless. The credentials are never logged.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    private readonly settings: AuthApiSettings,
    private readonly users: MongoUserStore,
    private readonly hasher: SecretHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { BOOTSTRAP_ADMIN_USERNAME: username, BOOTSTRAP_ADMIN_PASSWORD: password } = this.settings;
    if (username === undefined || password === undefined) return;
    if (await this.users.find(username)) {
      this.logger.log('the bootstrap admin exists already; left unchanged');
      return;
    }
    const created = await this.users.insert({
      _id: username,
      passwordHash: await this.hasher.hash(password),
      roles: ['admin'],
      caregiverIds: null,
      createdAt: new Date(),
      createdBy: BOOTSTRAP_CREATOR,
      disabledAt: null,
    });
    this.logger.log(created ? 'created the bootstrap admin' : 'the bootstrap admin was created concurrently; left unchanged');
  }
}
