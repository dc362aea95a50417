import raw from './catalogue.json' with { type: 'json' };

/**
 * The national discipline catalogue (研究生教育学科专业目录, 2022 edition) as data, with lookups,
 * a tree distance for the matcher, and the key industry clusters behind the
 * "discipline–industry fit ≥ 90 %" KPI.
 *
 * Levels: 14 门类 (2-digit codes) → 一级学科 (4-digit, academic) and 专业学位 categories
 * (4-digit with third digit ≥ 5, professional). The data lives in catalogue.json; this module
 * validates it once at load so a bad edit fails loudly instead of mis-scoring matches.
 */

export type Level = '门类' | '一级学科' | '专业学位';
export type DegreeType = 'academic' | 'professional';

export interface CatalogueEntry {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly level: Level;
  /** Absent on 门类, which cover both degree types. */
  readonly degreeType?: DegreeType;
  /** The 门类 code; absent on 门类 themselves. */
  readonly parent?: string;
  /**
   * Academic 一级学科 this entry draws on. Not part of the official catalogue: the product's own
   * bridge so professional categories (e.g. 0854 电子信息) and interdisciplinary 一级学科
   * (e.g. 1405 智能科学与技术) sit near the academic disciplines they are taught from.
   */
  readonly related: readonly string[];
}

export interface IndustryCluster {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
  /** 一级学科 and 专业学位 codes whose graduates and research serve this cluster. */
  readonly disciplines: readonly string[];
}

export interface CatalogueAlias {
  readonly alias: string;
  readonly code: string;
  readonly note: string;
}

export interface PathNode {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly level: Level;
}

export interface LookupOptions {
  /** Restrict 一级学科 / 专业学位 matches to one degree type (门类 always match). */
  degreeType?: DegreeType;
}

export interface ListFilter {
  level?: Level;
  degreeType?: DegreeType;
  /** 门类 code. */
  parent?: string;
}

/** The steps of {@link distance}, exported so callers and tests can name them. */
export const DISTANCE = {
  same: 0,
  /** One entry is bridged to the other through `related` (e.g. 0854 电子信息 ↔ 0812). */
  bridged: 0.25,
  /** Different disciplines under one 门类, directly or through a bridge. */
  sameCategory: 0.5,
  unrelated: 1,
} as const;

interface Catalogue {
  edition: string;
  entries: Map<string, CatalogueEntry>;
  byName: Map<string, CatalogueEntry[]>;
  byAlias: Map<string, CatalogueEntry>;
  aliases: CatalogueAlias[];
  clusters: IndustryCluster[];
}

// ---------------------------------------------------------------------------------------------
// Loading and validation

function fail(message: string): never {
  throw new Error(`catalogue.json: ${message}`);
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(`${where} must be a non-empty string`);
  return value;
}

function strArray(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value.map((v, i) => str(v, `${where}[${i}]`));
}

function records(value: unknown, where: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value.map((v, i) => {
    if (typeof v !== 'object' || v === null) fail(`${where}[${i}] must be an object`);
    return v as Record<string, unknown>;
  });
}

