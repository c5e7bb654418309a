import type { AnalystTables } from './schema/analyst.js';
import type { ConversationsTables } from './schema/conversations.js';
import type { CoreTables } from './schema/core.js';
import type { DigestsTables } from './schema/digests.js';
import type { SamplingTables } from './schema/sampling.js';

export type * from './schema/core.js';

/** Every table Sift owns; each capability declares its own in db/schema/<capability>.ts. */
export interface Database extends CoreTables, ConversationsTables, SamplingTables, AnalystTables, DigestsTables {}
