/** Customer relationship data for the bot: verified identity, profiles, order lookups, insights, recommendations. */
export { AttemptLimiter, type AttemptDecision, type AttemptLimiterOptions } from './attempt-limiter';
export {
  CustomerIdentity,
  signCustomerId,
  type CustomerIdentityOptions,
  type VerifiedCustomer,
} from './identity';
export { daysBetween, mostRelevantOrder, returnableOrders } from './insights';
export {
  OrderLookup,
  normalizeEmail,
  normalizeOrderNumber,
  type OrderLookupOptions,
  type OrderLookupResult,
  type VisitorOrderQuery,
} from './order-lookup';
export { CustomerProfiles, firstName, type CustomerProfile, type CustomerProfilesOptions } from './profiles';
export {
  Recommender,
  similarity,
  type CatalogueProduct,
  type Recommendation,
  type RecommenderOptions,
} from './recommender';
export {
  CustomerCare,
  productName,
  type CustomerCareOptions,
  type ReturnCondition,
  type ReturnRequest,
} from './care';
/** Store types the bot's dialogs read (re-exported so they need not import the store). */
export type {
  Conversation,
  ConversationRepository,
  Customer,
  Message,
  Order,
  OrderLine,
  OrderStatus,
  Ticket,
} from '../store';
export { StoreError } from '../store';
