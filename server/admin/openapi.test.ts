import pino from 'pino';
import { openSqliteStore } from '../../store';
import { SessionManager } from '../auth';
import { OPERATIONS, openApiDocument, toOpenApiPath } from './openapi';
import { adminRoutes } from './routes';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};

test('an OpenAPI 3.1 document with unique operation ids and resolvable references', () => {
  const doc = openApiDocument() as Doc;
  expect(doc.openapi).toBe('3.1.0');
  const operations = Object.values(doc.paths).flatMap((path) => Object.values(path));
  expect(operations).toHaveLength(OPERATIONS.length);
  const ids = operations.map((op) => op.operationId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const op of operations) expect(Object.keys(op.responses).length).toBeGreaterThan(0);
  const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
  for (const name of new Set(refs)) expect(doc.components.schemas).toHaveProperty([name]);
});

test('every route adminRoutes mounts is in the document', async () => {
  const store = await openSqliteStore({ file: ':memory:' });
  try {
    const router = adminRoutes({
      store,
      sessions: new SessionManager({ store }),
      logger: pino({ level: 'silent' }),
    });
    interface Layer {
      route?: { path: string; methods: Record<string, boolean> };
      handle?: { stack?: Layer[] };
    }
    const mounted: string[] = [];
    const walk = (stack: Layer[]) => {
      for (const layer of stack) {
        if (layer.route)
          for (const method of Object.keys(layer.route.methods))
            mounted.push(`${method} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((router as unknown as { stack: Layer[] }).stack);
    expect(mounted.length).toBeGreaterThanOrEqual(25);
    const doc = openApiDocument() as Doc;
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method} ${path}`),
      ),
    );
    const missing = mounted
      .map((entry) => {
        const [method, path] = entry.split(' ');
        return `${method} ${toOpenApiPath(path)}`;
      })
      .filter((entry) => !documented.has(entry));
    expect(missing).toEqual([]);
  } finally {
    await store.close();
  }
});
