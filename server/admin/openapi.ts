/**
 * The OpenAPI 3.1 document of the admin API (and the sign-in routes it depends on), served at
 * GET /api/docs. Request bodies come from the zod schemas in protocol/admin.ts, so the document and
 * the validation cannot drift apart; training and analytics routes (other routers) are described here
 * too, so one document covers every /api/admin route. Public: it holds no secrets.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  ArticleCreateSchema,
  ArticleUpdateSchema,
  AuditQuerySchema,
  BotSettingsSchema,
  BotSettingsUpdateSchema,
  EntitiesSchema,
  EntitiesUpdateSchema,
  FaqFileRowSchema,
  IntentFileRowSchema,
  IntentInputSchema,
  IntentSettingsSchema,
  IntentUpdateSchema,
  MarkdownPreviewSchema,
  UserCreateSchema,
  UserUpdateSchema,
} from '../../protocol/admin';
import { CreateFaqBody } from '../analytics';

type Json = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'delete';

const jsonSchema = (schema: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  return rest;
};

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (items: Json): Json => ({ type: 'array', items });
const object = (properties: Record<string, Json>, required: string[] = Object.keys(properties)): Json => ({
  type: 'object',
  properties,
  required,
});
const str: Json = { type: 'string' };
const num: Json = { type: 'number' };
const int: Json = { type: 'integer' };
const bool: Json = { type: 'boolean' };
const dateTime: Json = { type: 'string', format: 'date-time' };
const nullable = (schema: Json): Json => ({ anyOf: [schema, { type: 'null' }] });

/** `{ data: … }`: every successful JSON response wraps its payload so. */
const data = (schema: Json): Json => object({ data: schema });

/** On the PUTs that save content (intents, articles and FAQs, entities, bot settings). */
const UNCHANGED_NOTE =
  'A save of what is stored already (bodies compared in their stored form: trimmed, "\\n" line ends) changes nothing: 200 with the record at its version, the same ETag, and no audit entry. The version is checked first, so a stale one is still a 409.';

const VERSIONED_NOTE =
  'Versioned: send the version you edited as `If-Match: "<version>"` or `version` in the body. A stale version → 409 `conflict`; none → 428 `precondition_required`.';

interface Operation {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Public (no session): the docs and sign-in. */
  public?: boolean;
  body?: Json | { content: Record<string, { schema: Json }> };
  query?: { name: string; schema: Json; description?: string; required?: boolean }[];
  /** Success status and body (null: no body). */
  ok: [number, Json | null, string?];
  /** Extra error statuses this operation may answer. */
  errors?: number[];
  versioned?: boolean;
}

