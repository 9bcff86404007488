/**
 * compromise, for person names and the date expressions our fast resolver does not cover.
 *
 * compromise-dates is a plugin that changes compromise globally and makes every parse several times
 * slower, and other parts of nlp/ use compromise too. So entities gets a private compromise instance:
 * the self-contained CommonJS build is evaluated once more in its own module scope and the plugin is
 * added to that copy only. Loaded lazily, on the first message that needs it.
 */
import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Nlp = ((text: string) => any) & { plugin(p: unknown): void; world(): any };

let instance: Nlp | undefined;
let nameWords: Set<string> | undefined;

function loadPrivateCompromise(): Nlp {
  const path = require.resolve('compromise');
  const source = readFileSync(path, 'utf8');
  const factory = runInThisContext(`(function (module, exports) {${source}\n})`, { filename: path }) as (
    module: { exports: unknown },
    exports: unknown,
  ) => void;
  const mod: { exports: any } = { exports: {} };
  factory(mod, mod.exports);
  const nlp = (mod.exports.default ?? mod.exports) as Nlp;
  const dates = require('compromise-dates');
  nlp.plugin(dates.default ?? dates);
  return nlp;
}

export function compromise(): Nlp {
  instance ??= loadPrivateCompromise();
  return instance;
}

/**
 * Loads compromise now (about a second on these machines) instead of on the first message that needs
 * it. Servers call this at start-up; tests and scripts need not.
 */
export function preloadCompromise(): void {
  personNameWords();
  compromise()('warm up on Friday, said John').people();
}

/** Lower-case first and last names from compromise's lexicon: a cheap "might be a person" test. */
export function personNameWords(): Set<string> {
  if (!nameWords) {
    const nlp = compromise();
    const lexicon = nlp.world().model.one.lexicon as Record<string, string | string[]>;
    nameWords = new Set();
    for (const [word, tags] of Object.entries(lexicon)) {
      const list = Array.isArray(tags) ? tags : [tags];
      if (
        list.some(
          (t) =>
            t === 'FirstName' || t === 'MaleName' || t === 'FemaleName' || t === 'LastName' || t === 'Person',
        )
      ) {
        nameWords.add(word);
      }
    }
  }
  return nameWords;
}

export interface CompromiseSpan {
  start: number;
  end: number;
  text: string;
}

function spans(json: any[]): CompromiseSpan[] {
  const out: CompromiseSpan[] = [];
  for (const item of json) {
    const offset = item?.offset;
    if (!offset || typeof offset.start !== 'number' || typeof offset.length !== 'number') continue;
    out.push({ start: offset.start, end: offset.start + offset.length, text: String(item.text ?? '') });
  }
  return out;
}

export function findPeople(text: string): CompromiseSpan[] {
  return spans(compromise()(text).people().json({ offset: true }));
}

export interface CompromiseDate extends CompromiseSpan {
  /** Local wall-clock start, e.g. "2024-05-16T15:00:00.000-04:00". */
  startIso: string;
  endIso: string | undefined;
  unit: string | undefined;
}

export function findDatesWithCompromise(text: string, todayIso: string, timeZone: string): CompromiseDate[] {
  const json: any[] = compromise()(text)
    .dates({ today: todayIso, timezone: timeZone })
    .json({ offset: true });
  const out: CompromiseDate[] = [];
  json.forEach((item, i) => {
    const start = item?.dates?.start;
    const span = spans([item])[0];
    if (typeof start !== 'string' || !span || i < 0) return;
    const end = typeof item.dates.end === 'string' ? item.dates.end : undefined;
    out.push({ ...span, startIso: start, endIso: end, unit: item.dates.unit ?? undefined });
  });
  return out;
}