/** Names are matched after NFKC (full-width → half-width), without spaces and case. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

function load(input: unknown): Catalogue {
  if (typeof input !== 'object' || input === null) fail('root must be an object');
  const root = input as Record<string, unknown>;
  const entries = new Map<string, CatalogueEntry>();

  for (const [i, c] of records(root.categories, 'categories').entries()) {
    const code = str(c.code, `categories[${i}].code`);
    if (!/^\d{2}$/u.test(code)) fail(`categories[${i}].code ${code} is not two digits`);
    if (entries.has(code)) fail(`duplicate code ${code}`);
    entries.set(code, {
      code,
      name: str(c.name, `categories[${i}].name`),
      nameEn: str(c.nameEn, `categories[${i}].nameEn`),
      level: '门类',
      related: [],
    });
  }

  const disciplines = records(root.disciplines, 'disciplines');
  for (const [i, d] of disciplines.entries()) {
    const where = `disciplines[${i}]`;
    const code = str(d.code, `${where}.code`);
    if (!/^\d{4}$/u.test(code)) fail(`${where}.code ${code} is not four digits`);
    if (entries.has(code)) fail(`duplicate code ${code}`);
    const level = str(d.level, `${where}.level`);
    const degreeType = str(d.degreeType, `${where}.degreeType`);
    // The catalogue's own rule: a third digit from 5 up marks a 专业学位 category.
    const professional = Number(code[2]) >= 5;
    if (level !== (professional ? '专业学位' : '一级学科'))
      fail(`${where} level ${level} contradicts code ${code}`);
    if (degreeType !== (professional ? 'professional' : 'academic')) {
      fail(`${where} degreeType ${degreeType} contradicts code ${code}`);
    }
    const parent = str(d.parent, `${where}.parent`);
    if (parent !== code.slice(0, 2) || entries.get(parent)?.level !== '门类') {
      fail(`${where}.parent ${parent} is not the 门类 of ${code}`);
    }
    entries.set(code, {
      code,
      name: str(d.name, `${where}.name`),
      nameEn: str(d.nameEn, `${where}.nameEn`),
      level: professional ? '专业学位' : '一级学科',
      degreeType: professional ? 'professional' : 'academic',
      parent,
      related: d.related === undefined ? [] : strArray(d.related, `${where}.related`),
    });
  }

  for (const e of entries.values()) {
    for (const r of e.related) {
      if (entries.get(r)?.level !== '一级学科') fail(`${e.code}.related ${r} is not an academic 一级学科`);
      if (r === e.code) fail(`${e.code} is related to itself`);
    }
  }

  const byName = new Map<string, CatalogueEntry[]>();
  for (const e of entries.values()) {
    for (const key of new Set([normalizeName(e.name), normalizeName(e.nameEn)])) {
      const list = byName.get(key) ?? [];
      list.push(e);
      byName.set(key, list);
    }
  }

  const aliases: CatalogueAlias[] = records(root.aliases, 'aliases').map((a, i) => ({
    alias: str(a.alias, `aliases[${i}].alias`),
    code: str(a.code, `aliases[${i}].code`),
    note: str(a.note, `aliases[${i}].note`),
  }));
  const byAlias = new Map<string, CatalogueEntry>();
  for (const a of aliases) {
    const target = entries.get(a.code) ?? fail(`alias ${a.alias} points to unknown code ${a.code}`);
    const key = normalizeName(a.alias);
    if (byAlias.has(key)) fail(`duplicate alias ${a.alias}`);
    byAlias.set(key, target);
  }

  const clusters: IndustryCluster[] = records(root.industryClusters, 'industryClusters').map((c, i) => {
    const id = str(c.id, `industryClusters[${i}].id`);
    const codes = strArray(c.disciplines, `industryClusters[${i}].disciplines`);
    for (const code of codes) {
      const e = entries.get(code);
      if (e === undefined || e.level === '门类') fail(`cluster ${id} lists ${code}, not a discipline`);
    }
    if (new Set(codes).size !== codes.length) fail(`cluster ${id} lists a code twice`);
    return {
      id,
      name: str(c.name, `industryClusters[${i}].name`),
      nameEn: str(c.nameEn, `industryClusters[${i}].nameEn`),
      disciplines: codes,
    };
  });
  if (new Set(clusters.map((c) => c.id)).size !== clusters.length) fail('duplicate cluster id');

  return { edition: str(root.edition, 'edition'), entries, byName, byAlias, aliases, clusters };
}

const catalogue = load(raw);

export const edition: string = catalogue.edition;
export const industryClusters: readonly IndustryCluster[] = catalogue.clusters;
export const aliases: readonly CatalogueAlias[] = catalogue.aliases;

// ---------------------------------------------------------------------------------------------
// Lookups

/**
 * Canonical catalogue code for a 2-, 4- or 6-digit code. Six digits are the 研招网 form
 * (081200, 085400) or a 二级学科 / 专业领域 (081203, 085410); both resolve to their 4-digit parent.
 */
