/** Demo data for Fellwick & Tarn, the fictional shop Parley's demo and tests talk about. See README.md. */
export {
  DEMO_LOCALE,
  demoArticles,
  demoFaqs,
  demoKnowledgeBase,
  type DemoArticle,
  type DemoFaq,
} from './articles';
export {
  FINAL_SALE_TAG,
  SHOP_CURRENCY,
  demoCatalogue,
  findProductBySku,
  type Product,
  type ProductCategory,
} from './catalogue';
export {
  DEMO_CUSTOMERS,
  GENERATED_CUSTOMER_COUNT,
  generateDemoCustomers,
  type DemoCustomer,
  type DemoGenerationOptions,
} from './customers';
export { DEMO_REFERENCE_DATE, DEMO_SEED } from './dates';
export { demoIntents, normalizeUtterance, type DemoIntent, type IntentCategory } from './intents';
export {
  DEMO_ORDER_NUMBERS,
  DEMO_TRACKING_NUMBERS,
  GENERATED_STATUS_COUNTS,
  ORDER_NUMBER_PATTERN,
  ORDER_STATUSES,
  TRACKING_NUMBER_PATTERN,
  formatOrderNumber,
  generateDemoData,
  generateDemoOrders,
  type DemoData,
  type DemoOrder,
} from './orders';
export { Rng, mulberry32, type Random } from './random';
export { isStoreEmpty, seedDemoData, type SeedCounts, type SeedOptions, type SeedReport } from './seed';
export {
  CARRIERS,
  DEMO_SHOP,
  SHIPPING_RATES,
  formatEuros,
  standardShippingFor,
  type ShippingRate,
  type ShippingRegion,
} from './shop';
export { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoUsers, type DemoUser } from './users';
