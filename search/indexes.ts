import type { IndexSettings } from './engine.ts';

/**
 * The four search indexes and their documents. Built from the database by the outbox worker
 * (server/jobs/), read by search routes and the matcher. Confidential challenges are indexed
 * with their public summary only, so no search or match path can reveal NDA text.
 */

/**
 * Share of vector score in hybrid search when the caller does not choose. Measured on the CSL
 * tasks (`npm run eval`): 0.2 beats character-bigram BM25 on both long (T1) and short (T2) queries;
 * higher ratios favour long texts (the matcher passes its own).
 */
export const DEFAULT_SEMANTIC_RATIO = 0.2;

export const INDEX = {
  challenges: 'challenges',
  mentors: 'mentors',
  capabilities: 'capabilities',
  topics: 'topics',
} as const;
export type IndexName = (typeof INDEX)[keyof typeof INDEX];

export interface ChallengeDoc {
  id: string;
  title: string;
  /** Public summary (NDA) or summary + background + goals + deliverables (public). */
  text: string;
  skills: string[];
  disciplines: string[];
  kind: string;
  degreeType: string;
  degreeLevel: string;
  region: string;
  industry: string | null;
  orgId: string;
  orgName: string;
  state: string;
  confidentiality: 'public' | 'nda';
  /** Epoch ms, for sorting. */
  createdAt: number;
}

export interface MentorPublicationDoc {
  id: string;
  title: string;
  abstract: string;
}

export interface MentorDoc {
  id: string;
  kind: 'campus' | 'industry';
  name: string;
  title: string;
  homeOrgId: string;
  homeOrgName: string;
  poolOrgId: string;
  region: string;
  disciplines: string[];
  state: string;
  capacity: number;
  load: number;
  capacityLeft: number;
  interests: string;
  projects: string;
  /** Titles and abstracts joined, for keyword search. */
  publicationText: string;
  /** Kept whole so the matcher can quote the best-matching passage as evidence. */
  publications: MentorPublicationDoc[];
  /** Mean grade (0–100) of graded work this mentor delivered, and how many. */
  avgGrade: number | null;
  gradedCount: number;
}

export interface CapabilityDoc {
  id: string;
  name: string;
  kind: string;
  orgId: string;
  orgName: string;
  directions: string[];
  achievements: string;
  equipment: string;
  disciplines: string[];
}

export interface TopicDoc {
  id: string;
  title: string;
  description: string;
  disciplines: string[];
  degreeType: string;
  cohort: number;
  capacity: number;
  orgId: string;
  orgName: string;
  state: string;
  fromIndustry: boolean;
  challengeId: string | null;
  supervisorId: string;
  industryMentorId: string | null;
}

const zh = (attrs: string[]) => attrs;

export function indexSettings(dimensions: number): Record<IndexName, IndexSettings> {
  return {
    challenges: {
      primaryKey: 'id',
      searchableAttributes: ['title', 'skills', 'text', 'orgName'],
      filterableAttributes: [
        'disciplines',
        'kind',
        'degreeType',
        'degreeLevel',
        'region',
        'industry',
        'orgId',
        'state',
        'confidentiality',
      ],
      sortableAttributes: ['createdAt'],
      chineseAttributes: zh(['title', 'skills', 'text', 'orgName']),
      synonyms: SYNONYMS,
      vectorDimensions: dimensions,
    },
    mentors: {
      primaryKey: 'id',
      searchableAttributes: ['interests', 'name', 'publicationText', 'projects', 'homeOrgName'],
      filterableAttributes: [
        'kind',
        'disciplines',
        'region',
        'state',
        'poolOrgId',
        'homeOrgId',
        'capacityLeft',
      ],
      sortableAttributes: ['capacityLeft', 'avgGrade'],
      chineseAttributes: zh(['interests', 'name', 'publicationText', 'projects', 'homeOrgName']),
      synonyms: SYNONYMS,
      vectorDimensions: dimensions,
    },
    capabilities: {
      primaryKey: 'id',
      searchableAttributes: ['name', 'directions', 'achievements', 'equipment', 'orgName'],
      filterableAttributes: ['orgId', 'disciplines', 'kind'],
      sortableAttributes: [],
      chineseAttributes: zh(['name', 'directions', 'achievements', 'equipment', 'orgName']),
      synonyms: SYNONYMS,
      vectorDimensions: dimensions,
    },
    topics: {
      primaryKey: 'id',
      searchableAttributes: ['title', 'description', 'orgName'],
      filterableAttributes: ['orgId', 'disciplines', 'degreeType', 'cohort', 'state', 'fromIndustry'],
      sortableAttributes: ['cohort'],
      chineseAttributes: zh(['title', 'description', 'orgName']),
      synonyms: SYNONYMS,
      vectorDimensions: dimensions,
    },
  };
}

/** Common Chinese/English equivalences in industry vocabulary. */
export const SYNONYMS: Record<string, string[]> = {
  人工智能: ['ai'],
  ai: ['人工智能'],
  机器学习: ['machine learning'],
  深度学习: ['deep learning'],
  集成电路: ['芯片', 'ic'],
  芯片: ['集成电路'],
  新能源汽车: ['电动汽车', 'ev'],
  电动汽车: ['新能源汽车'],
  锂电池: ['锂离子电池'],
  锂离子电池: ['锂电池'],
  物联网: ['iot'],
  iot: ['物联网'],
  大数据: ['big data'],
  计算机视觉: ['cv', '机器视觉'],
  机器视觉: ['计算机视觉'],
};

/** The text a document is embedded from: what it is about, in order of importance. */
export function embeddingText(index: IndexName, doc: Record<string, unknown>): string {
  const s = (k: string) => {
    const v = doc[k];
    return Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : '';
  };
  switch (index) {
    case 'challenges':
      return [s('title'), s('skills'), s('text')].join('\n');
    case 'mentors':
      return [s('interests'), s('projects'), s('publicationText')].join('\n').slice(0, 8000);
    case 'capabilities':
      return [s('name'), s('directions'), s('achievements'), s('equipment')].join('\n');
    case 'topics':
      return [s('title'), s('description')].join('\n');
  }
}
