/**
 * Entry point: read configuration, open the store (seeding demo data into an empty one), load the
 * language model, listen, and shut down in order on SIGTERM/SIGINT.
 */
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';
import { startParley } from './start';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config);
  const parley = await startParley(config, logger);

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down');
    parley.shutdown().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
