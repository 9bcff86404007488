export * from './reply-engine';
export * from './intent-reply-engine';
