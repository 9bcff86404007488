/**
 * One intent per phrasing. A phrasing in two intents teaches the model both answers for the same
 * words, so every route that adds phrasings to an intent refuses one another intent already has
 * (409 `already_exists`, naming that intent), instead of leaving it for the next validation report.
 * "The same" is the report's own test for exact duplicates (normalizeUtterance: case, accents and
 * punctuation aside), so what the API lets through the report never calls a duplicate.
 *
 * Only phrasings an intent gains are checked: a duplicate stored before this check existed does not
 * block unrelated edits (the validation report still lists it).
 */
import { normalizeUtterance } from '../../nlp/training';
import type { Intent } from '../../store';
import { AppError } from '../errors';

export interface TakenPhrasing {
  /** As the request gave it. */
  text: string;
  /** The intent that has it already. */
  intent: string;
  intentId: string;
}

/** Keys of an intent's phrasings. */
const keysOf = (utterances: readonly string[]) => new Set(utterances.map(normalizeUtterance));

/**
 * The phrasings of `utterances` that are new to the intent (not in `previous`) and belong to another
 * intent of `all` (any but `selfId`).
 */
export function phrasingsTakenElsewhere(
  all: readonly Pick<Intent, 'id' | 'name' | 'utterances'>[],
  selfId: string | null,
  utterances: readonly string[],
  previous: readonly string[] = [],
): TakenPhrasing[] {
  const owner = new Map<string, Pick<Intent, 'id' | 'name'>>();
  for (const intent of all) {
    if (intent.id === selfId) continue;
    for (const key of keysOf(intent.utterances)) if (!owner.has(key)) owner.set(key, intent);
  }
  const had = keysOf(previous);
  const taken: TakenPhrasing[] = [];
  for (const text of utterances) {
    const key = normalizeUtterance(text);
    const other = had.has(key) ? undefined : owner.get(key);
    if (other) taken.push({ text, intent: other.name, intentId: other.id });
  }
  return taken;
}

/** What one taken phrasing is called in a message. */
export const takenMessage = ({ text, intent }: TakenPhrasing): string =>
  `"${text}" is already a phrasing of the intent ${intent}`;

/** The 409 for phrasings another intent has; `details.phrasings` lists them all. */
export function phrasingsTaken(taken: readonly TakenPhrasing[]): AppError {
  const more = taken.length > 1 ? ` (and ${taken.length - 1} more)` : '';
  return new AppError(
    409,
    'already_exists',
    `${takenMessage(taken[0])}${more}. A phrasing can belong to one intent only: remove it from ${taken[0].intent} first, or leave it out here. Nothing was saved.`,
    { phrasings: taken.map((t) => ({ ...t })) },
  );
}

/** Throws phrasingsTaken when any of `utterances` new to the intent is another intent's. */
export async function refuseTakenPhrasings(
  intents: { list(): Promise<Intent[]> },
  selfId: string | null,
  utterances: readonly string[] | undefined,
  previous: readonly string[] = [],
): Promise<void> {
  if (!utterances?.length) return;
  const taken = phrasingsTakenElsewhere(await intents.list(), selfId, utterances, previous);
  if (taken.length) throw phrasingsTaken(taken);
}
