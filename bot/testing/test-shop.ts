import type { SupportBotDependencies } from '../create-support-bot';

/** The shop settings the bot's unit tests build SupportBot with: no catalogue, a 30-day return window. */
export const TEST_SHOP: Pick<SupportBotDependencies, 'policy' | 'catalogue' | 'shopName'> = {
  policy: { windowDays: 30, finalSaleTag: 'final-sale' },
  catalogue: [],
  shopName: 'Test Shop',
};
