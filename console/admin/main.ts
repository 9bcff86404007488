/**
 * Entry point of the admin bundle (dist/web/console-admin.js). The agent console loads it only when an
 * admin opens an admin section, so agents never download it; it hands over `mount` on window.
 */
import { mount } from './area';
import type { AdminModule } from './types';

(window as unknown as { __parleyAdmin?: AdminModule }).__parleyAdmin = { mount };
