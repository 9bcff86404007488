import { CsvSyntaxError, formatCsv, parseCsv } from './csv';

test('RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes, CRLF, BOM', () => {
  const text = '\uFEFFid,body\r\n1,"He said ""hi"", then left"\r\n2,"line one\nline two"\n\n3,plain\n';
  expect(parseCsv(text)).toEqual([
    { line: 1, cells: ['id', 'body'] },
    { line: 2, cells: ['1', 'He said "hi", then left'] },
    { line: 3, cells: ['2', 'line one\nline two'] },
    { line: 6, cells: ['3', 'plain'] },
  ]);
  expect(parseCsv('a,,c\n')).toEqual([{ line: 1, cells: ['a', '', 'c'] }]);
  expect(parseCsv('')).toEqual([]);
});

test('a lone CR ends a line too, inside quotes and between records', () => {
  expect(parseCsv('id,body\r1,"a\rb"\r2,c\r')).toEqual([
    { line: 1, cells: ['id', 'body'] },
    { line: 2, cells: ['1', 'a\rb'] },
    { line: 4, cells: ['2', 'c'] },
  ]);
});

/** The error parseCsv throws, for its fields. */
const syntaxError = (text: string): CsvSyntaxError => {
  try {
    parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error('parsed without an error');
};

test('broken quoting is an error with its line and its record (1 is the header; blank lines not counted)', () => {
  expect(() => parseCsv('id,body\n1,"never closed\n2,x')).toThrow(
    new CsvSyntaxError(2, 'quoted field is not closed', 2),
  );
  expect(syntaxError('id,body\n1,"two\nlines"\n\n2,a"b')).toMatchObject({ line: 5, record: 3 });
  expect(syntaxError('id,"body\n1,x')).toMatchObject({ line: 1, record: 1 });
  expect(syntaxError('id,body\r1,x\r2,"open')).toMatchObject({ line: 3, record: 3 });
  expect(() => parseCsv('id,body\n1,"closed"extra')).toThrow(/line 2: text after a closing quote/);
  expect(() => parseCsv('id,body\n1,a"b')).toThrow(/line 2: a quote inside an unquoted field/);
});

test('formatCsv quotes only when needed and round-trips', () => {
  const rows = [
    ['id', 'body'],
    ['1', 'plain'],
    ['2', 'a, "b"\nc'],
    ['3', ' padded '],
  ];
  const text = formatCsv(rows);
  expect(text).toBe('id,body\r\n1,plain\r\n2,"a, ""b""\nc"\r\n3," padded "\r\n');
  expect(parseCsv(text).map((r) => r.cells)).toEqual(rows);
});
