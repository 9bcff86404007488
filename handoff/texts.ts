/** What the handoff module says to customers. Override any of them through the service's `texts`. */
import { describeWait } from './queue';

export interface HandoffTexts {
  connecting: string;
  queued(position: number, waitSeconds: number | null): string;
  alreadyQueued: string;
  noAgent: string;
  afterHours(hours: string): string;
  maxWait: string;
  askEmailAgain: string;
  /** A dialog wanted a person after the customer declined the email offer, and nobody is available still. */
  stillNobody: string;
  ticketCreated(ticketId: string, email: string): string;
  joined(agentName: string): string;
  transferredToAgent(from: string, to: string): string;
  transferredToTeam(from: string, team: string): string;
  resolved(agentName: string): string;
  /** `assistant`: how the bot is called to customers (the service's `assistantName`). */
  handedBack(agentName: string, assistant: string): string;
  csatQuestion: string;
  csatThanks(score: number): string;
  initiated: string;
}

const shortRef = (id: string) => id.replace(/-/g, '').slice(0, 8).toUpperCase();

/** How the bot is called when the deployment names no shop: never the product's own name. */
export const DEFAULT_ASSISTANT_NAME = 'our assistant';

/** "the Fellwick & Tarn assistant" for a shop's name. */
export function assistantOf(shopName: string): string {
  const name = shopName.trim();
  return name ? `the ${name} assistant` : DEFAULT_ASSISTANT_NAME;
}

export const DEFAULT_TEXTS: HandoffTexts = {
  connecting:
    "I'm connecting you with a person from our team now. They can see everything we've said, so you won't need to repeat yourself.",
  queued: (position, wait) =>
    `I've asked a person from our team to join. You're number ${position} in the queue` +
    (wait !== null ? ` — the wait is ${describeWait(wait)}.` : '.') +
    " They'll see everything we've said, so you won't need to repeat yourself.",
  alreadyQueued: "You're already in the queue — a person from our team will be with you shortly.",
  noAgent:
    "Nobody from our team is available right now. If you leave your email address, I'll create a ticket with this whole conversation and we'll reply by email. You can also stay here — if someone comes online they'll pick this up.",
  afterHours: (hours) =>
    `Our team is offline at the moment (we're here ${hours}). Leave your email address and I'll create a ticket with this whole conversation — we'll reply by email.`,
  maxWait:
    "Sorry this is taking a while — everyone is busy. If you'd rather not wait, leave your email address and I'll create a ticket with this conversation so we can reply by email. Otherwise, stay here and you'll keep your place.",
  askEmailAgain:
    "If you'd like a reply by email, just type your email address (like name@example.com). Otherwise, hold on — you're still in the queue.",
  stillNobody:
    'Nobody from our team is available yet, so I\'ll keep helping here. Whenever you\'d like a reply by email instead, say "talk to a person" and leave your email address.',
  ticketCreated: (ticketId, email) =>
    `Thanks! I've created ticket ${shortRef(ticketId)} with everything you've written, and our team will reply to ${email}. Is there anything else I can help with in the meantime?`,
  joined: (name) => `${name} from our team has joined the chat.`,
  transferredToAgent: (from, to) => `${from} has passed this chat to ${to}, who will take it from here.`,
  transferredToTeam: (from, team) =>
    `${from} is passing this chat to our ${team} team — someone will be with you shortly.`,
  resolved: (name) => `${name} has marked this chat as resolved.`,
  handedBack: (name, assistant) =>
    `${name} has handed you back to ${assistant}. Ask me anything — or say "talk to a person" to reach the team again.`,
  csatQuestion: 'Before you go: how would you rate this chat, from 1 (poor) to 5 (great)?',
  csatThanks: (score) =>
    score >= 4
      ? 'Thanks for the feedback — glad we could help!'
      : "Thanks for telling us. We'll use it to do better.",
  initiated: 'Handing over to a person from our team.',
};
