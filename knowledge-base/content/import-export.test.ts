import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article, Store } from '../../store';
import { FIXTURE_DIR, tempStores } from '../test-helpers';
import { exportArticles, importArticles, writeMarkdownFiles, type ImportReport } from './import-export';

const stores = tempStores('parley-kb-import-');
afterAll(() => stores.cleanup());

/** The content of articles, without the store's bookkeeping. */
const content = (articles: Article[]) =>
  articles
    .map(({ version: _version, updatedAt: _updatedAt, ...rest }) => rest)
    .sort((a, b) => (a.id < b.id ? -1 : 1));

const problemText = (report: ImportReport) =>
  report.problems.map(
    (p) => `${p.row}${p.id ? ` (${p.id})` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message}`,
  );

describe('Markdown folder', () => {
  test('imports the fixture folder: front matter fields, FAQ alternatives, body below', async () => {
    const store = await stores.open();
    const report = await importArticles(store, { format: 'markdown', dir: FIXTURE_DIR });
    expect(problemText(report)).toEqual([]);
    expect(report).toMatchObject({ ok: true, format: 'markdown', rows: 7, warnings: [], dryRun: false });
    expect(report.applied?.created.sort()).toEqual([
      'faq-change-address',
      'faq-delivery-time',
      'faq-payment-methods',
      'faq-return-window',
      'kb-gift-cards',
      'kb-tent-pitching',
      'kb-wool-care',
    ]);
    const faq = await store.articles.get('faq-return-window');
    expect(faq).toMatchObject({
      kind: 'faq',
      title: 'How long do I have to return something?',
      alternatives: ['What is your return policy?', 'Can I still send back an item I bought last month?'],
      tags: ['returns'],
      locale: 'en',
      published: true,
    });
    expect(faq!.body).toBe(
      'You can return unused items within **30 days** of delivery. Start a return from [your orders page](https://shop.example/orders).',
    );
    expect((await store.articles.get('faq-delivery-time'))!.alternatives).toEqual([
      'When will my order arrive?',
      'How many days is shipping?',
    ]);
    expect(
      (await store.articles.get('kb-wool-care'))!.body.startsWith('# Caring for wool clothing\n\nWool is'),
    ).toBe(true);
  });

  test('defaults: id from the file name, kind article, title from the first heading; draft: true', async () => {
    const store = await stores.open();
    const report = await importArticles(store, {
      format: 'markdown',
      files: [
        { path: 'guides/packing-tips.md', text: '# Packing tips\n\nRoll, do not fold.' },
        { path: 'draft.md', text: '---\ntitle: Not yet\ndraft: true\n---\nSoon.' },
      ],
    });
    expect(problemText(report)).toEqual([]);
    expect(await store.articles.get('packing-tips')).toMatchObject({
      kind: 'article',
      title: 'Packing tips',
      published: true,
    });
    expect(await store.articles.get('draft')).toMatchObject({
      title: 'Not yet',
      published: false,
      body: 'Soon.',
    });
  });

  test('duplicate ids, broken front matter and missing fields: every bad file named, nothing written', async () => {
    const store = await stores.open();
    await importArticles(store, { format: 'markdown', dir: FIXTURE_DIR });
    const before = await store.articles.list();
    const report = await importArticles(store, {
      format: 'markdown',
      files: [
        { path: 'a.md', text: '---\nid: same\ntitle: A\n---\nBody A' },
        { path: 'b.md', text: '---\nid: same\ntitle: B\n---\nBody B' },
        { path: 'broken.md', text: '---\nid: broken\ntitle: "unterminated\n---\nBody' },
        { path: 'unclosed.md', text: '---\nid: unclosed\ntitle: T\n\nBody without a closing line' },
        { path: 'empty-answer.md', text: '---\nid: faq-empty\nkind: faq\ntitle: Why?\n---\n\n' },
        { path: 'typo.md', text: '---\nid: typo\ntitel: Oops\nkind: blog\n---\n# Heading\n\nBody' },
        {
          path: 'fine.md',
          text: '---\nid: faq-return-window\nkind: faq\ntitle: Changed?\n---\nChanged answer.',
        },
      ],
    });
    expect(report.ok).toBe(false);
    expect(report.applied).toBeNull();
    expect(problemText(report)).toEqual(
      [
        'b.md (same) id: duplicate id "same" (also in a.md)',
        'broken.md (broken): front matter line 3: unterminated "double-quoted" string',
        'broken.md (broken) title: title is missing',
        'unclosed.md (unclosed): front matter line 1: front matter is not closed: no "---" line after the opening one',
        'unclosed.md (unclosed) title: title is missing',
        'unclosed.md (unclosed) body: body is missing or empty',
        'empty-answer.md (faq-empty) body: body (the answer) is missing or empty',
        'typo.md (typo) titel: unknown field "titel" (allowed: id, kind, title, body, alternatives, tags, locale, published)',
        'typo.md (typo) kind: kind must be "article" or "faq", got "blog"',
      ].sort((a, b) => order(a) - order(b)),
    );
    expect(await store.articles.list()).toEqual(before);
  });

  test('round trip: export to a folder, import into an empty store, same content; re-import changes nothing', async () => {
    const source = await stores.open();
    await importArticles(source, { format: 'markdown', dir: FIXTURE_DIR });
    await source.articles.create({
      id: 'odd:id',
      kind: 'faq',
      title: 'Odd "id"?',
      body: 'Yes.',
      alternatives: ['a | b'],
      published: false,
      locale: 'de-AT',
    });
    const exported = await exportArticles(source, { format: 'markdown' });
    expect(exported.format === 'markdown' && exported.files.map((f) => f.path)).toContain('odd%3Aid.md');
    const dir = join(stores.dir, 'exported');
    if (exported.format !== 'markdown') throw new Error('expected files');
    await writeMarkdownFiles(dir, exported.files);
    const target = await stores.open();
    const report = await importArticles(target, { format: 'markdown', dir });
    expect(problemText(report)).toEqual([]);
    expect(content(await target.articles.list())).toEqual(content(await source.articles.list()));
    const again = await importArticles(target, { format: 'markdown', dir });
    expect(again.applied).toMatchObject({ created: [], updated: [], deleted: [] });
    expect(again.applied!.unchanged).toHaveLength(8);
  });
});

