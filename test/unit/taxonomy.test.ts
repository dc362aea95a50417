import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DISTANCE,
  aliases,
  clusterFitRate,
  clustersOf,
  distance,
  edition,
  fitsCluster,
  industryClusters,
  list,
  lookup,
  lookupCode,
  lookupName,
  normalizeCode,
  path,
  resolveAll,
  setDistance,
} from '../../search/taxonomy/catalogue.ts';
import { DEFAULT_DATA_DIR } from '../../search/embedders/train.ts';

const CSL_DISCIPLINES = join(DEFAULT_DATA_DIR, 'retrieval/t3_disciplines.jsonl');

describe('catalogue data (2022 edition)', () => {
  it('has the 14 门类 in order', () => {
    expect(edition).toBe('2022');
    expect(list({ level: '门类' }).map((e) => `${e.code} ${e.name}`)).toEqual([
      '01 哲学',
      '02 经济学',
      '03 法学',
      '04 教育学',
      '05 文学',
      '06 历史学',
      '07 理学',
      '08 工学',
      '09 农学',
      '10 医学',
      '11 军事学',
      '12 管理学',
      '13 艺术学',
      '14 交叉学科',
    ]);
  });

  it('counts 108 一级学科 and 61 专业学位 categories (the official 117 and 67, less military ones)', () => {
    expect(list({ level: '一级学科' })).toHaveLength(108);
    expect(list({ level: '专业学位' })).toHaveLength(61);
    expect(list({ degreeType: 'academic' })).toHaveLength(108);
    expect(list({ degreeType: 'professional' })).toHaveLength(61);
    expect(list({ parent: '11' })).toEqual([]);
  });

  it('lists the engineering 一级学科 of 门类 08 with their codes', () => {
    expect(list({ parent: '08', level: '一级学科' }).map((e) => e.code)).toEqual(
      Array.from({ length: 39 }, (_, i) => `08${String(i + 1).padStart(2, '0')}`),
    );
    expect(list({ parent: '14' }).map((e) => `${e.code} ${e.name}`)).toEqual([
      '1401 集成电路科学与工程',
      '1402 国家安全学',
      '1403 设计学',
      '1404 遥感科学与技术',
      '1405 智能科学与技术',
      '1406 纳米科学与工程',
      '1407 区域国别学',
      '1451 文物',
      '1452 密码',
    ]);
  });

  it('lists the engineering 专业学位 categories', () => {
    expect(list({ parent: '08', degreeType: 'professional' }).map((e) => `${e.code} ${e.name}`)).toEqual([
      '0851 建筑',
      '0853 城乡规划',
      '0854 电子信息',
      '0855 机械',
      '0856 材料与化工',
      '0857 资源与环境',
      '0858 能源动力',
      '0859 土木水利',
      '0860 生物与医药',
      '0861 交通运输',
      '0862 风景园林',
    ]);
  });

  it('describes an entry fully', () => {
    expect(lookupCode('0812')).toEqual({
      code: '0812',
      name: '计算机科学与技术',
      nameEn: 'Computer Science and Technology',
      level: '一级学科',
      degreeType: 'academic',
      parent: '08',
      related: [],
    });
    expect(lookupCode('1051')).toEqual({
      code: '1051',
      name: '临床医学',
      nameEn: 'Clinical Medicine (professional)',
      level: '专业学位',
      degreeType: 'professional',
      parent: '10',
      related: ['1002'],
    });
    expect(lookupCode('08')).toEqual({
      code: '08',
      name: '工学',
      nameEn: 'Engineering',
      level: '门类',
      related: [],
    });
  });
});

