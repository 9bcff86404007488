/**
 * Turns what the bot and agents send into render models: Bot Framework cards (receipt for orders,
 * hero/thumbnail for articles and products, a simplified adaptive card), quick replies, the CSAT
 * prompt, and the conversation's events (handoff started, queue, an agent joined, hand-back, "leave
 * your email"). Untrusted input throughout: every field is type-checked and URLs are allow-listed.
 */
import type { ChatMessageView } from '../../protocol';
import { safeUrl, type LinkOptions } from '../../protocol/chat-markdown';

/** What a button does: send `value` as the customer's message, or open `value` in a new tab. */
export interface Action {
  kind: 'send' | 'open';
  title: string;
  value: string;
  /** An `open` action to an article of the help centre on the Parley server (a knowledge-base source). */
  help?: boolean;
}

/** The path of the help centre's articles on the Parley server (`/help/<id>#<anchor>`). */
const HELP_ARTICLE_PATH = /^\/help\/[^/]+$/;

/** True when `url` is an article page of the help centre on the `base` origin (the Parley server). */
export function isHelpArticle(url: string, base: string | undefined): boolean {
  if (base === undefined) return false;
  try {
    const parsed = new URL(url);
    return parsed.origin === new URL(base).origin && HELP_ARTICLE_PATH.test(parsed.pathname);
  } catch {
    return false;
  }
}

export interface ReceiptModel {
  kind: 'receipt';
  title?: string;
  facts: { key: string; value: string }[];
  items: { title: string; subtitle?: string; price?: string; quantity?: string; image?: string }[];
  total?: string;
  tax?: string;
  vat?: string;
  actions: Action[];
}

export interface HeroModel {
  kind: 'hero';
  title?: string;
  subtitle?: string;
  text?: string;
  image?: { url: string; alt: string };
  facts: { key: string; value: string }[];
  actions: Action[];
}

export interface FileModel {
  kind: 'file';
  name: string;
  url: string;
  image: boolean;
}

export type CardModel = ReceiptModel | HeroModel | FileModel;

export const CONTENT_TYPES = {
  receipt: 'application/vnd.microsoft.card.receipt',
  hero: 'application/vnd.microsoft.card.hero',
  thumbnail: 'application/vnd.microsoft.card.thumbnail',
  adaptive: 'application/vnd.microsoft.card.adaptive',
  event: 'application/vnd.parley.event',
  suggestedActions: 'application/vnd.parley.suggested-actions',
} as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 2000): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.slice(0, max) : typeof v === 'number' ? String(v) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v.slice(0, 50) : []);

/**
 * Image URLs: http(s) only (root-relative ones on the `links.base` origin), or inline raster/SVG
 * images (an <img> never runs SVG scripts).
 */
export function safeImageUrl(raw: unknown, links: LinkOptions = {}): string | undefined {
  const url = str(raw, 100_000);
  if (!url) return undefined;
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(url)) return url;
  const safe = safeUrl(url, links.base);
  return safe && /^https?:/i.test(safe) ? safe : undefined;
}

/**
 * Bot Framework card actions (and adaptive-card actions) the widget can perform. Root-relative links
 * open on the `links.base` origin (the Parley server); links to its help centre's articles are marked.
 */
export function toAction(raw: unknown, links: LinkOptions = {}): Action | null {
  if (!isObject(raw)) return null;
  const type = String(raw.type ?? '');
  const title = str(raw.title, 200) ?? str(raw.text, 200);
  if (type === 'openUrl' || type === 'Action.OpenUrl') {
    const url = safeUrl(str(raw.value ?? raw.url) ?? '', links.base);
    if (!url) return null;
    const action: Action = { kind: 'open', title: title ?? url, value: url };
    if (isHelpArticle(url, links.base)) action.help = true;
    return action;
  }
  if (['imBack', 'postBack', 'messageBack', 'Action.Submit'].includes(type)) {
    const data =
      isObject(raw.data) && isObject(raw.data.msteams)
        ? (raw.data.msteams.value ?? raw.data.msteams.text)
        : raw.data;
    const value = str(raw.value) ?? str(raw.text) ?? str(data) ?? str(raw.displayText) ?? title;
    return value ? { kind: 'send', title: title ?? value, value } : null;
  }
  return null;
}

const actions = (raw: unknown, links: LinkOptions): Action[] =>
  list(raw)
    .map((action) => toAction(action, links))
    .filter((a): a is Action => a !== null)
    .slice(0, 6);