const components: Record<string, Json> = {
  Error: object({
    error: object(
      {
        code: {
          type: 'string',
          enum: [
            'bad_request',
            'invalid_json',
            'validation_failed',
            'payload_too_large',
            'unauthorized',
            'forbidden',
            'not_found',
            'conflict',
            'already_exists',
            'last_admin',
            'precondition_required',
            'invalid_import',
            'model_worse',
            'rate_limited',
            'internal',
          ],
        },
        message: str,
        details: { type: 'object', description: 'invalid_import: `{ rows: [{ row, field, message }] }`' },
      },
      ['code', 'message'],
    ),
  }),
  Intent: object({
    id: str,
    name: str,
    utterances: arrayOf(str),
    responses: arrayOf(str),
    settings: jsonSchema(IntentSettingsSchema),
    version: int,
    updatedAt: dateTime,
  }),
  IntentInput: jsonSchema(IntentInputSchema),
  IntentUpdate: jsonSchema(IntentUpdateSchema),
  Entities: { ...jsonSchema(EntitiesSchema) },
  EntitiesUpdate: jsonSchema(EntitiesUpdateSchema),
  BuiltInEntityKind: object({
    type: { type: 'string', examples: ['order_number', 'date'] },
    label: str,
    matches: { type: 'string', description: 'What it matches, in a sentence.' },
    example: str,
  }),
  Article: object({
    id: str,
    kind: { type: 'string', enum: ['article', 'faq'] },
    title: str,
    body: { type: 'string', description: 'Markdown (articles) or the answer (FAQs).' },
    alternatives: arrayOf(str),
    tags: arrayOf(str),
    locale: str,
    published: bool,
    version: int,
    updatedAt: dateTime,
  }),
  ArticleCreate: jsonSchema(ArticleCreateSchema),
  ArticleUpdate: jsonSchema(ArticleUpdateSchema),
  BotSettings: jsonSchema(BotSettingsSchema),
  BotSettingsUpdate: jsonSchema(BotSettingsUpdateSchema),
  User: object({
    id: str,
    email: { type: 'string', format: 'email' },
    name: str,
    role: { type: 'string', enum: ['agent', 'admin'] },
    skills: arrayOf(str),
    capacity: int,
    version: int,
    createdAt: dateTime,
  }),
  UserCreate: jsonSchema(UserCreateSchema),
  UserUpdate: jsonSchema(UserUpdateSchema),
  AuditEntry: object({
    id: str,
    actorId: nullable(str),
    actorEmail: nullable(str),
    action: { type: 'string', examples: ['intent.update', 'faq.import', 'model.rollback'] },
    entityType: str,
    entityId: nullable(str),
    before: { description: 'The record before the change (null on create). Never a password hash.' },
    after: { description: 'The record after the change (null on delete).' },
    createdAt: dateTime,
  }),
  AuditPage: object({
    entries: arrayOf(ref('AuditEntry')),
    nextCursor: {
      ...nullable(str),
      description: 'Send as `cursor` for the next (older) page; null on the last.',
    },
  }),
  ImportResult: object({ created: arrayOf(str), updated: arrayOf(str), unchanged: arrayOf(str) }),
  IntentFileRow: jsonSchema(IntentFileRowSchema),
  FaqFileRow: jsonSchema(FaqFileRowSchema),
  NlpjsCorpus: object(
    {
      name: str,
      locale: str,
      data: arrayOf(
        object(
          {
            intent: str,
            utterances: arrayOf(str),
            answers: arrayOf({ anyOf: [str, object({ answer: str })] }),
          },
          ['intent', 'utterances'],
        ),
      ),
    },
    ['data'],
  ),
  SessionView: object({
    user: object({
      id: str,
      name: str,
      email: str,
      role: { type: 'string', enum: ['agent', 'admin'] },
      skills: arrayOf(str),
      capacity: int,
    }),
    csrfToken: str,
  }),
  ValidationReport: {
    type: 'object',
    description:
      'Cross-validated accuracy, per-intent F1, confusable pairs, likely mislabelled utterances, duplicates across intents.',
  },
  TrainingJob: object(
    {
      id: str,
      status: { type: 'string', enum: ['running', 'ready', 'failed', 'deployed', 'refused'] },
      report: ref('ValidationReport'),
      comparison: object({ liveAccuracy: num, candidateAccuracy: num, margin: num, acceptable: bool }),
      error: str,
    },
    ['id', 'status'],
  ),
  Model: object({ id: str, createdAt: dateTime, intentsHash: str, accuracy: num, live: bool }),
  TestConsoleResult: object({
    language: str,
    ranking: arrayOf(object({ intent: str, score: num })),
    intent: str,
    entities: arrayOf({ type: 'object' }),
    sentiment: num,
    knowledge: arrayOf(object({ articleId: str, title: str, snippet: str, score: num })),
    reply: object({ text: str, quickReplies: arrayOf(str) }, ['text']),
    why: object({
      threshold: num,
      margin: num,
      topScore: num,
      secondScore: num,
      decision: str,
      policy: str,
    }),
  }),
  Analytics: {
    type: 'object',
    description:
      'Summary and series for the period: conversations, containment (verified and assumed resolution apart), escalation rate and reasons, CSAT, first response time, wait for a human, top intents, fallback rate, per-intent funnel.',
  },
  UnansweredClusters: object({
    clusters: arrayOf(
      object(
        {
          id: str,
          size: int,
          label: str,
          examples: arrayOf(
            object({
              text: str,
              conversationId: str,
              seq: int,
              source: { type: 'string', enum: ['fallback', 'not_helpful'] },
            }),
          ),
          suggestedIntent: str,
        },
        ['id', 'size', 'label', 'examples'],
      ),
    ),
  }),
};

const AUDIT_QUERY_NOTES: Record<string, string> = {
  limit: 'Entries per page (default 50).',
  cursor: 'The previous page’s `nextCursor` (opaque): continue right after its last entry.',
  before: 'Only entries strictly older than this time (a filter; page with `cursor`).',
};

