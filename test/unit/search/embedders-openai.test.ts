import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingError } from '../../../search/embedders/embedder.ts';
import { OpenAiEmbedder, type OpenAiEmbedderOptions } from '../../../search/embedders/openai.ts';

/**
 * A real HTTP server on 127.0.0.1 speaking POST /v1/embeddings. Each test scripts the next
 * responses; unscripted requests get a correct answer. The vector for a text is derived from
 * the text so order mistakes are visible.
 */
interface Recorded {
  body: { model: string; input: string[]; encoding_format?: string; dimensions?: number };
  authorization: string | undefined;
}
type Script = (req: Recorded, res: ServerResponse) => void;

const DIMS = 4;
let server: Server;
let baseURL: string;
let requests: Recorded[];
let script: Script[];

function vectorFor(text: string): number[] {
  // Unnormalised on purpose: the embedder must normalise.
  return [text.length, text.codePointAt(0) ?? 0, 1, 2];
}

function answer(req: Recorded, res: ServerResponse, transform?: (v: number[]) => unknown): void {
  // Reversed order with explicit indexes: the client must put vectors back by `index`.
  const data = req.body.input
    .map((t, index) => ({
      object: 'embedding',
      index,
      embedding: transform ? transform(vectorFor(t)) : vectorFor(t),
    }))
    .reverse();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      object: 'list',
      model: req.body.model,
      data,
      usage: { prompt_tokens: 1, total_tokens: 1 },
    }),
  );
}

function fail(status: number, headers: Record<string, string> = {}): Script {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message: `scripted ${status}`, type: 'test' } }));
  };
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const rec: Recorded = {
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Recorded['body'],
        authorization: req.headers.authorization,
      };
      requests.push(rec);
      const next = script.shift();
      if (next) next(rec, res);
      else answer(rec, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

beforeEach(() => {
  requests = [];
  script = [];
});

const make = (over: Partial<OpenAiEmbedderOptions> = {}) =>
  new OpenAiEmbedder({
    baseURL,
    apiKey: 'sk-test',
    model: 'test-embed',
    dimensions: DIMS,
    initialBackoffMs: 1,
    maxBackoffMs: 20,
    ...over,
  });

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('OpenAiEmbedder against a real local HTTP server', () => {
  it('batches, asks for float vectors with dimensions, restores order and normalises', async () => {
    const texts = ['锂电池', '动力电池管理', '水稻', 'abc', '桥梁健康监测'];
    const out = await make({ batchSize: 2 }).embed(texts);

    expect(requests.map((r) => r.body.input)).toEqual([
      ['锂电池', '动力电池管理'],
      ['水稻', 'abc'],
      ['桥梁健康监测'],
    ]);
    for (const r of requests) {
      expect(r.body.encoding_format).toBe('float');
      expect(r.body.dimensions).toBe(DIMS);
      expect(r.body.model).toBe('test-embed');
      expect(r.authorization).toBe('Bearer sk-test');
    }
    expect(out).toHaveLength(5);
    texts.forEach((t, i) => {
      const expected = unit(vectorFor(t));
      Array.from(out[i]!).forEach((x, c) => expect(x).toBeCloseTo(expected[c]!, 6));
    });
  });

  it('omits dimensions when told the server rejects it', async () => {
    await make({ sendDimensions: false }).embed(['x']);
    expect(requests[0]!.body).not.toHaveProperty('dimensions');
  });

  it('retries a 429 and then succeeds', async () => {
    script.push(fail(429, { 'retry-after-ms': '5' }));
    const [v] = await make().embed(['重试']);
    expect(requests).toHaveLength(2);
    expect(Array.from(v!)[0]).toBeCloseTo(unit(vectorFor('重试'))[0]!, 6);
  });

  it('gives up on a persistent 500 after maxRetries, with a retryable error', async () => {
    script.push(fail(500), fail(500), fail(500), fail(500));
    const err = await make({ maxRetries: 2 })
      .embed(['a'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingError);
    expect((err as EmbeddingError).retryable).toBe(true);
    expect((err as EmbeddingError).message).toMatch(/after 3 attempts: HTTP 500/);
    expect(requests).toHaveLength(3);
  });

  it('retries a dropped connection', async () => {
    script.push((_req, res) => res.socket?.destroy());
    const out = await make().embed(['网络']);
    expect(requests).toHaveLength(2);
    expect(out[0]!.length).toBe(DIMS);
  });

  it('rejects a wrong-length vector without retrying', async () => {
    script.push((req, res) => answer(req, res, (v) => v.slice(0, 3)));
    const err = await make()
      .embed(['短'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingError);
    expect((err as EmbeddingError).retryable).toBe(false);
    expect((err as EmbeddingError).message).toMatch(/3-dimensional vector, expected 4/);
    expect(requests).toHaveLength(1);
  });

  it('rejects a base64 string where floats were asked for', async () => {
    script.push((req, res) => answer(req, res, () => 'AAAAAA=='));
    const err = await make()
      .embed(['b64'])
      .catch((e: unknown) => e);
    expect((err as EmbeddingError).message).toMatch(/non-array embedding/);
  });

  it('does not retry a 401 and says so', async () => {
    script.push(fail(401));
    const err = await make()
      .embed(['x'])
      .catch((e: unknown) => e);
    expect((err as EmbeddingError).retryable).toBe(false);
    expect((err as EmbeddingError).message).toMatch(/HTTP 401/);
    expect(requests).toHaveLength(1);
  });

  it('embeds empty texts to zero vectors without a request', async () => {
    const out = await make().embed(['', '  ', '有内容']);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body.input).toEqual(['有内容']);
    expect(Array.from(out[0]!)).toEqual([0, 0, 0, 0]);
    expect(Array.from(out[1]!)).toEqual([0, 0, 0, 0]);
    expect(Math.hypot(...out[2]!)).toBeCloseTo(1, 6);
  });

  it('names the model and dimensions in its cache identity', () => {
    expect(make().model).toBe('openai:test-embed@4');
    expect(make({ dimensions: 8 }).model).toBe('openai:test-embed@8');
  });
});
