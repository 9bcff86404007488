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

test('broken quoting is an error with its line', () => {
  expect(() => parseCsv('id,body\n1,"never closed\n2,x')).toThrow(
    new CsvSyntaxError(2, 'quoted field is not closed'),
  );
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
