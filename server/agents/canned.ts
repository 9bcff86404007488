/** Canned responses for the console; typed as "/shortcut" and expanded with Tab. Deployments pass their own. */
import type { CannedResponseView } from '../../console/protocol';

export const DEFAULT_CANNED_RESPONSES: readonly CannedResponseView[] = [
  {
    shortcut: 'hi',
    title: 'Greeting',
    text: "Hi, thanks for waiting — I've read through your conversation with our assistant and I'm looking into it now.",
  },
  { shortcut: 'check', title: 'Checking', text: 'Let me check that for you — it will take a minute or two.' },
  {
    shortcut: 'track',
    title: 'Tracking',
    text: "I've checked with the carrier: your parcel is on its way. You can follow it with the tracking link in your shipping email.",
  },
  {
    shortcut: 'refund',
    title: 'Refund timing',
    text: 'Refunds go back to the original payment method within 5–10 business days of us receiving the return.',
  },
  {
    shortcut: 'return',
    title: 'Return label',
    text: "I've set up the return and emailed you a prepaid label. Pack the item unused with its tags on and drop it at any parcel point.",
  },
  {
    shortcut: 'sorry',
    title: 'Apology',
    text: "I'm sorry about this — that isn't the experience we want you to have. Let me put it right.",
  },
  { shortcut: 'else', title: 'Anything else', text: 'Is there anything else I can help you with today?' },
  { shortcut: 'bye', title: 'Closing', text: 'Thanks for your patience today. Take care!' },
];
