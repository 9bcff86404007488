/**
 * Gathers what the packet needs (transcript, CRM snapshot, what the bot understood) and builds it,
 * timing the whole thing: the budget is 20 ms from request to packet (measured by bench:handoff).
 */
import { performance } from 'node:perf_hooks';
import type { IntentRepository, MessageRepository } from '../store';
import type { CustomerSource } from './customers';
import type { InsightStore } from './insights';
import { buildPacket, type PacketAnalyzers } from './packet';
import type { EscalationPacket, PacketCustomer, Trigger } from './types';

export interface PacketRequest {
  conversationId: string;
  trigger: Trigger;
  customerId: string | null;
  notes?: readonly string[];
  team: string | null;
  category: string | null;
  requestedAt: Date;
  /** Snapshot already loaded by the caller (saves a read). */
  customer?: PacketCustomer | null;
}

/** Transcript read for a packet at most (the newest are kept). */
const MAX_TRANSCRIPT = 500;

export class PacketBuilder {
  constructor(
    private readonly deps: {
      messages: Pick<MessageRepository, 'listAfter'>;
      customers?: CustomerSource;
      insights: InsightStore;
      analyzers: PacketAnalyzers;
    },
  ) {}

  async build(request: PacketRequest): Promise<EscalationPacket> {
    const started = performance.now();
    const [messages, customer] = await Promise.all([
      this.deps.messages.listAfter(request.conversationId, 0, MAX_TRANSCRIPT),
      request.customer !== undefined
        ? request.customer
        : request.customerId && this.deps.customers
          ? this.deps.customers.snapshot(request.customerId)
          : null,
    ]);
    const computing = performance.now();
    const packet = buildPacket(
      {
        conversationId: request.conversationId,
        trigger: request.trigger,
        messages,
        turns: this.deps.insights.get(request.conversationId)?.turns ?? [],
        notes: request.notes,
        customer,
        team: request.team,
        category: request.category,
        requestedAt: request.requestedAt.toISOString(),
      },
      this.deps.analyzers,
    );
    const done = performance.now();
    packet.computeMs = Math.round((done - computing) * 100) / 100;
    packet.buildMs = Math.round((done - started) * 100) / 100;
    return packet;
  }
}

/** Intent → category from the store's intents, re-read at most once a minute. */
export class IntentCatalog {
  private categories: Map<string, string> | null = null;
  private loadedAt = 0;
  private loading: Promise<Map<string, string>> | null = null;

  constructor(
    private readonly intents: Pick<IntentRepository, 'list'>,
    private readonly clock: () => Date = () => new Date(),
    private readonly ttlMs = 60_000,
  ) {}

  /** Reads the intents now (at start), not during the first escalation. */
  async warm(): Promise<void> {
    await this.load();
  }

  async categoryOf(intent: string | undefined): Promise<string | null> {
    if (!intent) return null;
    const map = await this.load();
    return map.get(intent) ?? null;
  }

  private async load(): Promise<Map<string, string>> {
    const now = this.clock().getTime();
    if (this.categories && now - this.loadedAt < this.ttlMs) return this.categories;
    this.loading ??= this.intents
      .list()
      .then((list) => {
        this.categories = new Map(
          list.filter((i) => i.settings.category).map((i) => [i.name, i.settings.category!]),
        );
        this.loadedAt = this.clock().getTime();
        return this.categories;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
