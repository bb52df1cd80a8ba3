import { DirectoryUnavailableError, PrincipalDirectory, PrincipalScope } from '@reimbursements/auth/principal-directory';
import { isDatabaseOutage } from '@reimbursements/mongo/database-outage';
import { PrincipalRecords } from './principal-records';

/** auth-api's own guard reads its database directly: a disable or revoke applies at once here. */
export class StoredPrincipalDirectory extends PrincipalDirectory {
  constructor(private readonly records: PrincipalRecords) {
    super();
  }

  async lookup(subject: string): Promise<PrincipalScope | null> {
    const record = await this.records.find(subject).catch((error: unknown) => {
      // The guard answers an unreachable directory with 503, not 401: the token may be fine.
      throw isDatabaseOutage(error) ? new DirectoryUnavailableError(error) : error;
    });
    return record?.active ? { caregiverIds: record.caregiverIds } : null;
  }
}
