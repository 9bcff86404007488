/** Entry point of the agent console bundle (dist/web/console.js, built by scripts/build-web.mjs). */
import { boot, consoleRoot } from './app';

void boot(consoleRoot());