const periodQuery = (bucket: boolean): NonNullable<Operation['query']> => [
  { name: 'from', schema: dateTime, description: 'Start (inclusive), ISO date-time.' },
  { name: 'to', schema: dateTime, description: 'End (exclusive), ISO date-time.' },
  ...(bucket ? [{ name: 'bucket', schema: { type: 'string', enum: ['day', 'week'] } }] : []),
];
const fileBody = (json: Json, formats: string): Operation['body'] => ({
  content: {
    'application/json': { schema: json },
    'text/csv': { schema: { type: 'string', description: `CSV (${formats}); up to 5 MB, as JSON is.` } },
    'text/plain': { schema: { type: 'string', description: 'The file as text, any format.' } },
  },
});

/** A versioned collection as intents, articles and users are: the same statuses, bodies and version rules. */
interface ResourceSpec {
  /** The collection, e.g. /api/admin/intents; one record is at `${path}/{id}`. */
  path: string;
  tag: string;
  /** Component names: the record, its create body; the update body is `${schema}Update`. */
  schema: string;
  createBody: string;
  listQuery?: Operation['query'];
  summaries: Record<'list' | 'create' | 'get' | 'update' | 'delete', string>;
  /** Notes for the update (PUT). */
  updateDescription?: string;
}

/** List and create, then `collectionExtras` (more routes under the collection), then get, update, delete by id. */
function resourceOperations(spec: ResourceSpec, collectionExtras: Operation[] = []): Operation[] {
  const { path, tag, schema, summaries } = spec;
  const one = `${path}/{id}`;
  return [
    {
      method: 'get',
      path,
      tag,
      summary: summaries.list,
      query: spec.listQuery,
      ok: [200, data(arrayOf(ref(schema)))],
    },
    {
      method: 'post',
      path,
      tag,
      summary: summaries.create,
      body: ref(spec.createBody),
      ok: [201, data(ref(schema))],
      errors: [400, 409],
    },
    ...collectionExtras,
    { method: 'get', path: one, tag, summary: summaries.get, ok: [200, data(ref(schema))], errors: [404] },
    {
      method: 'put',
      path: one,
      tag,
      summary: summaries.update,
      description: spec.updateDescription,
      body: ref(`${schema}Update`),
      ok: [200, data(ref(schema))],
      errors: [400, 404, 409, 428],
      versioned: true,
    },
    {
      method: 'delete',
      path: one,
      tag,
      summary: summaries.delete,
      ok: [204, null],
      errors: [404, 409, 428],
      versioned: true,
    },
  ];
}