export function normalizeCode(code: string): string | undefined {
  const c = code.normalize('NFKC').trim();
  if (/^\d{2}$|^\d{4}$/u.test(c)) return c;
  if (/^\d{6}$/u.test(c)) return c.slice(0, 4);
  return undefined;
}

export function lookupCode(code: string): CatalogueEntry | undefined {
  const c = normalizeCode(code);
  return c === undefined ? undefined : catalogue.entries.get(c);
}

const LEVEL_PRIORITY: Record<Level, number> = { 一级学科: 0, 专业学位: 1, 门类: 2 };

function allowed(e: CatalogueEntry, opts: LookupOptions): boolean {
  return e.level === '门类' || opts.degreeType === undefined || e.degreeType === opts.degreeType;
}

function exactOrAlias(key: string, opts: LookupOptions): CatalogueEntry | undefined {
  // Official names first; when one name is shared (临床医学 is 1002 and 1051, 法学 is 0301 and
  // 门类 03) the 一级学科 wins unless a degree type was asked for.
  const exact = (catalogue.byName.get(key) ?? [])
    .filter((e) => allowed(e, opts))
    .sort((a, b) => LEVEL_PRIORITY[a.level] - LEVEL_PRIORITY[b.level]);
  if (exact[0] !== undefined) return exact[0];
  const alias = catalogue.byAlias.get(key);
  return alias !== undefined && allowed(alias, opts) ? alias : undefined;
}

// Suffixes people add to discipline names in forms and spreadsheets ("机械工程专业", "电子信息硕士").
const SUFFIXES = ['(专业学位)', '专业学位类别', '专业学位', '一级学科', '学科门类', '硕士', '博士', '专业'];

