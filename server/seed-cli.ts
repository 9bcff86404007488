/**
 * `npm run seed [-- --reset]`: seeds the demo shop into the configured store. With --reset the
 * store is wiped first (the SQLite file is removed, or the MongoDB database dropped).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { hash as argon2Hash } from 'argon2';
import mongoose from 'mongoose';
import { openStore } from '../store';
import { loadConfig } from './config';
import { seedDemoData } from './seed';

async function main(): Promise<void> {
  const config = loadConfig();
  const reset = process.argv.includes('--reset');
  if (reset) {
    if (config.mongodbUri) {
      const connection = await mongoose.createConnection(config.mongodbUri).asPromise();
      await connection.dropDatabase();
      await connection.close();
    } else {
      for (const suffix of ['', '-wal', '-shm'])
        rmSync(join(config.dataDir, `parley.sqlite${suffix}`), { force: true });
    }
    console.log(`wiped the ${config.mongodbUri ? 'MongoDB database' : 'SQLite file'}`);
  }
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  try {
    const report = await seedDemoData(store, {
      now: new Date(),
      hashPassword: (plain) => argon2Hash(plain),
      reset,
    });
    console.log(
      report.seeded ? 'seeded the demo shop:' : `nothing seeded (${report.reason ?? 'store not empty'})`,
    );
    console.log(JSON.stringify(report.created, null, 2));
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