const facts = (raw: unknown): { key: string; value: string }[] =>
  list(raw)
    .filter(isObject)
    .map((f) => ({ key: str(f.key ?? f.title, 200) ?? '', value: str(f.value, 500) ?? '' }))
    .filter((f) => f.key || f.value);

/** One attachment as a card; root-relative URLs in it resolve against `links.base` (the Parley server). */
export function toCard(raw: unknown, links: LinkOptions = {}): CardModel | null {
  if (!isObject(raw)) return null;
  const type = raw.contentType;
  const content = isObject(raw.content) ? raw.content : {};
  if (type === CONTENT_TYPES.receipt) {
    return {
      kind: 'receipt',
      title: str(content.title, 300),
      facts: facts(content.facts),
      items: list(content.items)
        .filter(isObject)
        .map((item) => ({
          title: str(item.title, 300) ?? '',
          subtitle: str(item.subtitle, 300),
          price: str(item.price, 50),
          quantity: str(item.quantity, 20),
          image: safeImageUrl(isObject(item.image) ? item.image.url : undefined, links),
        }))
        .filter((item) => item.title),
      total: str(content.total, 50),
      tax: str(content.tax, 50),
      vat: str(content.vat, 50),
      actions: actions(content.buttons, links),
    };
  }
  if (type === CONTENT_TYPES.hero || type === CONTENT_TYPES.thumbnail) {
    const image = list(content.images).filter(isObject)[0];
    const url = image && safeImageUrl(image.url, links);
    return {
      kind: 'hero',
      title: str(content.title, 300),
      subtitle: str(content.subtitle, 300),
      text: str(content.text, 4000),
      image: url ? { url, alt: str(image!.alt, 300) ?? '' } : undefined,
      facts: [],
      actions: actions(content.buttons ?? (isObject(content.tap) ? [content.tap] : []), links),
    };
  }
  if (type === CONTENT_TYPES.adaptive) return fromAdaptive(content, links);
  const contentUrl = str(raw.contentUrl, 4000);
  if (contentUrl && typeof type === 'string') {
    const image = /^image\//.test(type);
    const url = image ? safeImageUrl(contentUrl, links) : safeUrl(contentUrl, links.base);
    if (url) return { kind: 'file', name: str(raw.name, 200) ?? (image ? '' : url), url, image };
  }
  return null;
}

/** Adaptive cards, simplified: text blocks, fact sets, the first image and the card's actions. */
function fromAdaptive(card: Json, links: LinkOptions): HeroModel | null {
  const texts: string[] = [];
  let title: string | undefined;
  let image: HeroModel['image'];
  const factList: HeroModel['facts'] = [];
  const acts: Action[] = [...actions(card.actions, links)];
  const walk = (elements: unknown, depth: number): void => {
    if (depth > 4) return;
    for (const el of list(elements).filter(isObject)) {
      if (el.type === 'TextBlock' && str(el.text)) {
        const strong =
          el.weight === 'Bolder' || el.size === 'Large' || el.size === 'ExtraLarge' || el.style === 'heading';
        if (!title && strong) title = str(el.text, 300);
        else texts.push(str(el.text)!);
      } else if (el.type === 'FactSet') factList.push(...facts(el.facts));
      else if (el.type === 'Image' && !image) {
        const url = safeImageUrl(el.url, links);
        if (url) image = { url, alt: str(el.altText, 300) ?? '' };
      } else if (el.type === 'ActionSet') acts.push(...actions(el.actions, links));
      else if (el.type === 'Container') walk(el.items, depth + 1);
      else if (el.type === 'ColumnSet')
        for (const col of list(el.columns).filter(isObject)) walk(col.items, depth + 1);
    }
  };
  walk(card.body, 0);
  if (!title && !texts.length && !factList.length && !image) return null;
  return {
    kind: 'hero',
    title,
    text: texts.join('\n\n') || undefined,
    image,
    facts: factList,
    actions: acts.slice(0, 6),
  };
}

export function cardsOf(message: Pick<ChatMessageView, 'attachments'>, links: LinkOptions = {}): CardModel[] {
  return list(message.attachments)
    .map((attachment) => toCard(attachment, links))
    .filter((c): c is CardModel => c !== null);
}