describe('lookup', () => {
  it('finds codes in 2, 4 and 6 digit forms', () => {
    expect(lookupCode('0835')?.name).toBe('软件工程');
    expect(lookupCode('081200')?.code).toBe('0812');
    expect(lookupCode('085410')?.code).toBe('0854');
    expect(lookupCode('14')?.name).toBe('交叉学科');
    expect(lookupCode('0899')).toBeUndefined();
    expect(lookupCode('abc')).toBeUndefined();
    expect(normalizeCode('０８１２')).toBe('0812');
    expect(normalizeCode('812')).toBeUndefined();
  });

  it('finds names, preferring the 一级学科 when a name is shared', () => {
    expect(lookupName('计算机科学与技术')?.code).toBe('0812');
    expect(lookupName('临床医学')?.code).toBe('1002');
    expect(lookupName('临床医学', { degreeType: 'professional' })?.code).toBe('1051');
    expect(lookupName('法学')?.code).toBe('0301');
    expect(lookupName('历史学')?.code).toBe('06');
    expect(lookupName('电子信息')?.code).toBe('0854');
    expect(lookupName('电子信息', { degreeType: 'academic' })).toBeUndefined();
  });

  it('tolerates English names, width, spacing and common suffixes', () => {
    expect(lookupName('computer science and technology')?.code).toBe('0812');
    expect(lookupName(' 机械工程 ')?.code).toBe('0802');
    expect(lookupName('机械工程专业')?.code).toBe('0802');
    expect(lookupName('电子信息硕士')?.code).toBe('0854');
    expect(lookupName('电子信息（专业学位）')?.code).toBe('0854');
    expect(lookup('0812 计算机科学与技术')?.code).toBe('0812');
    expect(lookup('085400电子信息')?.code).toBe('0854');
    expect(lookupName('')).toBeUndefined();
    expect(lookupName('专业')).toBeUndefined();
  });

  it('resolves former names and aliases, after official names', () => {
    expect(lookupName('公共管理')?.code).toBe('1252');
    expect(lookupName('公共管理', { degreeType: 'academic' })?.code).toBe('1204');
    expect(lookupName('工商管理', { degreeType: 'academic' })?.code).toBe('1202');
    expect(lookupName('图书情报与档案管理')?.code).toBe('1205');
    expect(lookupName('汉语国际教育')?.code).toBe('0453');
    expect(lookupName('美术学')?.code).toBe('1301');
    expect(lookupName('人工智能')?.code).toBe('1405');
    for (const a of aliases) expect(lookupCode(a.code), a.alias).toBeDefined();
  });

  it('splits "/"-joined labels', () => {
    expect(resolveAll('化学/化学工程与技术').map((e) => e.code)).toEqual(['0703', '0817']);
    expect(resolveAll('生物学/生物科学与工程').map((e) => e.code)).toEqual(['0710']);
    expect(resolveAll('不存在的学科')).toEqual([]);
  });

  it.skipIf(!existsSync(CSL_DISCIPLINES))(
    'resolves every one of the 67 CSL discipline labels (skipped where the CSL data set is absent)',
    () => {
      const labels = readFileSync(CSL_DISCIPLINES, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => (JSON.parse(l) as { discipline: string }).discipline);
      expect(labels).toHaveLength(67);
      const resolved = Object.fromEntries(
        labels.map((l) => [l, resolveAll(l, { degreeType: 'academic' }).map((e) => e.code)]),
      );
      expect(resolved).toEqual({
        '中医学/中药学': ['1005', '1008'],
        中国语言文学: ['0501'],
        交通运输工程: ['0823'],
        体育学: ['0403'],
        作物学: ['0901'],
        信息与通信工程: ['0810'],
        光学工程: ['0803'],
        公共卫生与预防医学: ['1004'],
        公共管理: ['1204'],
        兵器科学与技术: ['0826'],
        军事学: ['11'],
        农业工程: ['0828'],
        农业资源利用: ['0903'],
        农林经济管理: ['1203'],
        冶金工程: ['0806'],
        力学: ['0801'],
        动力工程及工程热物理: ['0807'],
        '化学/化学工程与技术': ['0703', '0817'],
        历史学: ['06'],
        口腔医学: ['1003'],
        哲学: ['0101'],
        园艺学: ['0902'],
        '图书馆、情报与档案管理': ['1205'],
        土木工程: ['0814'],
        地球物理学: ['0708'],
        地理学: ['0705'],
        '地质学/地质资源与地质工程': ['0709', '0818'],
        '基础医学/临床医学': ['1001', '1002'],
        大气科学: ['0706'],
        天文学: ['0704'],
        工商管理: ['1202'],
        应用经济学: ['0202'],
        建筑学: ['0813'],
        心理学: ['0402'],
        控制科学与工程: ['0811'],
        政治学: ['0302'],
        教育学: ['0401'],
        数学: ['0701'],
        新闻传播学: ['0503'],
        机械工程: ['0802'],
        材料科学与工程: ['0805'],
        '林学/林业工程': ['0907', '0829'],
        核科学与技术: ['0827'],
        植物保护: ['0904'],
        民族学: ['0304'],
        水产: ['0908'],
        水利工程: ['0815'],
        法学: ['0301'],
        测绘科学与技术: ['0816'],
        海洋科学: ['0707'],
        物理学: ['0702'],
        环境科学与工程: ['0830'],
        理论经济学: ['0201'],
        '生物学/生物科学与工程': ['0710'],
        电子科学与技术: ['0809'],
        电气工程: ['0808'],
        '畜牧学/兽医学': ['0905', '0906'],
        石油与天然气工程: ['0820'],
        矿业工程: ['0819'],
        社会学: ['0303'],
        纺织科学与工程: ['0821'],
        航空宇航科学与技术: ['0825'],
        船舶与海洋工程: ['0824'],
        艺术学: ['1301'],
        药学: ['1007'],
        计算机科学与技术: ['0812'],
        食品科学与工程: ['0832'],
      });
    },
  );
});

