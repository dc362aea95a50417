import type { Settings } from 'meilisearch';
import type { IndexSettings } from '../engine.ts';

/** Upper bound on hits a query can page through and on estimatedTotalHits (Meilisearch default: 1000). */
export const MAX_TOTAL_HITS = 10_000;

export const DEFAULT_EMBEDDER = 'default';

/**
 * The complete Meilisearch settings for an index, as desired state: applying them twice changes
 * nothing, and a setting dropped from IndexSettings is reset rather than left behind.
 */
export function toMeiliSettings(settings: IndexSettings, embedderName: string = DEFAULT_EMBEDDER): Settings {
  const chinese = settings.chineseAttributes ?? [];
  return {
    searchableAttributes: [...settings.searchableAttributes],
    filterableAttributes: [...settings.filterableAttributes],
    sortableAttributes: [...settings.sortableAttributes],
    synonyms: { ...(settings.synonyms ?? {}) },
    // Without this Meilisearch guesses the language per value, and short Chinese strings are often
    // taken for Japanese and segmented wrongly; 'cmn' makes it use its Chinese segmenter.
    localizedAttributes: chinese.length > 0 ? [{ attributePatterns: [...chinese], locales: ['cmn'] }] : [],
    typoTolerance: {
      enabled: true,
      // Discipline codes (0812 vs 0813), years and phone numbers must match exactly.
      disableOnNumbers: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    embedders:
      settings.vectorDimensions !== undefined
        ? { [embedderName]: { source: 'userProvided', dimensions: settings.vectorDimensions } }
        : null,
  };
}
