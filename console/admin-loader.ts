/**
 * Loads the admin bundle (console-admin.js and .css from /static) once, on demand. Kept out of the
 * agent bundle: agents never fetch admin code, and the agent console stays small.
 */
import type { AdminModule } from './admin/types';

let loading: Promise<AdminModule> | null = null;

export function loadAdmin(): Promise<AdminModule> {
  const w = window as unknown as { __parleyAdmin?: AdminModule };
  if (w.__parleyAdmin) return Promise.resolve(w.__parleyAdmin);
  loading ??= new Promise<AdminModule>((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/static/console-admin.css';
    document.head.appendChild(css);
    const script = document.createElement('script');
    script.src = '/static/console-admin.js';
    script.async = true;
    script.onload = () =>
      w.__parleyAdmin ? resolve(w.__parleyAdmin) : reject(new Error('The admin pages did not load.'));
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(new Error('Could not load the admin pages. Check your connection and try again.'));
    };
    document.head.appendChild(script);
  });
  return loading;
}
