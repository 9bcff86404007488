/**
 * Demo console users: one admin and a small support team. No password hashes here: every demo user
 * signs in with DEMO_PASSWORD, which the seed hashes with the function the server passes in (argon2).
 * For local use only. Never seed these users into a deployment that faces the internet.
 */
import type { NewUser } from '../../store';

/** The demo users' password. Local demos only. */
export const DEMO_PASSWORD = 'parley-demo';

export type DemoUser = Omit<NewUser, 'passwordHash'>;

/**
 * Skills name the intent categories a person handles (`orders`, `billing`, `account`, `product`,
 * `general`), plus `vip` for gold/platinum customers and `legal` for formal complaints.
 */
export const demoUsers: readonly DemoUser[] = [
  {
    email: 'admin@fellwicktarn.example',
    name: 'Rosa Achterberg',
    role: 'admin',
    skills: ['orders', 'billing', 'account', 'product', 'general', 'legal', 'vip'],
    capacity: 2,
  },
  {
    email: 'sam.ortega@fellwicktarn.example',
    name: 'Sam Ortega',
    role: 'agent',
    skills: ['orders', 'general'],
    capacity: 4,
  },
  {
    email: 'priya.raman@fellwicktarn.example',
    name: 'Priya Raman',
    role: 'agent',
    skills: ['billing', 'account', 'general'],
    capacity: 3,
  },
  {
    email: 'lars.eikeland@fellwicktarn.example',
    name: 'Lars Eikeland',
    role: 'agent',
    skills: ['product', 'orders'],
    capacity: 3,
  },
  {
    email: 'noor.haddad@fellwicktarn.example',
    name: 'Noor Haddad',
    role: 'agent',
    skills: ['orders', 'billing', 'vip', 'legal'],
    capacity: 2,
  },
];

/** The demo admin's email, for docs and tests. */
export const DEMO_ADMIN_EMAIL = 'admin@fellwicktarn.example';
