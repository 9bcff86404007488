/**
 * Password checks with argon2. An unknown email costs the same as a wrong password (a dummy hash is
 * verified), so response times do not tell which emails have accounts.
 */
import { argon2id, hash, verify } from 'argon2';

/** Hashes a new password (argon2id with the library's default cost), for user creation and resets. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { type: argon2id });
}

export interface PasswordVerifier {
  verify(passwordHash: string | null, password: string): Promise<boolean>;
}

export class Argon2Passwords implements PasswordVerifier {
  private dummy: Promise<string> | undefined;

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (!passwordHash) {
      this.dummy ??= hash('parley-dummy-password-for-timing');
      await verify(await this.dummy, password).catch(() => false);
      return false;
    }
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash never signs anyone in
    }
  }
}
