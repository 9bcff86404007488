/**
 * What the bot understood of each customer message, kept per conversation while it is live: the
 * escalation packet reads intents with confidence from here, and the policy reads fallbacks in a row
 * and frustration. Bounded (least recently used conversations are dropped); the packet builder
 * re-analyses stored messages it has no record of, so a restart loses confidence values, not facts.
 */
export interface TurnEntity {
  type: string;
  text: string;
  value: unknown;
}

export interface TurnRecord {
  /** Seq of the customer message. */
  seq: number;
  intent: string;
  score: number;
  entities: TurnEntity[];
  sentiment: { score: number; frustration: boolean };
  /** The bot could not help with this message. */
  fallback: boolean;
}

export interface ConversationInsight {
  turns: TurnRecord[];
  fallbacksInRow: number;
  frustrationCount: number;
  /** The bot's last turn offered the customer a person: their next message answers it. */
  offerPending?: boolean;
}

export interface InsightStoreOptions {
  /** Conversations remembered (default 20 000). */
  maxConversations?: number;
  /** Turns remembered per conversation (default 100; the oldest go first). */
  maxTurns?: number;
}

export class InsightStore {
  private readonly byConversation = new Map<string, ConversationInsight>();
  private readonly maxConversations: number;
  private readonly maxTurns: number;

  constructor(options: InsightStoreOptions = {}) {
    this.maxConversations = options.maxConversations ?? 20_000;
    this.maxTurns = options.maxTurns ?? 100;
  }

  /** Records a turn (a repeat of the same seq replaces it) and returns the conversation's insight. */
  record(conversationId: string, turn: TurnRecord): ConversationInsight {
    const insight = this.touch(conversationId);
    insight.turns = withTurn(insight.turns, turn, this.maxTurns);
    insight.fallbacksInRow = turn.fallback ? insight.fallbacksInRow + 1 : 0;
    insight.frustrationCount = frustrated(insight.turns);
    return insight;
  }

  /**
   * The counts the mood trigger would read once this message is recorded, without recording it (the
   * dialogs ask before they answer; `record` runs after, with the same result).
   */
  moodCounts(
    conversationId: string,
    turn: Pick<TurnRecord, 'seq' | 'sentiment'>,
  ): { customerTurns: number; frustrationCount: number } {
    const turns = withTurn(this.byConversation.get(conversationId)?.turns ?? [], turn, this.maxTurns);
    return { customerTurns: turns.length, frustrationCount: frustrated(turns) };
  }

  /** Overrides the fallback count with the dialogs' own (they know when an answer really failed). */
  setFallbacksInRow(conversationId: string, count: number): void {
    this.touch(conversationId).fallbacksInRow = Math.max(0, Math.floor(count));
  }

  /** The bot just offered a person (or took back the offer: `false`). */
  setOfferPending(conversationId: string, pending: boolean): void {
    const insight = pending ? this.touch(conversationId) : this.byConversation.get(conversationId);
    if (insight) insight.offerPending = pending;
  }

  get(conversationId: string): ConversationInsight | undefined {
    return this.byConversation.get(conversationId);
  }

  /** After a hand-back the counters start again (the person dealt with what upset the customer). */
  resetCounters(conversationId: string): void {
    const insight = this.byConversation.get(conversationId);
    if (!insight) return;
    insight.fallbacksInRow = 0;
    insight.frustrationCount = 0;
    for (const turn of insight.turns) turn.sentiment.frustration = false;
  }

  forget(conversationId: string): void {
    this.byConversation.delete(conversationId);
  }

  get size(): number {
    return this.byConversation.size;
  }

  private touch(conversationId: string): ConversationInsight {
    let insight = this.byConversation.get(conversationId);
    if (insight) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.byConversation.delete(conversationId);
    } else {
      insight = { turns: [], fallbacksInRow: 0, frustrationCount: 0 };
      if (this.byConversation.size >= this.maxConversations)
        this.byConversation.delete(this.byConversation.keys().next().value as string);
    }
    this.byConversation.set(conversationId, insight);
    return insight;
  }
}

/** The turns with `turn` added (or replacing the one with its seq), the oldest dropped past `max`. */
function withTurn<T extends Pick<TurnRecord, 'seq'>>(turns: readonly T[], turn: T, max: number): T[] {
  const next = turns.some((t) => t.seq === turn.seq)
    ? turns.map((t) => (t.seq === turn.seq ? turn : t))
    : [...turns, turn];
  return next.length > max ? next.slice(next.length - max) : next;
}

function frustrated(turns: readonly Pick<TurnRecord, 'sentiment'>[]): number {
  return turns.filter((t) => t.sentiment.frustration).length;
}
