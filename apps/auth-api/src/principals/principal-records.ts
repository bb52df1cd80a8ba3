import { PrincipalKind } from '@reimbursements/auth/principal';
import { Role } from '@reimbursements/auth/roles';
import { Injectable } from '@nestjs/common';
import { parseSubject } from '../identity/subject';
import { MongoClientStore } from '../storage/mongo-client-store';
import { MongoUserStore } from '../storage/mongo-user-store';

export interface PrincipalRecord {
  subject: string;
  kind: PrincipalKind;
  roles: Role[];
  caregiverIds: string[] | null;
  active: boolean;
  /** When the user was disabled or the client revoked. */
  endedAt: Date | null;
}

/** Users and clients under one name: a token's subject. */
@Injectable()
export class PrincipalRecords {
  constructor(
    private readonly users: MongoUserStore,
    private readonly clients: MongoClientStore,
  ) {}

  async find(subject: string): Promise<PrincipalRecord | undefined> {
    const parsed = parseSubject(subject);
    if (parsed?.kind === 'user') {
      const user = await this.users.find(parsed.username);
      return user ? { subject, kind: 'user', roles: user.roles, caregiverIds: user.caregiverIds, active: user.disabledAt === null, endedAt: user.disabledAt } : undefined;
    }
    if (parsed?.kind === 'client') {
      const client = await this.clients.find(parsed.clientId);
      return client
        ? { subject, kind: 'client', roles: client.roles, caregiverIds: client.caregiverIds, active: client.revokedAt === null, endedAt: client.revokedAt }
        : undefined;
    }
    return undefined;
  }
}
