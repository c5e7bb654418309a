export { Sift } from './client.js';
export { SiftConversation } from './conversation.js';
export { SiftError } from './errors.js';
export type { SiftOptions } from './transport.js';
export type * from './types.js';