/** The CSAT prompt is a choice of 1–5 offered as quick replies: the widget shows stars for it. */
export function isRatingPrompt(message: Pick<ChatMessageView, 'quickReplies'>): boolean {
  const values = (message.quickReplies ?? []).map((q) => String(q.value).trim());
  return values.length === 5 && values.every((v, i) => v === String(i + 1));
}

export type Notice =
  | { kind: 'handoff' }
  | { kind: 'queued'; position: number | null; waitSeconds: number | null }
  | { kind: 'agent-joined'; name: string | null }
  /** `name`: the person the chat went to, when it went to a person (not to a team's queue). */
  | { kind: 'transferred'; name: string | null }
  | { kind: 'handed-back' }
  | { kind: 'ended' }
  | { kind: 'email-request' }
  | { kind: 'rated'; score: number }
  | { kind: 'text'; text: string };

/** The event a message carries: `event` on the view, or the stored event attachment. */
export function eventOf(
  message: Pick<ChatMessageView, 'attachments'> & { event?: unknown },
): { name: string; value: Json } | null {
  const candidates = [
    message.event,
    ...list(message.attachments).map((a) =>
      isObject(a) && a.contentType === CONTENT_TYPES.event ? a.content : undefined,
    ),
  ];
  for (const candidate of candidates) {
    if (isObject(candidate) && typeof candidate.name === 'string')
      return { name: candidate.name, value: isObject(candidate.value) ? candidate.value : {} };
  }
  return null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

/** What a system message means to the customer; null for events that show nothing. */
export function noticeOf(message: ChatMessageView): Notice | null {
  const event = eventOf(message);
  if (event) {
    const v = event.value;
    const agentName =
      str(v.agentName, 100) ?? (isObject(v.agent) ? str(v.agent.name, 100) : undefined) ?? str(v.name, 100);
    switch (event.name) {
      case 'handoff.initiate':
        return { kind: 'handoff' };
      case 'handoff.status':
        switch (v.state) {
          case 'queued':
            return {
              kind: 'queued',
              position: num(v.position),
              waitSeconds: num(v.estimatedWaitSeconds ?? v.waitSeconds),
            };
          case 'accepted':
            return { kind: 'agent-joined', name: agentName ?? null };
          case 'transferred':
            return { kind: 'transferred', name: agentName ?? null };
          case 'handed_back':
            return { kind: 'handed-back' };
          case 'completed':
            // The agent handed the chat back to the bot: it goes on, nothing ended.
            if (v.resolution === 'handed_back') return { kind: 'handed-back' };
            // A handoff that ended as an email ticket says so in its own words.
            if (v.reason === 'ticket_created' && message.text.trim())
              return { kind: 'text', text: message.text.trim() };
            return { kind: 'ended' };
          case 'failed':
            return { kind: 'email-request' };
        }
        break;
      case 'parley.queue':
        return {
          kind: 'queued',
          position: num(v.position),
          waitSeconds: num(v.estimatedWaitSeconds ?? v.waitSeconds),
        };
      case 'parley.agent-joined':
        return { kind: 'agent-joined', name: agentName ?? null };
      case 'parley.leave-email':
      case 'parley.email-request':
        return { kind: 'email-request' };
      case 'parley.csat': {
        const score = num(v.score);
        return score !== null && score >= 1 && score <= 5 ? { kind: 'rated', score } : null;
      }
    }
  }
  const text = message.text.trim();
  return text ? { kind: 'text', text } : null;
}

/**
 * Who has the conversation after this message, as the handoff says it (the server's conversation
 * state); null when the message does not change it. A transfer may go to another person or back to a
 * team's queue, and an offer to leave an email keeps the customer in the queue: both null.
 */
export function handoffStateOf(
  message: Pick<ChatMessageView, 'attachments'> & { event?: unknown },
): 'bot' | 'queued' | 'agent' | null {
  const event = eventOf(message);
  switch (event?.name) {
    case 'handoff.initiate':
    case 'parley.queue':
      return 'queued';
    case 'parley.agent-joined':
      return 'agent';
    case 'handoff.status':
      switch (event.value.state) {
        case 'queued':
          return 'queued';
        case 'accepted':
          return 'agent';
        case 'handed_back':
        case 'completed':
          // Handed back, resolved, or closed as an email ticket: the bot has the conversation again.
          return 'bot';
      }
  }
  return null;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
export const isEmail = (s: string): boolean => s.length <= 254 && EMAIL.test(s.trim());