describe('path', () => {
  it('gives [门类, discipline] with names', () => {
    expect(path('0812')).toEqual([
      { code: '08', name: '工学', nameEn: 'Engineering', level: '门类' },
      {
        code: '0812',
        name: '计算机科学与技术',
        nameEn: 'Computer Science and Technology',
        level: '一级学科',
      },
    ]);
    expect(path('085404').map((n) => n.name)).toEqual(['工学', '电子信息']);
    expect(path('14').map((n) => n.code)).toEqual(['14']);
    expect(path('9999')).toEqual([]);
  });
});

describe('distance', () => {
  it('follows the tree: same, same 门类, different 门类', () => {
    expect(distance('0812', '0812')).toBe(0);
    expect(distance('0812', '081203')).toBe(0);
    expect(distance('0812', '0809')).toBe(0.5);
    expect(distance('08', '0812')).toBe(0.5);
    expect(distance('0812', '0101')).toBe(1);
    expect(distance('07', '08')).toBe(1);
  });

  it('bridges professional categories to the academic disciplines they draw on', () => {
    expect(distance('0854', '0812')).toBe(DISTANCE.bridged);
    expect(distance('0812', '0854')).toBe(DISTANCE.bridged);
    expect(distance('0854', '0839')).toBe(0.25);
    expect(distance('1051', '1002')).toBe(0.25);
    expect(distance('0856', '0860')).toBe(0.25); // both draw on 0817 化学工程与技术
    expect(distance('0854', '0802')).toBe(0.5);
    expect(distance('0860', '1002')).toBe(0.5); // through 1007 药学 in 医学
    expect(distance('0854', '1002')).toBe(1);
  });

  it('places interdisciplinary 一级学科 near their sources', () => {
    expect(distance('1405', '0812')).toBe(0.25);
    expect(distance('1405', '0854')).toBe(0.25);
    expect(distance('1405', '0802')).toBe(0.5);
    expect(distance('1401', '0501')).toBe(1);
  });

  it('is symmetric and within [0, 1] over the whole catalogue', () => {
    const codes = list().map((e) => e.code);
    const bad: string[] = [];
    for (const a of codes) {
      for (const b of codes) {
        const d = distance(a, b);
        if (d !== distance(b, a) || ![0, 0.25, 0.5, 1].includes(d) || (d === 0) !== (a === b)) {
          bad.push(`${a}-${b}`);
        }
      }
    }
    expect(codes).toHaveLength(14 + 108 + 61);
    expect(bad).toEqual([]);
  });

  it('takes the closest pair between two sets of disciplines', () => {
    expect(setDistance(['0501', '0812'], ['0854'])).toBe(0.25);
    expect(setDistance(['0802', '0101'], ['0809', '0812'])).toBe(0.5);
    expect(setDistance(['0812'], ['081203', '0101'])).toBe(0);
    expect(setDistance([], ['0812'])).toBe(1);
  });

  it('treats unknown codes as unrelated', () => {
    expect(distance('0899', '0812')).toBe(1);
    expect(distance('x', 'x')).toBe(1);
  });
});

describe('industry clusters', () => {
  it('covers the key clusters', () => {
    expect(industryClusters.map((c) => `${c.id} ${c.name}`)).toEqual([
      'intelligent-manufacturing 智能制造',
      'new-energy-vehicles 新能源汽车',
      'integrated-circuits 集成电路',
      'artificial-intelligence 人工智能',
      'biomedicine 生物医药',
      'new-materials 新材料',
      'next-generation-it 新一代信息技术',
      'high-end-equipment 高端装备',
      'new-energy 新能源',
      'energy-saving-environmental 节能环保',
    ]);
  });

  it('answers fitsCluster by code, including 6-digit codes', () => {
    expect(fitsCluster('1401', 'integrated-circuits')).toBe(true);
    expect(fitsCluster('0809', 'integrated-circuits')).toBe(true);
    expect(fitsCluster('085403', 'integrated-circuits')).toBe(true);
    expect(fitsCluster('0501', 'integrated-circuits')).toBe(false);
    expect(fitsCluster('nope', 'biomedicine')).toBe(false);
    expect(() => fitsCluster('0812', 'no-such-cluster')).toThrow(RangeError);
  });

  it('measures the discipline–industry fit rate', () => {
    expect(clusterFitRate(['0812', '0809', '0501', '0101'])).toBe(0.5);
    expect(clusterFitRate(['0812', '081200', '1401'])).toBe(1);
    expect(clusterFitRate([])).toBe(0);
  });

  it('lists the clusters a discipline serves', () => {
    expect(clustersOf('0812').map((c) => c.id)).toEqual([
      'intelligent-manufacturing',
      'new-energy-vehicles',
      'integrated-circuits',
      'artificial-intelligence',
      'next-generation-it',
    ]);
    expect(clustersOf('0101')).toEqual([]);
  });
});