/** Every route: H1's content routes, H2's training routes, H3's analytics routes, and sign-in. */
export const OPERATIONS: readonly Operation[] = [
  // Sign-in
  {
    method: 'post',
    path: '/api/auth/sign-in',
    tag: 'auth',
    summary: 'Sign in; sets the parley_session cookie and returns the CSRF token',
    public: true,
    body: object({ email: str, password: str }),
    ok: [200, data(ref('SessionView'))],
    errors: [400, 401, 415, 429],
  },
  {
    method: 'get',
    path: '/api/auth/session',
    tag: 'auth',
    summary: 'The signed-in user and CSRF token',
    ok: [200, data(ref('SessionView'))],
  },
  { method: 'post', path: '/api/auth/sign-out', tag: 'auth', summary: 'Sign out', ok: [204, null] },
  {
    method: 'get',
    path: '/api/docs',
    tag: 'docs',
    summary: 'This OpenAPI document',
    public: true,
    ok: [200, { type: 'object' }],
  },
  // Intents
  ...resourceOperations({
    path: '/api/admin/intents',
    tag: 'intents',
    schema: 'Intent',
    createBody: 'IntentInput',
    summaries: {
      list: 'List intents',
      create: 'Create an intent',
      get: 'One intent',
      update: 'Update an intent (any subset of fields)',
      delete: 'Delete an intent',
    },
    updateDescription: UNCHANGED_NOTE,
  }),
  // Entities
  {
    method: 'get',
    path: '/api/admin/entities',
    tag: 'entities',
    summary: 'Entity lists and patterns (version 0 before the first save)',
    ok: [200, data(ref('Entities'))],
  },
  {
    method: 'put',
    path: '/api/admin/entities',
    tag: 'entities',
    summary: 'Replace the entity lists and patterns (patterns must compile)',
    description: UNCHANGED_NOTE,
    body: ref('EntitiesUpdate'),
    ok: [200, data(ref('Entities'))],
    errors: [400, 409, 428],
    versioned: true,
  },
  {
    method: 'get',
    path: '/api/admin/entities/built-in',
    tag: 'entities',
    summary: 'The entity kinds the bot finds in every message without any setup (read only)',
    ok: [200, data(object({ kinds: arrayOf(ref('BuiltInEntityKind')) }))],
  },
  // Articles and FAQs
  ...resourceOperations(
    {
      path: '/api/admin/articles',
      tag: 'articles',
      schema: 'Article',
      createBody: 'ArticleCreate',
      listQuery: [{ name: 'kind', schema: { type: 'string', enum: ['faq', 'article'] } }],
      summaries: {
        list: 'List articles and FAQs',
        create: 'Create an article or FAQ',
        get: 'One article or FAQ',
        update: 'Update an article or FAQ',
        delete: 'Delete an article or FAQ',
      },
      updateDescription: UNCHANGED_NOTE,
    },
    [
      {
        method: 'post',
        path: '/api/admin/articles/preview',
        tag: 'articles',
        summary: 'Render markdown as the widget will show it (safe HTML)',
        body: jsonSchema(MarkdownPreviewSchema),
        ok: [200, data(object({ html: str }))],
        errors: [400],
      },
    ],
  ),
  // Settings
  {
    method: 'get',
    path: '/api/admin/settings',
    tag: 'settings',
    summary: 'Bot settings: greeting, thresholds, business hours, escalation policy (defaults at version 0)',
    ok: [200, data(ref('BotSettings'))],
  },
  {
    method: 'put',
    path: '/api/admin/settings',
    tag: 'settings',
    summary: 'Replace the bot settings',
    description: UNCHANGED_NOTE,
    body: ref('BotSettingsUpdate'),
    ok: [200, data(ref('BotSettings'))],
    errors: [400, 409, 428],
    versioned: true,
  },
  // Users
  ...resourceOperations({
    path: '/api/admin/users',
    tag: 'users',
    schema: 'User',
    createBody: 'UserCreate',
    summaries: {
      list: 'List console users',
      create: 'Create an agent or admin (with a password)',
      get: 'One user',
      update: 'Update a user; `password` resets it (and signs the user out)',
      delete: 'Delete a user (never the last admin)',
    },
  }),
  // Audit
  {
    method: 'get',
    path: '/api/admin/audit',
    tag: 'audit',
    summary: 'Audit log, newest first (createdAt, then id), a page at a time',
    description:
      'For the next (older) page send `cursor` = the `nextCursor` of this one, as it came; it is null on the last page. The cursor holds the last entry’s createdAt and id, so entries written in the same millisecond are neither skipped nor repeated. A cursor this endpoint did not return → 400 `validation_failed`.',
    query: Object.entries((jsonSchema(AuditQuerySchema).properties ?? {}) as Record<string, Json>).map(
      ([name, schema]) => ({ name, schema, description: AUDIT_QUERY_NOTES[name] }),
    ),
    ok: [200, data(ref('AuditPage'))],
    errors: [400],
  },
  // Import and export
  {
    method: 'get',
    path: '/api/admin/export/intents',
    tag: 'import-export',
    summary: 'Export intents as JSON, CSV or an nlp.js corpus',
    query: [{ name: 'format', schema: { type: 'string', enum: ['json', 'csv', 'nlpjs'], default: 'json' } }],
    ok: [200, { type: 'string', description: 'The file (Content-Disposition: attachment).' }],
  },
  {
    method: 'post',
    path: '/api/admin/import/intents',
    tag: 'import-export',
    summary: 'Import intents (matched by name), all or nothing',
    description:
      'CSV columns: name, utterances, responses, threshold, alwaysHuman, category; lists as "a | b". What a file leaves out is kept: without a responses column (JSON: field) an intent keeps its responses, without a settings column (JSON: `settings`) it keeps that setting; an empty cell (JSON: a key left out of `settings`) clears it. Rows count from 1: the first CSV row below the header, the first JSON item; row 0 is the file as a whole. Any bad row → 422 `invalid_import` with `details.rows`, and nothing is imported.',
    query: [{ name: 'format', schema: { type: 'string', enum: ['json', 'csv', 'nlpjs'], default: 'json' } }],
    body: fileBody(
      { anyOf: [arrayOf(ref('IntentFileRow')), ref('NlpjsCorpus')] },
      'name, utterances, responses, …',
    ),
    ok: [200, data(ref('ImportResult'))],
    errors: [400, 409, 422],
  },
  {
    method: 'get',
    path: '/api/admin/export/faqs',
    tag: 'import-export',
    summary: 'Export FAQs as JSON or CSV',
    query: [{ name: 'format', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } }],
    ok: [200, { type: 'string', description: 'The file (Content-Disposition: attachment).' }],
  },
  {
    method: 'post',
    path: '/api/admin/import/faqs',
    tag: 'import-export',
    summary: 'Import FAQs (matched by id), all or nothing',
    description:
      'CSV columns: id, question, answer, alternatives, tags, locale, published. Rows count from 1: the first CSV row below the header, the first JSON item; row 0 is the file as a whole. Any bad row → 422 `invalid_import` with `details.rows`, and nothing is imported.',
    query: [{ name: 'format', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } }],
    body: fileBody(arrayOf(ref('FaqFileRow')), 'id, question, answer, …'),
    ok: [200, data(ref('ImportResult'))],
    errors: [400, 422],
  },
  // Training, models and the test console (server/training). These answer unwrapped (no `data`).
  {
    method: 'post',
    path: '/api/admin/training',
    tag: 'training',
    summary: 'Start training from the stored intents (in a worker thread; chats go on)',
    body: object({}),
    ok: [202, object({ jobId: str, status: str })],
  },
  {
    method: 'get',
    path: '/api/admin/training/{jobId}',
    tag: 'training',
    summary: 'A training job: status, validation report, comparison with the live model',
    ok: [200, ref('TrainingJob')],
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/admin/training/{jobId}/deploy',
    tag: 'training',
    summary: 'Put the trained model live (refused with 409 `model_worse` unless force)',
    body: object({ force: bool }, []),
    ok: [200, object({ model: ref('Model'), job: ref('TrainingJob') })],
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/admin/models',
    tag: 'training',
    summary: 'Kept model versions',
    ok: [200, arrayOf(ref('Model'))],
  },
  {
    method: 'post',
    path: '/api/admin/models/{id}/activate',
    tag: 'training',
    summary: 'Roll back (or forward) to a kept model, atomically',
    ok: [200, object({ model: ref('Model'), previous: nullable(ref('Model')) }, ['model'])],
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/admin/test-console',
    tag: 'training',
    summary: 'What the bot would understand and answer, and why',
    body: object({ text: str }),
    ok: [200, ref('TestConsoleResult')],
    errors: [400],
  },
  // Analytics and the review of unanswered messages (server/analytics)
  {
    method: 'get',
    path: '/api/admin/analytics',
    tag: 'analytics',
    summary: 'Summary and series for a period',
    query: periodQuery(true),
    ok: [200, data(ref('Analytics'))],
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/admin/analytics/export.csv',
    tag: 'analytics',
    summary: 'The period’s series as CSV',
    query: periodQuery(true),
    ok: [200, { type: 'string' }],
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/admin/review/unanswered',
    tag: 'analytics',
    summary: 'Fallbacks and "not helpful" answers, clustered by similarity',
    query: periodQuery(false),
    ok: [200, data(ref('UnansweredClusters'))],
    errors: [400],
  },
  {
    method: 'post',
    path: '/api/admin/review/add-to-intent',
    tag: 'analytics',
    summary: 'Add reviewed messages to an intent as utterances',
    body: object({ intentId: str, version: int, utterances: arrayOf(str) }),
    ok: [200, data(ref('Intent'))],
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/api/admin/review/create-faq',
    tag: 'analytics',
    summary: 'Turn reviewed messages into a FAQ',
    description:
      'The same content rules as a FAQ created with POST /api/admin/articles (question = title, answer = body).',
    body: jsonSchema(CreateFaqBody),
    ok: [201, data(ref('Article'))],
    errors: [400],
  },
];

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (`validation_failed`); nothing changed',
  401: 'Not signed in (`unauthorized`)',
  403: 'Not an admin, another origin, or a missing CSRF token (`forbidden`)',
  404: 'No such record (`not_found`)',
  409: 'Edited by someone else since you loaded it (`conflict`), or a name, id, email or intent phrasing already taken (`already_exists`; for a phrasing, `details.phrasings` names the intent that has it), or the only admin demoted or deleted (`last_admin`)',
  415: 'Not JSON',
  422: 'The import has bad rows (`invalid_import`, `details.rows`); nothing was imported',
  428: 'No version given (`precondition_required`)',
  429: 'Too many attempts (`rate_limited`)',
};

