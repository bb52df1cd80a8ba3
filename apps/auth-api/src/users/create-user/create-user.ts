import { Injectable } from '@nestjs/common';
import { AuthApiSettings } from '../../auth-api.settings';
import { SecretHasher } from '../../hashing/secret-hasher';
import { conflict, invalidInput } from '../../identity/identity-problems';
import { passwordPolicyViolations } from '../../identity/password-policy';
import { roleAssignmentErrors } from '../../identity/role-assignment';
import { UserDocument } from '../../storage/auth-collections';
import { MongoUserStore } from '../../storage/mongo-user-store';
import { CreateUserRequest } from './create-user.request.dto';

/** Creates a user with a hashed password; also how the first admin is made at start-up. */
@Injectable()
export class CreateUser {
  constructor(
    private readonly users: MongoUserStore,
    private readonly hasher: SecretHasher,
    private readonly settings: AuthApiSettings,
  ) {}

  async execute(request: CreateUserRequest, createdBy: string): Promise<UserDocument> {
    const errors = [
      ...passwordPolicyViolations(request.password, request.username, this.settings.AUTH_PASSWORD_MIN_LENGTH).map((message) => ({ field: 'password', message })),
      ...roleAssignmentErrors(request.roles, request.caregiverIds),
    ];
    if (errors.length > 0) throw invalidInput(errors);
    const user: UserDocument = {
      _id: request.username,
      passwordHash: await this.hasher.hash(request.password),
      roles: request.roles,
      caregiverIds: request.caregiverIds ?? null,
      createdAt: new Date(),
      createdBy,
      disabledAt: null,
    };
    if (!(await this.users.insert(user))) throw conflict('username-taken', 'Username taken', 'A user with this username exists already.');
    return user;
  }
}