/** Problems are reported in row order, then field order within a row. */
function order(line: string): number {
  return ['b.md', 'broken.md', 'unclosed.md', 'empty-answer.md', 'typo.md'].findIndex((f) =>
    line.startsWith(f),
  );
}

describe('CSV', () => {
  const header = 'id,kind,title,body,alternatives,tags,locale,published';

  test('imports rows with lists and booleans; exports and re-imports the same content', async () => {
    const store = await stores.open();
    const csv = [
      header,
      'faq-a,faq,Where is my parcel?,"Track it under **Orders**, then ""Track"".",Where is my order? | Has it shipped?,orders,en,true',
      'kb-b,article,Shipping guide,"# Shipping\n\nWe ship from the Netherlands.",,shipping|eu,en-GB,false',
    ].join('\r\n');
    const report = await importArticles(store, { format: 'csv', text: csv });
    expect(problemText(report)).toEqual([]);
    expect(await store.articles.get('faq-a')).toMatchObject({
      body: 'Track it under **Orders**, then "Track".',
      alternatives: ['Where is my order?', 'Has it shipped?'],
      tags: ['orders'],
    });
    expect(await store.articles.get('kb-b')).toMatchObject({
      tags: ['shipping', 'eu'],
      locale: 'en-GB',
      published: false,
      body: '# Shipping\n\nWe ship from the Netherlands.',
    });

    const exported = await exportArticles(store, { format: 'csv' });
    if (exported.format === 'markdown') throw new Error('expected text');
    const copy = await stores.open();
    expect(problemText(await importArticles(copy, { format: 'csv', text: exported.text }))).toEqual([]);
    expect(content(await copy.articles.list())).toEqual(content(await store.articles.list()));
  });

  test('every bad row is reported by its row (1 is the first below the header); nothing is written', async () => {
    const store = await stores.open();
    const csv = [
      header,
      'ok-1,faq,Fine?,Yes.,,,,',
      ',faq,No id,Body,,,,',
      'dup,article,First,Body,,,,',
      'dup,article,Second,Body,,,,',
      'bad-locale,faq,Q?,A.,,,english,maybe',
      'short,faq,Only three',
      'no-body,faq,Q?,,,,,',
    ].join('\n');
    const report = await importArticles(store, { format: 'csv', text: csv });
    expect(problemText(report)).toEqual([
      'row 2 id: id is missing',
      'row 4 (dup) id: duplicate id "dup" (also in row 3)',
      'row 5 (bad-locale) locale: locale must be a language tag such as "en" or "en-GB", got "english"',
      'row 5 (bad-locale) published: published must be true or false, got "maybe"',
      'row 6 (short): has 3 fields, the header 8',
      'row 6 (short) body: body (the answer) is missing or empty',
      'row 7 (no-body) body: body (the answer) is missing or empty',
    ]);
    expect(await store.articles.count()).toBe(0);
  });

  test('header and syntax problems', async () => {
    const store = await stores.open();
    expect(problemText(await importArticles(store, { format: 'csv', text: 'id,kind,titel,body\n' }))).toEqual(
      [
        'header: unknown column(s) "titel"; allowed: id, kind, title, body, alternatives, tags, locale, published',
        'header: missing column(s): title',
      ],
    );
    expect(
      problemText(await importArticles(store, { format: 'csv', text: `${header}\nx,faq,"open,quote` })),
    ).toEqual(['row 1: quoted field is not closed (line 2)']);
    expect(
      problemText(
        await importArticles(store, {
          format: 'csv',
          text: `${header}\nok,faq,Q?,"two\n\nlines"\n\nx,faq,"open`,
        }),
      ),
    ).toEqual(['row 2: quoted field is not closed (line 6)']);
    expect(problemText(await importArticles(store, { format: 'csv', text: '' }))).toEqual([
      'header: the CSV is empty (no header row)',
    ]);
  });
});

