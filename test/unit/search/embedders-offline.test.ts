import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures, BIGRAM_PREFIX, featureFingerprint } from '../../../search/embedders/features.ts';
import { decodeLsaModel, encodeLsaModel, embedWithLsa } from '../../../search/embedders/lsa-model.ts';
import {
  DEFAULT_OFFLINE_MODEL_PATH,
  loadOfflineEmbedder,
  WORKER_MIN_BATCH,
} from '../../../search/embedders/offline.ts';
import { EmbeddingError } from '../../../search/embedders/embedder.ts';
import { mulberry32 } from '../../../search/embedders/linalg.ts';

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(cos(a, a));

describe('offline embedder (shipped LSA model)', () => {
  it('names its model with dimensions and a content hash', async () => {
    const e = await loadOfflineEmbedder();
    expect(e.dimensions).toBe(384);
    expect(e.model).toMatch(/^offline-csl-lsa-384d-[0-9a-f]{12}$/);
  });

  it('was trained with the tokenizer in use now (retrain with train.ts if this fails)', async () => {
    const e = await loadOfflineEmbedder();
    expect(e.training.featureFingerprint).toBe(featureFingerprint());
  });

  it('is deterministic across calls and batch positions', async () => {
    const e = await loadOfflineEmbedder();
    const text = '基于深度学习的桥梁裂缝图像识别方法研究';
    const [a] = await e.embed([text]);
    const [, b] = await e.embed(['无关的前一句', text]);
    expect(Array.from(b!)).toEqual(Array.from(a!));
  });

  it('returns unit vectors of the declared dimension, and zero for text with no known feature', async () => {
    const e = await loadOfflineEmbedder();
    const out = await e.embed([
      '锂电池',
      '高血压患者的社区护理干预效果分析',
      'FPGA 数字信号处理',
      '',
      '￥￥￥',
    ]);
    for (const v of out) expect(v).toHaveLength(384);
    for (const v of out.slice(0, 3)) expect(norm(v)).toBeCloseTo(1, 5);
    expect(norm(out[3]!)).toBe(0);
    expect(norm(out[4]!)).toBe(0);
  });

  it('puts related technical texts closer than unrelated ones', async () => {
    const e = await loadOfflineEmbedder();
    const triples: [string, string, string][] = [
      ['锂电池', '动力电池', '水稻'],
      ['储能', '锂电池', '小麦'],
      ['锂离子电池正极材料', '新能源汽车动力电池热管理', '水稻高产栽培技术'],
      ['土壤重金属污染修复', '农田镉污染植物修复', '量子通信协议'],
      ['高血压患者护理干预', '慢性病社区护理管理', '燃煤电厂脱硫工艺'],
      ['桥梁结构健康监测', '斜拉桥索力识别与损伤评估', '小学语文阅读教学'],
    ];
    for (const [anchor, near, far] of triples) {
      const [a, n, f] = await e.embed([anchor, near, far]);
      expect(cos(a!, n!), `${anchor} ~ ${near} vs ${far}`).toBeGreaterThan(cos(a!, f!));
    }
    // Known limit of a model trained on 2010–2020 journal text: 卷积神经网络图像识别 vs
    // 深度学习目标检测算法 come out unrelated (cos ≈ 0.01); there is little deep learning in CSL.
    // No shared word or character: the similarity comes from co-occurrence, not overlap.
    const [storage, lithium, wheat] = await e.embed(['储能', '锂电池', '小麦']);
    expect(cos(storage!, lithium!)).toBeGreaterThan(0.2);
    expect(Math.abs(cos(storage!, wheat!))).toBeLessThan(0.1);
  });

  it('reports a missing model file as a non-retryable EmbeddingError', async () => {
    const err = await loadOfflineEmbedder({ modelPath: '/nonexistent/model.bin.gz' }).catch(
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(EmbeddingError);
    expect((err as EmbeddingError).retryable).toBe(false);
  });
});

describe('offline embedder worker thread (large batches)', () => {
  const texts = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      i % 7 === 0
        ? ''
        : i % 3 === 0
          ? `Fault diagnosis of bearing ${i} with vibration signals`
          : `基于深度学习的第${i}座桥梁裂缝识别与锂电池储能系统`,
    );
  const bytes = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

  it('returns the same bits as the in-thread path, as views of one transferred buffer', async () => {
    const e = await loadOfflineEmbedder();
    try {
      const input = texts(WORKER_MIN_BATCH * 3);
      const out = await e.embed(input);
      expect(out).toHaveLength(input.length);
      expect(out[1]!.buffer).toBe(out[0]!.buffer); // came from the worker
      input.forEach((t, i) => expect(bytes(out[i]!).equals(bytes(e.embedOne(t))), t).toBe(true));
    } finally {
      await e.close();
    }
  });

  it('rejects with EmbeddingError when the thread dies, and starts a new one on the next call', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lsa-'));
    const file = path.join(dir, 'model.bin.gz');
    await copyFile(DEFAULT_OFFLINE_MODEL_PATH, file);
    const e = await loadOfflineEmbedder({ modelPath: file });
    try {
      // The thread loads the file itself: without it, it fails at start.
      await rm(file);
      const err = await e.embed(texts(WORKER_MIN_BATCH)).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(EmbeddingError);
      expect((err as EmbeddingError).retryable).toBe(true);

      await copyFile(DEFAULT_OFFLINE_MODEL_PATH, file);
      const input = texts(WORKER_MIN_BATCH);
      const out = await e.embed(input);
      input.forEach((t, i) => expect(bytes(out[i]!).equals(bytes(e.embedOne(t)))).toBe(true));
    } finally {
      await e.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a model file replaced since it was loaded, rather than mix two models under one name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lsa-'));
    const file = path.join(dir, 'model.bin.gz');
    await copyFile(DEFAULT_OFFLINE_MODEL_PATH, file);
    const e = await loadOfflineEmbedder({ modelPath: file });
    try {
      const other = { dims: 2, terms: ['电池'], weights: Float32Array.from([1]), training: {} };
      await writeFile(file, encodeLsaModel({ ...other, projection: Float64Array.from([1, 0]) }));
      const err = await e.embed(texts(WORKER_MIN_BATCH)).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(EmbeddingError);
      expect((err as EmbeddingError).message).toMatch(/has changed since it was loaded/);
    } finally {
      await e.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects batches still in flight when closed, and works again afterwards', async () => {
    const e = await loadOfflineEmbedder();
    try {
      const inFlight = e.embed(texts(5000)).catch((x: unknown) => x);
      await e.close();
      expect(await inFlight).toBeInstanceOf(EmbeddingError);
      expect(await e.embed(texts(WORKER_MIN_BATCH))).toHaveLength(WORKER_MIN_BATCH);
    } finally {
      await e.close();
    }
  });
});

describe('LSA features and model file', () => {
  it('extracts jieba words and Han bigrams in separate namespaces', () => {
    const f = extractFeatures('动力电池');
    expect(f.get('动力电池')).toBe(1);
    expect(f.get(`${BIGRAM_PREFIX}动力`)).toBe(1);
    expect(f.get(`${BIGRAM_PREFIX}力电`)).toBe(1);
    expect(f.get(`${BIGRAM_PREFIX}电池`)).toBe(1);
  });

  it('round-trips through the file format with int8 rows', () => {
    const terms = ['电池', `${BIGRAM_PREFIX}电池`, '水稻'];
    const projection = Float64Array.from([1, 0, 0.5, 0.9, 0.1, 0, 0, 0, -1]);
    const file = encodeLsaModel({
      dims: 3,
      terms,
      weights: Float32Array.from([2, 1, 3]),
      projection,
      training: { note: 'test' },
    });
    const model = decodeLsaModel(file);
    expect(model.header.dims).toBe(3);
    expect(model.header.training).toEqual({ note: 'test' });
    expect([...model.vocab.keys()]).toEqual(terms);
    expect(Array.from(model.rows)).toEqual([127, 0, 64, 127, 14, 0, 0, 0, -127]);
    // "水稻" alone → its row, normalised: (0, 0, −1).
    expect(Array.from(embedWithLsa(model, '水稻'))).toEqual([0, 0, -1]);
    expect(model.hash).toMatch(/^[0-9a-f]{12}$/);
  });

  it('computes the same vectors with the SIMD kernel as with the JS loop, also past the kernel batch size', () => {
    const rand = mulberry32(11);
    // ~6,000 distinct Han bigrams in one text: more features than one kernel call takes (4,096).
    const text = Array.from({ length: 6000 }, () =>
      String.fromCodePoint(0x4e00 + Math.floor(rand() * 2000)),
    ).join('');
    const terms = [...new Set([...extractFeatures(text).keys()])];
    expect(terms.length).toBeGreaterThan(4096);
    const dims = 32;
    const model = decodeLsaModel(
      encodeLsaModel({
        dims,
        terms,
        weights: Float32Array.from(terms, () => 0.5 + rand()),
        projection: Float64Array.from({ length: terms.length * dims }, () => rand() - 0.5),
        training: {},
      }),
    );
    for (const t of [text, text.slice(0, 40), '无关 text']) {
      const simd = embedWithLsa(model, t);
      const js = embedWithLsa(model, t, { simd: false });
      expect(model.kernel, 'kernel available on this Node').toBeTruthy();
      Array.from(js).forEach((x, c) => expect(simd[c]).toBeCloseTo(x, 5));
    }
  });

  it('rejects a truncated model file', () => {
    const file = encodeLsaModel({
      dims: 2,
      terms: ['a'],
      weights: Float32Array.from([1]),
      projection: Float64Array.from([1, 0]),
      training: {},
    });
    const raw = decodeLsaModel(file); // sanity: valid file decodes
    expect(raw.header.vocabSize).toBe(1);
    expect(() => decodeLsaModel(file.subarray(0, file.length - 4))).toThrow();
  });
});
