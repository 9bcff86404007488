/** Entities in customer messages: people, dates, times, money, numbers, contact details, ids, products. */
export { extractEntities, MAX_ENTITY_CHARS } from './extract';
export { preloadCompromise as preloadEntities } from './compromise';
export type { ExtractOptions } from './extract';
export { ProductGazetteer, damerauLevenshtein } from './gazetteer';
export type { GazetteerOptions, ProductMatch } from './gazetteer';
export { DEFAULT_ORDER_NUMBER, DEFAULT_TRACKING_NUMBER } from './patterns';
export type { CatalogueItem, Entity, EntityType, Money } from './types';
export { BUILT_IN_ENTITY_KINDS } from './built-in';
export type { BuiltInEntityKind, BuiltInEntityType } from './built-in';
export { CustomEntityMatcher } from './custom';
export type { CustomEntityDefinitions, CustomEntityList, CustomEntityPattern } from './custom';
