import { roleAssignmentErrors } from './role-assignment';

describe('roleAssignmentErrors', () => {
  it('requires caregiverIds for a manager', () => {
    expect(roleAssignmentErrors(['manager'], undefined)).toEqual([{ field: 'caregiverIds', message: 'is required for the manager role' }]);
    expect(roleAssignmentErrors(['manager'], ['c1'])).toEqual([]);
  });

  it('refuses caregiverIds on an admin', () => {
    expect(roleAssignmentErrors(['admin'], ['c1'])).toHaveLength(1);
    expect(roleAssignmentErrors(['admin'], undefined)).toEqual([]);
  });

  it('lets other roles be scoped or not', () => {
    expect(roleAssignmentErrors(['ingest'], ['c1'])).toEqual([]);
    expect(roleAssignmentErrors(['accountant'], undefined)).toEqual([]);
  });
});
