import type { QuickReply } from './replies';

/** What the bot offers when it does not know what the customer wants. */
export const DEFAULT_TOPICS: QuickReply[] = [
  { title: 'Where is my order?', value: 'Where is my order?' },
  { title: 'Return an item', value: 'I want to return an item' },
  { title: 'Shipping costs', value: 'How much is shipping?' },
  { title: 'Talk to a person', value: 'Talk to a person' },
];
