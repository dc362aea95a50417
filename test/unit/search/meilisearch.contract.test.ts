import { describe, it } from 'vitest';
import { createMeilisearchEngine } from '../../../search/meilisearch/engine.ts';
import { engineContract } from './contract.ts';

// The shared engine contract against a real Meilisearch server. No server can be installed on the
// development machines, so this runs only where MEILISEARCH_URL points at one
// (e.g. MEILISEARCH_URL=http://127.0.0.1:7700 MEILISEARCH_API_KEY=… npx vitest run --project unit …).
const url = process.env.MEILISEARCH_URL;

if (url !== undefined && url !== '') {
  engineContract('meilisearch', () =>
    createMeilisearchEngine({
      url,
      apiKey: process.env.MEILISEARCH_API_KEY,
      // Keeps contract indexes apart from a deployment's own indexes on a shared server.
      prefix: 'cj_test_',
    }),
  );
} else {
  describe.skip('meilisearch contract (skipped: MEILISEARCH_URL not set)', () => {
    it('runs the shared search engine contract against a Meilisearch server', () => undefined);
  });
}
