import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Filter } from '../../../search/engine.ts';
import { DEFAULT_SEMANTIC_RATIO, INDEX, type IndexName } from '../../../search/indexes.ts';
import { PUBLIC_CHALLENGE_STATES } from '../../../db/repositories/challenges.repository.ts';
import { PUBLIC_TOPIC_STATES } from '../../../db/repositories/topics.repository.ts';
import { errors } from '../common.ts';
import { safeHighlight } from '../../search/highlight.ts';

/** What anyone may find in each index: public challenge states, active mentors, topics in selection or later. */
const VISIBLE: Record<IndexName, Filter | undefined> = {
  challenges: { field: 'state', op: 'in', values: [...PUBLIC_CHALLENGE_STATES] },
  mentors: { field: 'state', op: 'eq', value: 'active' },
  capabilities: undefined,
  topics: { field: 'state', op: 'in', values: [...PUBLIC_TOPIC_STATES] },
};

const FACETS: Record<IndexName, string[]> = {
  challenges: ['disciplines', 'kind', 'region', 'degreeType', 'industry'],
  mentors: ['kind', 'disciplines', 'region'],
  capabilities: ['disciplines', 'kind'],
  topics: ['disciplines', 'degreeType', 'fromIndustry'],
};

const HIGHLIGHT: Record<IndexName, string[]> = {
  challenges: ['title', 'text'],
  mentors: ['interests', 'name'],
  capabilities: ['name', 'achievements'],
  topics: ['title', 'description'],
};

/** Fields returned per hit (the rest, e.g. full publication lists, stays in the index). */
const FIELDS: Record<IndexName, string[]> = {
  challenges: [
    'id',
    'title',
    'text',
    'skills',
    'disciplines',
    'kind',
    'degreeType',
    'region',
    'industry',
    'orgName',
    'state',
    'confidentiality',
  ],
  mentors: [
    'id',
    'kind',
    'name',
    'title',
    'homeOrgName',
    'region',
    'disciplines',
    'interests',
    'capacityLeft',
    'avgGrade',
  ],
  capabilities: ['id', 'name', 'kind', 'orgName', 'directions', 'disciplines'],
  topics: [
    'id',
    'title',
    'description',
    'disciplines',
    'degreeType',
    'cohort',
    'orgName',
    'fromIndustry',
    'state',
  ],
};

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500 })),
    index: Type.Optional(Type.Enum(Object.values(INDEX), { default: 'challenges' })),
    discipline: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 20 })),
    region: Type.Optional(Type.String({ maxLength: 50 })),
    kind: Type.Optional(Type.String({ maxLength: 30 })),
    degreeType: Type.Optional(Type.Enum(['academic', 'professional'])),
    industry: Type.Optional(Type.String({ maxLength: 60 })),
    semanticRatio: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: '0 keyword only … 1 vector only; default 0.2' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
  },
  { additionalProperties: false },
);

const SearchResponse = Type.Object({
  hits: Type.Array(
    Type.Object({
      id: Type.String(),
      score: Type.Number(),
      document: Type.Record(Type.String(), Type.Unknown()),
      matchedTerms: Type.Array(Type.String()),
      highlights: Type.Record(Type.String(), Type.String()),
    }),
  ),
  total: Type.Integer(),
  facets: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer())),
  processingTimeMs: Type.Number(),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { engine, embedder } = app.deps.search;
  app.get(
    '/',
    {
      schema: {
        tags: ['search'],
        description:
          'Instant search across public challenges, active mentors, capabilities and open topics (keyword + semantic, facets, highlights).',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors },
      },
    },
    async (req) => {
      const { q, index = 'challenges', limit = 20, offset = 0, semanticRatio, ...f } = req.query;
      const conds: Filter[] = [];
      const vis = VISIBLE[index];
      if (vis) conds.push(vis);
      if (f.discipline?.length) conds.push({ field: 'disciplines', op: 'in', values: f.discipline });
      if (f.region) conds.push({ field: 'region', op: 'eq', value: f.region });
      if (f.kind) conds.push({ field: 'kind', op: 'eq', value: f.kind });
      if (f.degreeType) conds.push({ field: 'degreeType', op: 'eq', value: f.degreeType });
      if (f.industry) conds.push({ field: 'industry', op: 'eq', value: f.industry });
      const text = q?.trim();
      // Very short queries are as-you-type prefixes: keyword only, no embedding.
      const useVector = !!text && text.length >= 2 && semanticRatio !== 0;
      const [vector] = useVector ? await embedder.embed([text]) : [];
      const res = await engine.search(index, {
        ...(text ? { q: text } : {}),
        ...(vector ? { vector, semanticRatio: semanticRatio ?? DEFAULT_SEMANTIC_RATIO } : {}),
        ...(conds.length ? { filter: { and: conds } } : {}),
        facets: FACETS[index],
        limit,
        offset,
        attributesToRetrieve: FIELDS[index],
        attributesToHighlight: HIGHLIGHT[index],
        ...(!text && index === 'challenges'
          ? { sort: [{ field: 'createdAt', order: 'desc' as const }] }
          : {}),
      });
      return {
        hits: res.hits.map((h) => ({
          id: h.id,
          score: h.score,
          document: h.document,
          matchedTerms: h.matchedTerms,
          highlights: Object.fromEntries(
            Object.entries(h.highlights ?? {}).map(([k, v]) => [k, safeHighlight(v)]),
          ),
        })),
        total: res.estimatedTotalHits,
        facets: res.facetDistribution ?? {},
        processingTimeMs: res.processingTimeMs,
      };
    },
  );
};

export default routes;
