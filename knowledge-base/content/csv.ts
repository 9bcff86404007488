/**
 * CSV as RFC 4180 writes it: comma-separated, fields optionally in double quotes, `""` for a quote
 * inside one, line breaks allowed inside quotes, CRLF or LF between records, an optional BOM.
 */

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    /** 1-based line of the file where the fault is. */
    readonly line: number,
    message: string,
    /**
     * 1-based position of the broken record among the file's records (blank lines not counted): 1 is
     * the header, so with a header row this less one is the data row an import names.
     */
    readonly record: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses CSV text into records (blank lines skipped). Throws CsvSyntaxError on broken quoting. */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const start = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let cell = '';
      if (s[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          if (i >= s.length)
            throw new CsvSyntaxError(opened, 'quoted field is not closed', records.length + 1);
          const c = s[i];
          if (c === '"') {
            if (s[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          // A line break inside quotes is part of the cell; "\r\n", "\n" and a lone "\r" each end a line.
          if (c === '\n' || (c === '\r' && s[i + 1] !== '\n')) line++;
          if (c === '\r' && s[i + 1] === '\n') {
            i++;
            continue;
          }
          cell += c;
          i++;
        }
        if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          throw new CsvSyntaxError(
            line,
            'text after a closing quote (use "" for a quote inside a quoted field)',
            records.length + 1,
          );
        }
      } else {
        while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          if (s[i] === '"')
            throw new CsvSyntaxError(
              line,
              'a quote inside an unquoted field (quote the whole field)',
              records.length + 1,
            );
          cell += s[i];
          i++;
        }
      }
      cells.push(cell);
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (s[i] === '\r' || s[i] === '\n') {
        i += s[i] === '\r' && s[i + 1] === '\n' ? 2 : 1;
        line++;
      }
      endOfRecord = true;
    }
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
  }
  return records;
}

const needsQuotes = (value: string) => /[",\r\n]/.test(value) || /^\s|\s$/.test(value);

/** One CSV line per row (CRLF between records, as RFC 4180 has it). */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => row.map((cell) => (needsQuotes(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(','))
    .join('\r\n')
    .concat('\r\n');
}
