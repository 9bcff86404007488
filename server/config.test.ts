import { loadConfig, ConfigError } from './config';

describe('loadConfig', () => {
  it('gives embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.env).toBe('production');
    expect(config.mongodbUri).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.seedDemoData).toBe(true);
    expect(config.log.pretty).toBe(false);
  });

  it('reads typed values', () => {
    const config = loadConfig({
      PORT: '8080',
      NODE_ENV: 'development',
      MONGODB_URI: 'mongodb://localhost:27017/parley',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SEED_DEMO_DATA: 'false',
      SHUTDOWN_TIMEOUT_MS: '2500',
    });
    expect(config.port).toBe(8080);
    expect(config.log.pretty).toBe(true);
    expect(config.mongodbUri).toBe('mongodb://localhost:27017/parley');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.seedDemoData).toBe(false);
    expect(config.shutdownTimeoutMs).toBe(2500);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ MONGODB_URI: '', PORT: '' }).mongodbUri).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty', /PORT: .*\(got "eighty"\)/],
    ['PORT', '70000', /PORT: .*70000/],
    ['MONGODB_URI', 'http://db', /MONGODB_URI: must start with mongodb:\/\//],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL: must start with redis:\/\//],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: /],
    ['SEED_DEMO_DATA', 'maybe', /SEED_DEMO_DATA: /],
    ['SESSION_SECRET', 'short', /SESSION_SECRET: must be at least 32 characters/],
    ['BODY_LIMIT', 'lots', /BODY_LIMIT: must look like 100kb/],
  ])('refuses %s=%s with a message naming the variable', (name, value, pattern) => {
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(pattern);
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', REDIS_URL: 'y' })).toThrow(
      /PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/,
    );
  });
});