describe('JSON', () => {
  test('array or { articles }; exported version/updatedAt are ignored; round trip', async () => {
    const store = await stores.open();
    await importArticles(store, { format: 'markdown', dir: FIXTURE_DIR });
    const exported = await exportArticles(store, { format: 'json', kind: 'faq' });
    if (exported.format === 'markdown') throw new Error('expected text');
    expect(exported.count).toBe(4);
    const copy = await stores.open();
    expect(problemText(await importArticles(copy, { format: 'json', text: exported.text }))).toEqual([]);
    expect(content(await copy.articles.list())).toEqual(content(await store.articles.list({ kind: 'faq' })));
    const wrapped = JSON.stringify({ articles: [{ id: 'x', kind: 'faq', title: 'Q?', body: 'A.' }] });
    expect((await importArticles(copy, { format: 'json', text: wrapped })).applied?.created).toEqual(['x']);
  });

  test('wrong types, unknown fields, non-objects and invalid JSON', async () => {
    const store = await stores.open();
    const text = JSON.stringify([
      { id: 'a', kind: 'faq', title: 'Q', body: 'A', tags: 'not-a-list', published: 'yes' },
      'just a string',
      { id: 'b', kind: 'faq', title: ['Q'], body: 42, extra: 1 },
    ]);
    expect(problemText(await importArticles(store, { format: 'json', text }))).toEqual([
      'row 1 (a) tags: tags must be a list of text',
      'row 1 (a) published: published must be true or false, got "yes"',
      'row 2: not an object',
      'row 2 id: id is missing',
      'row 2 kind: kind is missing (article or faq)',
      'row 2 title: title is missing',
      'row 2 body: body is missing or empty',
      'row 3 (b) extra: unknown field "extra" (allowed: id, kind, title, body, alternatives, tags, locale, published)',
      'row 3 (b) title: title must be text',
      'row 3 (b) body: body must be text',
    ]);
    const invalid = await importArticles(store, { format: 'json', text: '[{"id": "a",}]' });
    expect(invalid.problems[0]).toMatchObject({
      row: 'JSON',
      message: expect.stringMatching(/^not valid JSON: /),
    });
    expect(problemText(await importArticles(store, { format: 'json', text: '{"id": "a"}' }))).toEqual([
      'JSON: expected an array of articles, or { "articles": [...] }',
    ]);
    expect(await store.articles.count()).toBe(0);
  });
});

