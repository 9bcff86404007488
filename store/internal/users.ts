/**
 * The users rule both adapters enforce: the store never loses its last admin. A role change away from
 * 'admin', or the delete of an admin, is refused with StoreError('last_admin') while that user is the
 * only admin, atomically with the write (see each adapter for how), and nothing changes.
 */
import { StoreError, type UserRole } from '../ports';

/** True when a patch takes an admin's role away (a patch without a role, or 'admin' again, does not). */
export function demotesAdmin(current: UserRole, next: UserRole | undefined): boolean {
  return current === 'admin' && next !== undefined && next !== 'admin';
}

export function lastAdminError(id: string, doing: 'demote' | 'delete'): StoreError {
  return new StoreError(
    'last_admin',
    `user ${id} is the last admin: cannot ${doing} them (nobody could administer the store)`,
  );
}
