import type { WikiJsDialectFactory, WikiJsVersion } from './dialect.js';
import { wikiJsV2 } from './v2/dialect.js';
import { wikiJsV3 } from './v3/dialect.js';

/** The Wiki.js majors this build speaks; a detected major missing here gets a clear UsageError. */
export const DIALECTS: Partial<Record<WikiJsVersion, WikiJsDialectFactory>> = {
  2: wikiJsV2,
  3: wikiJsV3,
};