describe('options and failures', () => {
  test('an article with script tags is imported with a warning (it is never rendered as markup)', async () => {
    const store = await stores.open();
    const report = await importArticles(store, {
      format: 'json',
      text: JSON.stringify([
        {
          id: 'kb-x',
          kind: 'article',
          title: 'X',
          body: 'Hi <script>alert(1)</script> <img src=x onerror=alert(1)>',
        },
      ]),
    });
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([
      {
        row: 'row 1',
        id: 'kb-x',
        field: 'body',
        message: expect.stringMatching(/never rendered as markup/),
      },
    ]);
  });

  test('dryRun validates without writing; replaceAll deletes what the import lacks', async () => {
    const store = await stores.open();
    await importArticles(store, { format: 'markdown', dir: FIXTURE_DIR });
    const one = JSON.stringify([{ id: 'kb-wool-care', kind: 'article', title: 'Wool', body: 'New body.' }]);
    const dry = await importArticles(
      store,
      { format: 'json', text: one },
      { dryRun: true, replaceAll: true },
    );
    expect(dry).toMatchObject({ ok: true, applied: null, dryRun: true });
    expect(await store.articles.count()).toBe(7);
    const real = await importArticles(store, { format: 'json', text: one }, { replaceAll: true });
    expect(real.applied).toMatchObject({ created: [], updated: ['kb-wool-care'], unchanged: [] });
    expect(real.applied!.deleted).toHaveLength(6);
    expect((await store.articles.list()).map((a) => [a.id, a.version])).toEqual([['kb-wool-care', 2]]);
  });

  test('an empty import is refused unless it is a replaceAll', async () => {
    const store = await stores.open();
    expect(problemText(await importArticles(store, { format: 'json', text: '[]' }))).toEqual([
      'source: nothing to import: no rows found',
    ]);
  });

  test('a store failure is reported and nothing is half-written', async () => {
    const store: Store = await stores.open();
    await store.close();
    const report = await importArticles(store, { format: 'markdown', dir: FIXTURE_DIR });
    expect(report.ok).toBe(false);
    expect(report.applied).toBeNull();
    expect(report.problems).toEqual([{ row: 'store', message: expect.any(String) }]);
  });

  test("a row the store refuses is named by its row, not by the store's 0-based index", async () => {
    const store: Store = await stores.open();
    // A store whose own checks are stricter than the importer's (here: it refuses the second row,
    // as SQLite's or MongoDB's own checks would), with the real store's message.
    const strict = {
      articles: {
        ...store.articles,
        importMany: (rows: Parameters<Store['articles']['importMany']>[0]) =>
          store.articles.importMany(rows.map((row, i) => (i === 1 ? { ...row, title: '' } : row))),
      },
    };
    const csv = ['id,kind,title,body', 'a,faq,A?,"Answer\n\nover lines"', '', 'b,faq,B?,Answer'].join('\n');
    const report = await importArticles(strict, { format: 'csv', text: csv });
    expect(report.applied).toBeNull();
    expect(report.problems).toEqual([{ row: 'row 2', id: 'b', message: 'title must be a non-empty string' }]);
    expect(await store.articles.count()).toBe(0);
  });

  test('a missing folder and oversized files are reported', async () => {
    const store = await stores.open();
    expect(
      problemText(await importArticles(store, { format: 'markdown', dir: join(stores.dir, 'nope') }))[0],
    ).toMatch(/cannot read the folder/);
    const dir = join(stores.dir, 'big');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'big.md'), `---\nid: big\ntitle: Big\n---\n${'x'.repeat(1_100_000)}`);
    expect(problemText(await importArticles(store, { format: 'markdown', dir }))).toEqual([
      'big.md: file is larger than 1000000 bytes',
    ]);
  });
});