function toOperation(op: Operation): Json {
  const parameters: Json[] = [
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: str,
    })),
    ...(op.query ?? []).map((q) => ({
      name: q.name,
      in: 'query',
      required: q.required ?? false,
      schema: q.schema,
      ...(q.description ? { description: q.description } : {}),
    })),
    ...(op.versioned
      ? [
          {
            name: 'If-Match',
            in: 'header',
            required: false,
            schema: str,
            description: 'The edited version in quotes, e.g. "3".',
          },
        ]
      : []),
    ...(!op.public && op.method !== 'get'
      ? [
          {
            name: 'X-CSRF-Token',
            in: 'header',
            required: true,
            schema: str,
            description: 'The session’s csrfToken.',
          },
        ]
      : []),
  ];
  const [status, body, description] = op.ok;
  const responses: Record<string, Json> = {
    [status]: {
      description: description ?? (body ? 'OK' : 'Done, no content'),
      ...(body ? { content: { 'application/json': { schema: body } } } : {}),
      ...(op.versioned || /\/\{id\}$/.test(op.path) ? { headers: { ETag: { schema: str } } } : {}),
    },
  };
  const errors = new Set([...(op.public ? [] : [401, 403]), ...(op.errors ?? [])]);
  for (const code of [...errors].sort())
    responses[code] = {
      description: ERROR_TEXT[code] ?? 'Error',
      content: { 'application/json': { schema: ref('Error') } },
    };
  const requestBody = op.body
    ? 'content' in op.body
      ? { required: true, content: op.body.content }
      : { required: true, content: { 'application/json': { schema: op.body } } }
    : undefined;
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description || op.versioned
      ? {
          description: [op.description, op.versioned ? VERSIONED_NOTE : undefined]
            .filter(Boolean)
            .join('\n\n'),
        }
      : {}),
    operationId: `${op.method}${op.path
      .replace(/^\/api/, '')
      .replace(/[{}]/g, '')
      .replace(/[/.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    ...(op.public ? { security: [] } : {}),
  };
}

export interface OpenApiOptions {
  /** Reported as info.version. */
  version?: string;
}

/** The OpenAPI 3.1 document (a fresh object each call). */
export function openApiDocument(options: OpenApiOptions = {}): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = toOperation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley admin API',
      version: options.version ?? '1',
      description:
        'Sign in with POST /api/auth/sign-in (admin account); the session cookie authenticates, and every non-GET request repeats the csrfToken in X-CSRF-Token. Content, settings, user, audit, import and analytics responses wrap payloads as `{ data }` (training, model and test-console responses do not); errors are `{ error: { code, message, details? } }`. Versioned resources return an ETag; send it back as If-Match (or `version` in the body).',
    },
    servers: [{ url: '/' }],
    tags: [
      'auth',
      'docs',
      'intents',
      'entities',
      'articles',
      'settings',
      'users',
      'audit',
      'import-export',
      'training',
      'analytics',
    ].map((name) => ({ name })),
    security: [{ session: [] }],
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'parley_session' } },
      schemas: components,
    },
  };
}

/** GET /api/docs: the document, public, cacheable briefly. */
export function docsRoutes(options: OpenApiOptions = {}): Router {
  const router = Router();
  const body = JSON.stringify(openApiDocument(options));
  router.get('/api/docs', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'public, max-age=300').type('application/json').send(body);
  });
  return router;
}

/** "/api/admin/intents/:id" → "/api/admin/intents/{id}" (express paths to OpenAPI paths). */
export const toOpenApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');