/** Resolve a Chinese or English name, a former name or a common alias. */
export function lookupName(name: string, opts: LookupOptions = {}): CatalogueEntry | undefined {
  const key = normalizeName(name);
  if (key.length === 0) return undefined;
  const direct = exactOrAlias(key, opts);
  if (direct !== undefined) return direct;
  for (const suffix of SUFFIXES) {
    if (key.endsWith(suffix) && key.length > suffix.length) {
      const hit = exactOrAlias(key.slice(0, -suffix.length), opts);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/** Resolve a code ("0812", "081200"), "0812 计算机科学与技术", or a name. */
export function lookup(codeOrName: string, opts: LookupOptions = {}): CatalogueEntry | undefined {
  const s = codeOrName.normalize('NFKC').trim();
  const byCode = lookupCode(s);
  if (byCode !== undefined) return byCode;
  const leading = /^(\d{2}|\d{4}|\d{6})\s*(\D.*)$/u.exec(s);
  if (leading?.[1] !== undefined) {
    const e = lookupCode(leading[1]);
    if (e !== undefined) return e;
  }
  return lookupName(s, opts);
}

/**
 * Resolve a label that may join several disciplines with "/" (the CSL dataset's
 * "化学/化学工程与技术"). Parts that do not resolve are dropped; the result is deduplicated.
 */
export function resolveAll(label: string, opts: LookupOptions = {}): CatalogueEntry[] {
  const whole = lookup(label, opts);
  if (whole !== undefined) return [whole];
  const out: CatalogueEntry[] = [];
  for (const part of label.normalize('NFKC').split('/')) {
    const e = lookup(part, opts);
    if (e !== undefined && !out.includes(e)) out.push(e);
  }
  return out;
}

export function isKnownCode(code: string): boolean {
  return lookupCode(code) !== undefined;
}

/** Entries sorted by code, optionally narrowed by level, degree type and 门类. */
export function list(filter: ListFilter = {}): CatalogueEntry[] {
  return [...catalogue.entries.values()]
    .filter(
      (e) =>
        (filter.level === undefined || e.level === filter.level) &&
        (filter.degreeType === undefined || e.degreeType === filter.degreeType) &&
        (filter.parent === undefined || e.parent === filter.parent),
    )
    .sort((a, b) => a.code.localeCompare(b.code));
}

function node(e: CatalogueEntry): PathNode {
  return { code: e.code, name: e.name, nameEn: e.nameEn, level: e.level };
}

/** [门类, 一级学科 or 专业学位] for a discipline, [门类] for a 门类, [] for an unknown code. */
export function path(code: string): PathNode[] {
  const e = lookupCode(code);
  if (e === undefined) return [];
  if (e.parent === undefined) return [node(e)];
  const parent = catalogue.entries.get(e.parent);
  return parent === undefined ? [node(e)] : [node(parent), node(e)];
}

// ---------------------------------------------------------------------------------------------
// Distance

function anchors(e: CatalogueEntry): Set<string> {
  return new Set([e.code, ...e.related]);
}

function categoriesOf(e: CatalogueEntry): Set<string> {
  if (e.level === '门类') return new Set([e.code]);
  return new Set([e.code, ...e.related].map((c) => c.slice(0, 2)));
}

function intersects(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/**
 * Distance in [0, 1] between two catalogue codes, for the matcher's discipline evidence:
 * - 0    same entry (6-digit codes count as their 4-digit parent);
 * - 0.25 bridged: one lists the other in `related`, or both draw on a common academic
 *        一级学科 (0854 电子信息 ↔ 0812 计算机科学与技术; 1051 临床医学 ↔ 1002; 1405 ↔ 0811);
 * - 0.5  same 门类, also reached through a bridge (0812 ↔ 0809; 门类 08 ↔ 0812;
 *        0860 生物与医药 ↔ 1002 临床医学 through 1007 药学);
 * - 1    otherwise, and for codes not in the catalogue.
 * Symmetric by construction.
 */
export function distance(a: string, b: string): number {
  const ea = lookupCode(a);
  const eb = lookupCode(b);
  if (ea === undefined || eb === undefined) return DISTANCE.unrelated;
  if (ea.code === eb.code) return DISTANCE.same;
  if (ea.level !== '门类' && eb.level !== '门类' && intersects(anchors(ea), anchors(eb))) {
    return DISTANCE.bridged;
  }
  if (intersects(categoriesOf(ea), categoriesOf(eb))) return DISTANCE.sameCategory;
  return DISTANCE.unrelated;
}

/**
 * Distance between two sets of codes (a challenge's required disciplines, a mentor's disciplines):
 * the closest pair, so one shared discipline is enough. Empty sets are unrelated.
 */
export function setDistance(as: readonly string[], bs: readonly string[]): number {
  let best: number = DISTANCE.unrelated;
  for (const a of as) {
    for (const b of bs) best = Math.min(best, distance(a, b));
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Industry clusters

export function industryCluster(id: string): IndustryCluster | undefined {
  return catalogue.clusters.find((c) => c.id === id);
}

/**
 * Whether a discipline serves a key industry cluster. Six-digit codes use their 4-digit parent.
 * Throws on an unknown cluster id: the ids are fixed data, so a wrong one is a programming error.
 */
export function fitsCluster(disciplineCode: string, clusterId: string): boolean {
  const cluster = industryCluster(clusterId);
  if (cluster === undefined) throw new RangeError(`unknown industry cluster: ${clusterId}`);
  const code = normalizeCode(disciplineCode);
  return code !== undefined && cluster.disciplines.includes(code);
}

/** Clusters a discipline serves, in data order. */
export function clustersOf(disciplineCode: string): IndustryCluster[] {
  const code = normalizeCode(disciplineCode);
  return code === undefined ? [] : catalogue.clusters.filter((c) => c.disciplines.includes(code));
}

export function fitsAnyCluster(disciplineCode: string): boolean {
  return clustersOf(disciplineCode).length > 0;
}

/**
 * Share of the given disciplines that serve at least one key industry cluster, in [0, 1]: the
 * "discipline–industry fit" KPI (target ≥ 0.9). Duplicates count once; an empty list gives 0.
 */
export function clusterFitRate(disciplineCodes: readonly string[]): number {
  const codes = [...new Set(disciplineCodes.map((c) => normalizeCode(c) ?? c))];
  if (codes.length === 0) return 0;
  return codes.filter(fitsAnyCluster).length / codes.length;
}
