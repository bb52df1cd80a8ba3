import { PrincipalDirectory, PrincipalScope } from '@reimbursements/auth/principal-directory';
import { PrincipalRecords } from './principal-records';

/** auth-api's own guard reads its database directly: a disable or revoke applies at once here. */
export class StoredPrincipalDirectory extends PrincipalDirectory {
  constructor(private readonly records: PrincipalRecords) {
    super();
  }

  async lookup(subject: string): Promise<PrincipalScope | null> {
    const record = await this.records.find(subject);
    return record?.active ? { caregiverIds: record.caregiverIds } : null;
  }
}
