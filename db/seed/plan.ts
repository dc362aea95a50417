/**
 * Builds the demo data set in memory: every row of every table, with ids, timestamps and relations
 * already resolved. Pure and deterministic — the same `now` and papers give the same plan — so it
 * can be inserted in a handful of multi-row statements and checked without a database.
 */
import type {
  auditLog,
  capabilities,
  challenges,
  memberships,
  mentors,
  ndaAcceptances,
  organisations,
  outcomeGrades,
  poolStateChanges,
  preferences,
  proposals,
  publications,
  students,
  thesisTopics,
  users,
} from '../schema/index.ts';
import { demoAccount, type DemoAccountKey } from './accounts.ts';
import { challengeThemes, type ChallengeTheme } from './content/challenges.ts';
import {
  codesFor,
  field,
  fields,
  type Area,
  type ClusterId,
  type Field,
  type FieldKey,
} from './content/fields.ts';
import { givenChars, surnames } from './content/names.ts';
import { enterprises, universities } from './content/organisations.ts';
import { Random } from './random.ts';

export interface SeedPaper {
  id: string;
  title: string;
  abstract: string;
  keywords: string[];
  /** CSL discipline label, matched against `Field.csl`. */
  discipline: string;
}

/** Stored in place of a password hash for seeded users who have no login; never verifies. */
export const NO_PASSWORD = '!seed:no-password';

export const SEED_COHORT = 2026;

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export interface DemoPlan {
  organisations: Row<typeof organisations>[];
  /** `passwordHash` is {@link NO_PASSWORD}; demo accounts (see `demoUserIds`) get a real hash on insert. */
  users: Row<typeof users>[];
  memberships: Row<typeof memberships>[];
  capabilities: Row<typeof capabilities>[];
  mentors: Row<typeof mentors>[];
  poolStateChanges: Row<typeof poolStateChanges>[];
  publications: Row<typeof publications>[];
  challenges: Row<typeof challenges>[];
  proposals: Row<typeof proposals>[];
  ndaAcceptances: Row<typeof ndaAcceptances>[];
  outcomeGrades: Row<typeof outcomeGrades>[];
  thesisTopics: Row<typeof thesisTopics>[];
  students: Row<typeof students>[];
  preferences: Row<typeof preferences>[];
  auditLog: Row<typeof auditLog>[];
  demoUserIds: Record<DemoAccountKey, string>;
}

const clusterNames: Record<ClusterId, string> = {
  'intelligent-manufacturing': '智能制造',
  'new-energy-vehicles': '新能源汽车',
  'integrated-circuits': '集成电路',
  'artificial-intelligence': '人工智能',
  biomedicine: '生物医药',
  'new-materials': '新材料',
  'next-generation-it': '新一代信息技术',
  'high-end-equipment': '高端装备',
  'new-energy': '新能源',
  'energy-saving-environmental': '节能环保',
};

const DAY = 86_400_000;
const fill = (template: string, s: string) => template.replaceAll('{s}', s);
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const unique = <T>(xs: T[]) => [...new Set(xs)];
const bigrams = (text: string) => {
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) out.add(text.slice(i, i + 2));
  return out;
};
/** Character bigrams two Chinese texts share: a crude but adequate topical closeness. */
const overlap = (a: string, b: string) => {
  const bb = bigrams(b);
  let n = 0;
  for (const g of bigrams(a)) if (bb.has(g)) n++;
  return n;
};
/** The option that reads closest to `text` (first on ties). */
const closest = (options: readonly string[], text: string) =>
  options.reduce((best, o) => (overlap(o, text) > overlap(best, text) ? o : best), options[0]!);

interface MentorMeta {
  id: string;
  kind: 'campus' | 'industry';
  field: Field;
  uni: number;
  ent: number | null;
  state: 'applied' | 'active' | 'suspended' | 'exited';
  name: string;
  topics: number;
}

interface TopicMeta {
  id: string;
  field: Field;
  uni: number;
  degreeType: 'academic' | 'professional';
  open: boolean;
  appeal: number;
}

interface ChallengeMeta {
  id: string;
  theme: ChallengeTheme;
  variant: string;
  ent: number;
  kind: 'thesis_topic' | 'joint_rnd' | 'internship' | 'work_study';
  state: Row<typeof challenges>['state'] & string;
  nda: boolean;
  degreeType: 'academic' | 'professional';
  summary: string;
  acceptedUni: number | null;
  proposalUnis: number[];
}

export function buildDemoPlan(input: { now: Date; papers: readonly SeedPaper[] }): DemoPlan {
  const rng = new Random(20260901);
  const ids = new Random(0x5eed2026);
  const today = Math.floor(input.now.getTime() / DAY) * DAY;
  /** A moment `days` ago (negative: in the future), at a working hour derived from the stream. */
  const ago = (days: number) => new Date(today - days * DAY + rng.int(8 * 60, 18 * 60) * 60_000);

  const plan: DemoPlan = {
    organisations: [],
    users: [],
    memberships: [],
    capabilities: [],
    mentors: [],
    poolStateChanges: [],
    publications: [],
    challenges: [],
    proposals: [],
    ndaAcceptances: [],
    outcomeGrades: [],
    thesisTopics: [],
    students: [],
    preferences: [],
    auditLog: [],
    demoUserIds: {} as Record<DemoAccountKey, string>,
  };

  // ── people's names ────────────────────────────────────────────────────────
  const usedNames = new Set<string>(['周立诚', '沈慧琳', '陈思远', '刘振宇', '林嘉怡']);
  const personName = (): string => {
    for (;;) {
      const surname = rng.weighted(surnames, (s) => (s.length > 1 ? 0.15 : 1));
      const given = rng.chance(0.3)
        ? rng.pick(givenChars)
        : rng.pick(givenChars) + rng.pick(givenChars.filter((c) => c !== '一'));
      const name = surname + given;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };

  // ── organisations ─────────────────────────────────────────────────────────
  const entIds = enterprises.map(() => ids.uuid());
  const uniIds = universities.map(() => ids.uuid());
  enterprises.forEach((e, i) =>
    plan.organisations.push({
      id: entIds[i]!,
      kind: 'enterprise',
      name: e.name,
      nameEn: e.nameEn,
      region: e.region,
      industries: e.clusters,
      disciplines: [],
      verification: 'verified',
      createdAt: ago(rng.int(420, 720)),
    }),
  );
  universities.forEach((u, i) =>
    plan.organisations.push({
      id: uniIds[i]!,
      kind: 'university',
      name: u.name,
      nameEn: u.nameEn,
      region: u.region,
      industries: [],
      disciplines: unique(
        u.fields.flatMap((k) => {
          const f = field(k);
          return f.professional ? [f.code, f.professional] : [f.code];
        }),
      ).sort(),
      verification: 'verified',
      createdAt: ago(rng.int(420, 720)),
    }),
  );

  // ── users and memberships ─────────────────────────────────────────────────
  const addUser = (email: string, displayName: string, platformAdmin = false, daysAgo = 400) => {
    const id = ids.uuid();
    plan.users.push({
      id,
      email,
      passwordHash: NO_PASSWORD,
      displayName,
      locale: 'zh-CN',
      platformAdmin,
      createdAt: ago(daysAgo),
    });
    return id;
  };
  const member = (userId: string, orgId: string, role: Row<typeof memberships>['role'], daysAgo = 400) =>
    plan.memberships.push({ id: ids.uuid(), userId, orgId, role, createdAt: ago(daysAgo) });
  const demoUser = (key: DemoAccountKey, daysAgo: number) => {
    const a = demoAccount(key);
    const id = addUser(a.email, a.displayName, key === 'admin', daysAgo);
    plan.demoUserIds[key] = id;
    return id;
  };

  const adminId = demoUser('admin', 730);
  // Enterprise 0 and university 0 are administered by the demo accounts; the others by contacts
  // who exist so that authorship and audit rows name a real user, but who cannot log in.
  const entAdmin = enterprises.map((_, i) => {
    const id =
      i === 0
        ? demoUser('enterprise', 700)
        : addUser(`contact.e${String(i + 1).padStart(2, '0')}@demo.chanjiao.cn`, personName(), false, 700);
    member(id, entIds[i]!, 'org_admin', 700);
    member(id, entIds[i]!, 'enterprise_member', 700);
    return id;
  });
  const uniAdmin = universities.map((_, i) => {
    const id =
      i === 0
        ? demoUser('grad', 700)
        : addUser(`grad.u${String(i + 1).padStart(2, '0')}@demo.chanjiao.cn`, personName(), false, 700);
    member(id, uniIds[i]!, 'org_admin', 700);
    member(id, uniIds[i]!, 'grad_admin', 700);
    return id;
  });

  // ── mentors (shared pool) ─────────────────────────────────────────────────
  const mentorMeta: MentorMeta[] = [];
  const unisWith = (f: Field) =>
    universities.map((u, i) => (u.fields.includes(f.key) ? i : -1)).filter((i) => i >= 0);
  const entLoad = enterprises.map(() => 0);

  const campusTitles = ['教授', '副教授', '研究员', '副研究员', '讲师'];
  const campusTitleWeights = [0.36, 0.4, 0.08, 0.1, 0.06];
  const industryTitles = [
    '高级工程师',
    '正高级工程师',
    '首席科学家',
    '技术总监',
    '研发总监',
    '首席工程师',
    '主任工程师',
  ];
  const industryTitleWeights = [0.34, 0.2, 0.06, 0.12, 0.1, 0.08, 0.1];
  const bioTitles = ['高级研究员', '研发总监', '首席科学家', '主任药师', '高级工程师'];
  const pickIndex = (weights: number[]) =>
    rng.weighted(
      weights.map((_, i) => i),
      (i) => weights[i]!,
    );

  const fieldStates = (kind: 'campus' | 'industry'): MentorMeta['state'] => {
    const r = rng.next();
    const [applied, suspended, exited] = kind === 'campus' ? [0.06, 0.04, 0.04] : [0.12, 0.05, 0.05];
    if (r < applied) return 'applied';
    if (r < applied + suspended) return 'suspended';
    if (r < applied + suspended + exited) return 'exited';
    return 'active';
  };

  for (const f of fields) {
    const unis = unisWith(f);
    if (unis.length === 0) throw new Error(`no university teaches ${f.key}`);
    // Stronger universities (field listed earlier) get more supervisors.
    for (let k = 0; k < f.campus; k++) {
      const uni = rng.weighted(unis, (i) => 1 / (1 + universities[i]!.fields.indexOf(f.key) * 0.25));
      mentorMeta.push({
        id: ids.uuid(),
        kind: 'campus',
        field: f,
        uni,
        ent: null,
        state: fieldStates('campus'),
        name: personName(),
        topics: 0,
      });
    }
    for (let k = 0; k < f.industry; k++) {
      const candidates = enterprises
        .map((e, i) => (e.clusters.some((c) => f.clusters.includes(c)) ? i : -1))
        .filter((i) => i >= 0);
      if (candidates.length === 0) throw new Error(`no enterprise in the clusters of ${f.key}`);
      const least = Math.min(...candidates.map((i) => entLoad[i]!));
      const ent = rng.pick(candidates.filter((i) => entLoad[i] === least));
      entLoad[ent]!++;
      // The vetting university: one teaching the field, preferably in the enterprise's province.
      const uni = rng.weighted(unis, (i) => (universities[i]!.region === enterprises[ent]!.region ? 6 : 1));
      mentorMeta.push({
        id: ids.uuid(),
        kind: 'industry',
        field: f,
        uni,
        ent,
        state: fieldStates('industry'),
        name: personName(),
        topics: 0,
      });
    }
  }

  // The demo supervisor and industry mentor: active, in fields with plenty to do.
  const demoSupervisor = mentorMeta.find((m) => m.kind === 'campus' && m.uni === 0 && m.field.key === 'cs');
  const demoMentor =
    mentorMeta.find((m) => m.kind === 'industry' && m.ent === 0 && m.field.key === 'cs') ??
    mentorMeta.find((m) => m.kind === 'industry' && m.ent === 0);
  if (!demoSupervisor || !demoMentor) throw new Error('seed plan has no demo supervisor or mentor');
  demoSupervisor.state = 'active';
  demoSupervisor.name = demoAccount('supervisor').displayName;
  demoMentor.state = 'active';
  demoMentor.name = demoAccount('mentor').displayName;
  if (universities[0]!.fields.includes(demoMentor.field.key)) demoMentor.uni = 0;
  const supervisorUserId = demoUser('supervisor', 500);
  member(supervisorUserId, uniIds[0]!, 'supervisor', 500);
  const mentorUserId = demoUser('mentor', 480);
  member(mentorUserId, entIds[0]!, 'industry_mentor', 480);

  // Publications: real CSL papers of the mentor's discipline, each paper to one mentor.
  const papersByLabel = new Map<string, SeedPaper[]>();
  for (const p of input.papers) {
    const list = papersByLabel.get(p.discipline) ?? [];
    list.push(p);
    papersByLabel.set(p.discipline, list);
  }
  const papersOf = new Map<string, SeedPaper[]>();
  for (const f of fields) {
    const pool = rng.shuffle(papersByLabel.get(f.csl) ?? []);
    const ms = mentorMeta.filter((m) => m.field === f);
    if (ms.length === 0) continue;
    if (pool.length === 0) throw new Error(`no seed papers for ${f.csl}`);
    const counts = ms.map(() => 2);
    let spare = pool.length - 2 * ms.length;
    while (spare > 0 && counts.some((c) => c < 5)) {
      const i = rng.pick(counts.map((c, j) => (c < 5 ? j : -1)).filter((j) => j >= 0));
      counts[i]!++;
      spare--;
    }
    // If a field ever has fewer papers than 2 per mentor, papers are shared (co-authored) round-robin.
    let next = 0;
    ms.forEach((m, i) => {
      const mine: SeedPaper[] = [];
      for (let c = 0; c < counts[i]!; c++) mine.push(pool[next++ % pool.length]!);
      papersOf.set(m.id, mine);
    });
  }

  const projectSources = [
    '国家自然科学基金面上项目',
    '国家自然科学基金青年科学基金项目',
    '国家重点研发计划课题',
    '省自然科学基金项目',
    '省重点研发计划项目',
  ];
  const applyReasons = {
    campus: [
      '学院推荐入库：具备学术学位与专业学位研究生指导资格',
      '本人申请加入共享导师库，拟承担产教融合课题指导',
    ],
    industry: ['企业推荐，申请担任专业学位研究生产业导师', '通过跨校聘任申请加入共享导师库'],
  };
  const approveReasons = [
    '研究生院审核通过：导师资格与工程实践经历符合要求',
    '经学位评定分委员会审议，同意纳入共享导师库',
  ];
  const suspendReasons = [
    '年度考核未完成指导任务，暂停招生一年',
    '承担重大工程项目任务繁重，本人申请暂停指导',
    '指导学生学位论文抽检存在问题，暂停招生整改',
  ];
  const exitReasons = ['退休离岗，退出导师库', '工作单位变动，本人申请退出', '聘期届满未续聘'];

  for (const m of mentorMeta) {
    const f = m.field;
    const isDemoSupervisor = m === demoSupervisor;
    const isDemoMentor = m === demoMentor;
    const mine = papersOf.get(m.id) ?? [];
    const directions = rng.sample(f.directions, 2);
    const paperKeywords = unique(mine.flatMap((p) => p.keywords)).filter((k) => k.length <= 12);
    const focus = rng.sample(paperKeywords, Math.min(3, paperKeywords.length));
    const interests =
      m.kind === 'campus'
        ? `${directions.join('、')}${focus.length ? `；近期关注${focus.join('、')}` : ''}`
        : `${directions.join('、')}的工程化应用${focus.length ? `；关注${focus.join('、')}` : ''}`;
    const y = () => rng.int(2017, 2023);
    const projects: string[] = [];
    if (m.kind === 'campus') {
      for (let k = 0, n = rng.int(2, 3); k < n; k++) {
        const y1 = y();
        const dir = rng.pick(f.directions);
        projects.push(
          k === n - 1
            ? `${enterprises[rng.pick(enterprisesIn(f))]!.name}委托项目“${dir}技术开发”（${y1}—${y1 + rng.int(1, 3)}，主持）`
            : `${rng.pick(projectSources)}“${dir}关键技术研究”（${y1}—${y1 + rng.int(2, 4)}，主持）`,
        );
      }
    } else {
      const y1 = y();
      projects.push(
        `${enterprises[m.ent!]!.name}“${rng.pick(f.directions)}”工程化项目（${y1}—${y1 + rng.int(1, 3)}，技术负责人）`,
        `国家重点研发计划课题“${rng.pick(f.directions)}关键技术与示范应用”（${y1 + 1}—${y1 + 4}，参与单位负责人）`,
      );
    }
    const capacity = m.kind === 'campus' ? rng.int(2, 5) : rng.int(1, 3);
    const load = m.state === 'active' && rng.chance(0.15) ? capacity : rng.int(0, capacity - 1);
    const title =
      m.kind === 'campus'
        ? campusTitles[pickIndex(campusTitleWeights)]!
        : f.area === 'bio'
          ? rng.pick(bioTitles)
          : industryTitles[pickIndex(industryTitleWeights)]!;
    const disciplines = unique([
      f.code,
      ...(f.secondary.length && rng.chance(0.4) ? [rng.pick(f.secondary)] : []),
    ]);
    const createdDaysAgo = rng.int(120, 900);
    const homeOrgId = m.kind === 'campus' ? uniIds[m.uni]! : entIds[m.ent!]!;
    const region = m.kind === 'campus' ? universities[m.uni]!.region : enterprises[m.ent!]!.region;

    // Pool history: application, then vetting, then any suspension or exit.
    const history: {
      from: MentorMeta['state'] | null;
      to: MentorMeta['state'];
      reason: string;
      actor: string | null;
    }[] = [{ from: null, to: 'applied', reason: rng.pick(applyReasons[m.kind]), actor: null }];
    const vetter = uniAdmin[m.uni]!;
    if (m.state === 'exited' && rng.chance(0.35)) {
      history.push({
        from: 'applied',
        to: 'exited',
        reason: '审核未通过：工程实践年限或指导经历不满足要求',
        actor: vetter,
      });
    } else if (m.state !== 'applied') {
      history.push({ from: 'applied', to: 'active', reason: rng.pick(approveReasons), actor: vetter });
      if (m.state === 'active' && rng.chance(0.06)) {
        history.push({ from: 'active', to: 'suspended', reason: rng.pick(suspendReasons), actor: vetter });
        history.push({ from: 'suspended', to: 'active', reason: '整改完成，恢复招生资格', actor: vetter });
      }
      if (m.state === 'suspended')
        history.push({ from: 'active', to: 'suspended', reason: rng.pick(suspendReasons), actor: vetter });
      if (m.state === 'exited')
        history.push({ from: 'active', to: 'exited', reason: rng.pick(exitReasons), actor: vetter });
    }
    let t = createdDaysAgo;
    for (const h of history) {
      plan.poolStateChanges.push({
        mentorId: m.id,
        fromState: h.from,
        toState: h.to,
        reason: h.reason,
        actorId: h.actor,
        at: ago(t),
      });
      t = Math.max(1, t - rng.int(7, Math.max(8, Math.floor(t / history.length))));
    }

    plan.mentors.push({
      id: m.id,
      userId: isDemoSupervisor ? supervisorUserId : isDemoMentor ? mentorUserId : null,
      kind: m.kind,
      homeOrgId,
      poolOrgId: uniIds[m.uni]!,
      name: m.name,
      title: isDemoSupervisor ? '副教授' : title,
      email: isDemoSupervisor
        ? demoAccount('supervisor').email
        : isDemoMentor
          ? demoAccount('mentor').email
          : null,
      region,
      disciplines,
      interests,
      projects: projects.join('；'),
      capacity,
      load,
      state: m.state,
      createdAt: ago(createdDaysAgo),
      updatedAt: ago(Math.max(1, t)),
    });
    for (const p of mine) {
      plan.publications.push({
        id: ids.uuid(),
        mentorId: m.id,
        title: p.title,
        abstract: p.abstract,
        keywords: p.keywords,
        year: null,
        venue: null,
      });
    }
  }

  function enterprisesIn(f: Field): number[] {
    return enterprises
      .map((e, i) => (e.clusters.some((c) => f.clusters.includes(c)) ? i : -1))
      .filter((i) => i >= 0);
  }

  // ── capabilities (能力清单) ───────────────────────────────────────────────
  const capabilityIds: string[] = [];
  universities.forEach((u, ui) => {
    for (const key of u.fields.slice(0, 5)) {
      const f = field(key);
      const lab = f.labs[ui % f.labs.length]!;
      const id = ids.uuid();
      capabilityIds.push(id);
      const partners = rng.sample(enterprisesIn(f), 2).map((i) => enterprises[i]!.name);
      plan.capabilities.push({
        id,
        orgId: uniIds[ui]!,
        name: lab.name,
        kind: lab.kind,
        directions: rng.sample(f.directions, rng.int(3, 4)),
        achievements:
          `近五年承担国家级项目${rng.int(4, 15)}项、省部级项目${rng.int(6, 20)}项、企业横向项目${rng.int(10, 40)}项，` +
          `到账科研经费${rng.int(20, 90) * 100}万元；发表高水平论文${rng.int(40, 160)}篇，授权发明专利${rng.int(10, 60)}项。` +
          `${rng.pick(f.achievements)}；与${partners.join('、')}等企业共建联合研发中心。`,
        equipment: rng.sample(f.equipment, Math.min(f.equipment.length, rng.int(3, 5))).join('；'),
        disciplines: f.professional ? [f.code, f.professional] : [f.code],
        createdAt: ago(rng.int(200, 600)),
        updatedAt: ago(rng.int(10, 199)),
      });
    }
  });

  // ── challenges (企业出题) ─────────────────────────────────────────────────
  const audit = (e: Omit<Row<typeof auditLog>, 'id'>) => plan.auditLog.push(e);
  const entCount = enterprises.map(() => 0);
  const stateBag: ChallengeMeta['state'][] = [
    ...Array<ChallengeMeta['state']>(8).fill('draft'),
    ...Array<ChallengeMeta['state']>(8).fill('submitted'),
    ...Array<ChallengeMeta['state']>(5).fill('returned'),
    ...Array<ChallengeMeta['state']>(52).fill('published'),
    ...Array<ChallengeMeta['state']>(45).fill('matching'),
    ...Array<ChallengeMeta['state']>(8).fill('awarded'),
    ...Array<ChallengeMeta['state']>(10).fill('in_progress'),
    ...Array<ChallengeMeta['state']>(6).fill('delivered'),
    ...Array<ChallengeMeta['state']>(6).fill('graded'),
    ...Array<ChallengeMeta['state']>(6).fill('closed'),
    ...Array<ChallengeMeta['state']>(2).fill('withdrawn'),
  ];
  const pairs = challengeThemes.flatMap((theme) => theme.variants.map((variant) => ({ theme, variant })));
  if (pairs.length > stateBag.length) throw new Error('more challenge themes than planned states');
  const states = rng.shuffle(stateBag).slice(0, pairs.length);
  const challengeMeta: ChallengeMeta[] = rng.shuffle(pairs).map(({ theme, variant }, i) => {
    // The enterprise whose business reads closest to the theme posts it, spreading load evenly.
    const candidates = enterprises
      .map((e, j) => (e.clusters.includes(theme.cluster) ? j : -1))
      .filter((j) => j >= 0);
    const text = fill(`${theme.title}${theme.background}`, variant);
    const ent = rng.weighted(
      candidates,
      (j) => (1 + overlap(enterprises[j]!.business, text)) ** 3 / (1 + entCount[j]!) ** 3,
    );
    entCount[ent]!++;
    const kind = rng.weighted(['thesis_topic', 'joint_rnd', 'internship', 'work_study'] as const, (k) =>
      k === 'thesis_topic' ? 0.36 : k === 'joint_rnd' ? 0.34 : k === 'internship' ? 0.18 : 0.12,
    );
    return {
      id: ids.uuid(),
      theme,
      variant,
      ent,
      kind,
      state: states[i]!,
      nda: rng.chance(0.15),
      degreeType: rng.chance(0.75) ? 'professional' : 'academic',
      summary: fill(theme.summary, variant),
      acceptedUni: null,
      proposalUnis: [],
    };
  });
  // The demo enterprise shows the main stages of the workflow: swap states with other
  // enterprises' challenges, which keeps the overall spread of states unchanged.
  const wanted: ChallengeMeta['state'][] = [
    'published',
    'matching',
    'matching',
    'draft',
    'in_progress',
    'graded',
    'delivered',
    'submitted',
  ];
  challengeMeta
    .filter((c) => c.ent === 0)
    .forEach((own, i) => {
      const want = wanted[i];
      if (!want || own.state === want) return;
      const donor = challengeMeta.find((c) => c.ent !== 0 && c.state === want);
      if (donor) [donor.state, own.state] = [own.state, donor.state];
    });

  const campusAt = (uni: number, keys: FieldKey[]) =>
    mentorMeta.filter(
      (m) => m.kind === 'campus' && m.uni === uni && keys.includes(m.field.key) && m.state === 'active',
    );
  const industryIn = (keys: FieldKey[]) =>
    mentorMeta.filter((m) => m.kind === 'industry' && keys.includes(m.field.key) && m.state === 'active');
  const returnReasons = [
    '需求描述中的考核指标不够明确，请补充可量化的验收指标后重新提交',
    '预算与研究内容不匹配，请说明经费构成及企业配套条件',
    '公开摘要中含有客户名称等敏感信息，请移至保密部分后重新提交',
  ];
  const gradeComments = [
    '成果达到合同约定指标，已在产线试运行，团队响应及时。',
    '主要指标达成，部分指标略低于预期，文档完整，建议继续合作。',
    '成果超出预期，已申请联合专利并计划推广到其他产线。',
    '按期交付，技术报告扎实，现场部署仍需企业工程师进一步完善。',
  ];
  const progression: ChallengeMeta['state'][] = [
    'draft',
    'submitted',
    'published',
    'matching',
    'awarded',
    'in_progress',
    'delivered',
    'graded',
    'closed',
  ];
  const actionTo: Record<string, string> = {
    submitted: 'submit',
    published: 'publish',
    matching: 'open_matching',
    awarded: 'award',
    in_progress: 'start',
    delivered: 'deliver',
    graded: 'grade',
    closed: 'close',
  };

  for (const c of challengeMeta) {
    const e = enterprises[c.ent]!;
    const theme = c.theme;
    const stage = c.state === 'returned' ? 1 : c.state === 'withdrawn' ? 2 : progression.indexOf(c.state);
    // Older challenges are further along.
    const createdDaysAgo =
      stage >= 4
        ? rng.int(240, 520)
        : stage >= 2
          ? rng.int(20, 150)
          : c.state === 'draft'
            ? rng.int(1, 20)
            : rng.int(5, 40);
    const createdAt = ago(createdDaysAgo);
    const creator = entAdmin[c.ent]!;
    const reviewer = rng.chance(0.5) ? uniAdmin[0]! : adminId;
    const fieldsOf = theme.fields.map(field);
    const disciplines = unique(fieldsOf.flatMap((f) => codesFor(f, c.degreeType))).slice(0, 5);
    const kindGoal = {
      thesis_topic:
        '\n4. 支持研究生以此为题完成学位论文，企业提供数据与现场条件，并委派产业导师参与联合指导。',
      joint_rnd: '\n4. 校企联合攻关，双方共享阶段成果，知识产权按合同约定共有。',
      internship: '\n4. 学生驻企实践3—6个月，企业提供实习补贴、住宿与安全培训。',
      work_study: '\n4. 工学交替培养，学生每周在企业工作不少于3天，参与真实项目。',
    }[c.kind];
    const kindDeliverable = {
      thesis_topic: '；学位论文1篇',
      joint_rnd: '；联合申请发明专利不少于1项',
      internship: '；实践总结报告',
      work_study: '；项目周报与实践考核记录',
    }[c.kind];
    const seats = {
      thesis_topic: rng.int(1, 3),
      joint_rnd: rng.int(2, 6),
      internship: rng.int(2, 10),
      work_study: rng.int(1, 4),
    }[c.kind];
    const budgetWan = {
      thesis_topic: rng.int(1, 6) * 5,
      joint_rnd: rng.int(3, 30) * 10,
      internship: rng.int(0, 5),
      work_study: rng.int(0, 3),
    }[c.kind];
    const applyBy =
      stage >= 4 || c.state === 'withdrawn'
        ? new Date(createdAt.getTime() + rng.int(45, 90) * DAY)
        : new Date(today + rng.int(stage >= 2 ? 12 : 40, stage >= 2 ? 90 : 150) * DAY);
    const deliverBy = new Date(applyBy.getTime() + rng.int(6, 18) * 30 * DAY);

    // Walk the workflow to the target state, recording each transition.
    const steps: {
      action: string;
      from: string;
      to: string;
      actor: string;
      reason?: string;
      data?: Record<string, unknown>;
    }[] = [];
    if (c.state === 'returned') {
      steps.push({ action: 'submit', from: 'draft', to: 'submitted', actor: creator });
      steps.push({
        action: 'return',
        from: 'submitted',
        to: 'returned',
        actor: reviewer,
        reason: rng.pick(returnReasons),
      });
    } else if (c.state === 'withdrawn') {
      steps.push({ action: 'submit', from: 'draft', to: 'submitted', actor: creator });
      steps.push({ action: 'publish', from: 'submitted', to: 'published', actor: reviewer });
      steps.push({
        action: 'withdraw',
        from: 'published',
        to: 'withdrawn',
        actor: creator,
        reason: '企业内部立项调整，需求暂缓',
      });
    } else {
      for (let s = 1; s <= stage; s++) {
        const to = progression[s]!;
        const from = progression[s - 1]!;
        if (to === 'published' && rng.chance(0.2)) {
          // Returned once, revised and resubmitted.
          steps.push({
            action: 'return',
            from: 'submitted',
            to: 'returned',
            actor: reviewer,
            reason: rng.pick(returnReasons),
          });
          steps.push({ action: 'submit', from: 'returned', to: 'submitted', actor: creator });
        }
        const actor = to === 'published' ? reviewer : creator;
        steps.push({ action: actionTo[to]!, from, to, actor });
      }
    }

    plan.challenges.push({
      id: c.id,
      orgId: entIds[c.ent]!,
      title: fill(theme.title, c.variant),
      summary: c.summary,
      background: `${e.name}主营${e.business}。${fill(theme.background, c.variant)}`,
      goals: fill(theme.goals, c.variant) + kindGoal,
      deliverables: fill(theme.deliverables, c.variant) + kindDeliverable,
      disciplines,
      skills: theme.skills,
      industry: theme.cluster,
      kind: c.kind,
      degreeLevel:
        (c.kind === 'thesis_topic' || c.kind === 'joint_rnd') && rng.chance(0.12) ? 'doctor' : 'master',
      degreeType: c.degreeType,
      seats,
      budgetWan,
      region: e.region,
      onSite: c.kind === 'internship' || c.kind === 'work_study' || rng.chance(0.4),
      applyBy: isoDate(applyBy),
      deliverBy: isoDate(deliverBy),
      confidentiality: c.nda ? 'nda' : 'public',
      state: c.state,
      createdBy: creator,
      createdAt,
      updatedAt: createdAt,
    });
    const row = plan.challenges[plan.challenges.length - 1]!;

    // Proposals (高校答题): several for matching and later stages, one accepted from awarded on.
    const proposalCount = c.state === 'matching' ? rng.int(1, 3) : stage >= 4 ? rng.int(2, 3) : 0;
    const eligible = universities
      .map((u, i) => (theme.fields.some((k) => u.fields.includes(k)) ? i : -1))
      .filter((i) => i >= 0);
    c.proposalUnis = rng.sample(eligible, Math.min(proposalCount, eligible.length));
    if (stage >= 4 && c.proposalUnis.length) c.acceptedUni = c.proposalUnis[0]!;

    // Timeline: spread the steps between creation and (for finished work) a few weeks ago.
    const span = Math.max(1, createdDaysAgo - (stage >= 6 ? rng.int(10, 60) : 1));
    let when = createdAt.getTime();
    audit({
      actorId: creator,
      orgId: entIds[c.ent]!,
      action: 'challenge.create',
      entityType: 'challenge',
      entityId: c.id,
      toState: 'draft',
      reason: '',
      at: new Date(when),
    });
    let acceptedProposalId: string | null = null;
    const proposalIds: { id: string; uni: number }[] = [];
    for (const step of steps) {
      when += Math.max(1, Math.floor(span / (steps.length + 1))) * DAY + rng.int(0, 6) * 3_600_000;
      let data: Record<string, unknown> | undefined;
      if (step.to === 'matching') {
        // Proposals arrive once matching opens.
        for (const uni of c.proposalUnis) {
          const id = ids.uuid();
          proposalIds.push({ id, uni });
          if (uni === c.acceptedUni) acceptedProposalId = id;
        }
      }
      if (step.to === 'awarded' && acceptedProposalId) data = { proposalId: acceptedProposalId };
      if (step.to === 'graded' && acceptedProposalId) {
        const score = rng.int(72, 97);
        data = { score, proposalId: acceptedProposalId };
        plan.outcomeGrades.push({
          id: ids.uuid(),
          challengeId: c.id,
          proposalId: acceptedProposalId,
          score,
          comment: rng.pick(gradeComments),
          gradedBy: creator,
          createdAt: new Date(when),
        });
      }
      const actor = step.to === 'delivered' && c.acceptedUni !== null ? uniAdmin[c.acceptedUni]! : step.actor;
      audit({
        actorId: actor,
        orgId: entIds[c.ent]!,
        action: `challenge.${step.action}`,
        entityType: 'challenge',
        entityId: c.id,
        fromState: step.from,
        toState: step.to,
        reason: step.reason ?? '',
        data: data ?? null,
        at: new Date(when),
      });
    }
    row.updatedAt = new Date(when);

    // Proposal rows and their own audit trail.
    const matchingOpened = plan.auditLog.find((a) => a.entityId === c.id && a.toState === 'matching')?.at;
    for (const p of proposalIds) {
      const u = universities[p.uni]!;
      const keys = theme.fields.filter((k) => u.fields.includes(k));
      const team = rng.sample(campusAt(p.uni, keys.length ? keys : u.fields), 2);
      const partner =
        industryIn(theme.fields).find((m) => m.ent === c.ent) ?? rng.sample(industryIn(theme.fields), 1)[0];
      const lab = plan.capabilities.find(
        (x) => x.orgId === uniIds[p.uni] && keys.some((k) => field(k).labs.some((l) => l.name === x.name)),
      );
      const proposalState: Row<typeof proposals>['state'] =
        stage >= 4
          ? p.uni === c.acceptedUni
            ? 'accepted'
            : 'rejected'
          : rng.chance(0.35)
            ? 'shortlisted'
            : 'submitted';
      const created = new Date((matchingOpened?.getTime() ?? createdAt.getTime()) + rng.int(1, 10) * DAY);
      const updated = new Date(created.getTime() + rng.int(1, 5) * DAY);
      plan.proposals.push({
        id: p.id,
        challengeId: c.id,
        orgId: uniIds[p.uni]!,
        title: `${u.name}关于“${row.title}”的解决方案`,
        approach:
          `${lab ? `依托${lab.name}，` : ''}团队在${
            team
              .map((m) => m.field.directions[0])
              .filter(Boolean)
              .join('、') || theme.skills[0]
          }等方向具有长期积累。` +
          `拟采用${theme.skills.slice(0, 3).join('、')}等技术路线：首先结合企业现场数据完成问题建模与指标分解；` +
          `其次研发核心算法与工艺并在实验室平台验证；最后在企业现场开展试运行并迭代优化。` +
          `计划投入教师${team.length + 1}人、研究生${rng.int(2, 5)}人，按季度向企业汇报进展。`,
        mentorIds: [...team.map((m) => m.id), ...(partner ? [partner.id] : [])],
        state: proposalState,
        createdBy: uniAdmin[p.uni]!,
        createdAt: created,
        updatedAt: updated,
      });
      audit({
        actorId: uniAdmin[p.uni]!,
        orgId: uniIds[p.uni]!,
        action: 'proposal.submit',
        entityType: 'proposal',
        entityId: p.id,
        fromState: 'draft',
        toState: 'submitted',
        reason: '',
        data: { challengeId: c.id },
        at: created,
      });
      if (proposalState !== 'submitted') {
        audit({
          actorId: creator,
          orgId: entIds[c.ent]!,
          action: `proposal.${proposalState === 'shortlisted' ? 'shortlist' : proposalState === 'accepted' ? 'accept' : 'reject'}`,
          entityType: 'proposal',
          entityId: p.id,
          fromState: 'submitted',
          toState: proposalState,
          reason: proposalState === 'rejected' ? '综合评审后选择了其他团队的方案' : '',
          data: { challengeId: c.id },
          at: updated,
        });
      }
      if (c.nda)
        plan.ndaAcceptances.push({ challengeId: c.id, userId: uniAdmin[p.uni]!, acceptedAt: created });
    }
  }

  // ── thesis topics (双导师) ────────────────────────────────────────────────
  const topicMeta: TopicMeta[] = [];
  const topicTitles = new Set<string>();
  const chooseSupervisor = (uni: number, keys: FieldKey[]): MentorMeta | undefined => {
    let pool = campusAt(uni, keys);
    if (pool.length === 0) pool = campusAt(uni, universities[uni]!.fields);
    if (pool.length === 0) return undefined;
    const least = Math.min(...pool.map((m) => m.topics));
    return rng.pick(pool.filter((m) => m.topics === least));
  };
  const chooseIndustryMentor = (
    keys: FieldKey[],
    preferEnt: number | null,
    preferUni: number,
  ): MentorMeta | undefined => {
    let pool = industryIn(keys);
    if (pool.length === 0) {
      const clusters = new Set(keys.flatMap((k) => field(k).clusters));
      pool = mentorMeta.filter(
        (m) => m.kind === 'industry' && m.state === 'active' && m.field.clusters.some((c) => clusters.has(c)),
      );
    }
    if (pool.length === 0) return undefined;
    const fromEnt = pool.filter((m) => m.ent === preferEnt);
    if (fromEnt.length) pool = fromEnt;
    return rng.weighted(pool, (m) => (m.uni === preferUni ? 3 : 1) / (1 + m.topics));
  };
  const topicStateFor = (derived: boolean): Row<typeof thesisTopics>['state'] & string => {
    const r = rng.next();
    if (r < (derived ? 0.86 : 0.8)) return 'open';
    if (r < 0.86) return 'approved';
    if (r < 0.92) return 'proposed';
    if (r < 0.95) return 'draft';
    if (r < 0.97) return 'returned';
    return 'allocated';
  };
  const addTopic = (t: {
    uni: number;
    challenge: ChallengeMeta | null;
    title: string;
    description: string;
    supervisor: MentorMeta;
    industry: MentorMeta;
    degreeType: 'academic' | 'professional';
    state: Row<typeof thesisTopics>['state'] & string;
    createdDaysAgo: number;
  }) => {
    const id = ids.uuid();
    const f = t.supervisor.field;
    t.supervisor.topics++;
    t.industry.topics++;
    const creator = t.supervisor === demoSupervisor ? supervisorUserId : uniAdmin[t.uni]!;
    const createdAt = ago(t.createdDaysAgo);
    plan.thesisTopics.push({
      id,
      orgId: uniIds[t.uni]!,
      challengeId: t.challenge?.id ?? null,
      title: t.title,
      description: t.description,
      disciplines: codesFor(f, t.degreeType),
      degreeType: t.degreeType,
      cohort: SEED_COHORT,
      capacity: rng.int(1, 3),
      supervisorId: t.supervisor.id,
      industryMentorId: t.industry.id,
      state: t.state,
      createdBy: creator,
      createdAt,
      updatedAt: createdAt,
    });
    topicMeta.push({
      id,
      field: f,
      uni: t.uni,
      degreeType: t.degreeType,
      open: t.state === 'open',
      appeal: 0.3 + rng.next() * 1.7,
    });
    // Workflow: draft → proposed → approved → open (or returned / allocated).
    const path: [string, string, string, string][] = [];
    const reviewer = uniAdmin[t.uni]!;
    if (t.state !== 'draft') path.push(['propose', 'draft', 'proposed', creator]);
    if (t.state === 'returned') path.push(['return', 'proposed', 'returned', reviewer]);
    if (['approved', 'open', 'allocated'].includes(t.state))
      path.push(['approve', 'proposed', 'approved', reviewer]);
    if (['open', 'allocated'].includes(t.state)) path.push(['open', 'approved', 'open', reviewer]);
    if (t.state === 'allocated') path.push(['allocate', 'open', 'allocated', reviewer]);
    let when = createdAt.getTime();
    audit({
      actorId: creator,
      orgId: uniIds[t.uni]!,
      action: 'topic.create',
      entityType: 'topic',
      entityId: id,
      toState: 'draft',
      reason: '',
      at: new Date(when),
    });
    for (const [action, from, to, actor] of path) {
      when += rng.int(1, Math.max(1, Math.floor(t.createdDaysAgo / (path.length + 1)))) * DAY;
      audit({
        actorId: actor,
        orgId: uniIds[t.uni]!,
        action: `topic.${action}`,
        entityType: 'topic',
        entityId: id,
        fromState: from,
        toState: to,
        reason: to === 'returned' ? '研究内容与企业需求的对应关系不清晰，请补充' : '',
        at: new Date(when),
      });
    }
    plan.thesisTopics[plan.thesisTopics.length - 1]!.updatedAt = new Date(when);
  };

  // a) Topics derived from enterprise challenges (产业来源选题).
  const sourceable = challengeMeta.filter(
    (c) =>
      ['published', 'matching', 'awarded', 'in_progress', 'delivered'].includes(c.state) &&
      (c.kind === 'thesis_topic' || (c.kind === 'joint_rnd' && rng.chance(0.55))),
  );
  for (const c of sourceable) {
    const eligible = universities
      .map((u, i) => (c.theme.fields.some((k) => u.fields.includes(k)) ? i : -1))
      .filter((i) => i >= 0);
    const uni = c.acceptedUni ?? (c.proposalUnis.length ? rng.pick(c.proposalUnis) : rng.pick(eligible));
    const supervisor = chooseSupervisor(uni, c.theme.fields);
    const industry = chooseIndustryMentor(c.theme.fields, c.ent, uni);
    const title = fill(c.theme.topic, c.variant);
    if (!supervisor || !industry || topicTitles.has(title)) continue;
    topicTitles.add(title);
    const e = enterprises[c.ent]!;
    const description = c.nda
      ? `本课题来源于${e.name}的保密需求（详细技术内容签署保密协议后可见）。${c.summary}` +
        `课题由校内导师与企业产业导师联合指导，学生需在企业完成不少于6个月的现场研究。`
      : `本课题来源于${e.name}发布的需求“${fill(c.theme.title, c.variant)}”。${fill(c.theme.background, c.variant)}` +
        `研究目标：${fill(c.theme.goals, c.variant)
          .split('；')[0]!
          .replace(/^1\.\s*/, '')}等。` +
        `要求学生具备${c.theme.skills.slice(0, 3).join('、')}基础，课题由校内导师与产业导师联合指导。`;
    addTopic({
      uni,
      challenge: c,
      title,
      description,
      supervisor,
      industry,
      degreeType: c.degreeType,
      state: topicStateFor(true),
      createdDaysAgo: rng.int(5, 90),
    });
  }

  // b) Topics proposed by supervisors from their own research, with an industry co-mentor.
  for (const f of fields) {
    for (const title of f.topics) {
      if (topicTitles.has(title)) continue;
      // The demo supervisor proposes their own topics first, so the account has something to show.
      const forDemo = f === demoSupervisor.field && demoSupervisor.topics < 2;
      const uni = forDemo ? demoSupervisor.uni : rng.pick(unisWith(f));
      const supervisor = forDemo ? demoSupervisor : chooseSupervisor(uni, [f.key]);
      const industry = chooseIndustryMentor([f.key], null, uni);
      if (!supervisor || !industry) continue;
      topicTitles.add(title);
      const degreeType = f.professional && rng.chance(0.7) ? 'professional' : 'academic';
      const e = industry.ent !== null ? enterprises[industry.ent]! : null;
      addTopic({
        uni,
        challenge: null,
        title,
        description:
          `课题面向${f.clusters.map((c) => clusterNames[c]).join('、')}产业需求，围绕“${title.replace(/研究$/, '')}”开展研究。` +
          `主要内容包括：（1）${closest(f.directions, title)}相关的建模与分析；（2）关键方法或工艺的设计与实现；` +
          `（3）${e ? `在${e.name}的实际场景中` : '在合作企业现场'}开展验证。` +
          `要求学生具备${rng.sample(f.skills, 3).join('、')}等基础。`,
        supervisor,
        industry,
        degreeType,
        state: topicStateFor(false),
        createdDaysAgo: rng.int(5, 120),
      });
    }
  }
  // The demo industry mentor co-supervises at least two open topics.
  for (const t of plan.thesisTopics) {
    if (demoMentor.topics >= 2) break;
    const meta = topicMeta.find((m) => m.id === t.id)!;
    if (t.industryMentorId === demoMentor.id || !meta.open) continue;
    if (meta.field !== demoMentor.field) continue;
    const source = t.challengeId ? challengeMeta.find((c) => c.id === t.challengeId) : undefined;
    if (source && source.ent !== 0) continue;
    const previous = mentorMeta.find((m) => m.id === t.industryMentorId);
    if (previous) previous.topics--;
    t.industryMentorId = demoMentor.id;
    demoMentor.topics++;
  }

  // ── students and their preferences ───────────────────────────────────────
  const statementOpeners = [
    '本科毕业于本校',
    '本科毕业于省内一所工科院校',
    '本科就读于外省理工类高校',
    '本科阶段就读于本校',
  ];
  const experiences = [
    '曾参加全国大学生数学建模竞赛并获省级奖项',
    '参与过导师的横向课题，负责数据采集与分析',
    '有两个月的企业实习经历',
    '获得过校级优秀毕业设计',
    '参加过“挑战杯”课外学术科技作品竞赛',
    '在实验室从事过一年科研训练',
  ];
  const wishes = [
    '希望选择来源于企业真实问题的课题，毕业后从事相关研发工作',
    '希望在企业导师指导下完成工程实践，提升解决复杂工程问题的能力',
    '希望课题兼顾理论深度与工程应用',
    '希望到长三角地区的企业开展现场研究',
  ];
  const studentMeta: {
    id: string;
    field: Field;
    uni: number;
    cohort: number;
    degreeType: 'academic' | 'professional';
  }[] = [];
  universities.forEach((u, ui) => {
    const supervisorsHere = mentorMeta.filter((m) => m.kind === 'campus' && m.uni === ui);
    const n = 64 + rng.int(0, 4);
    for (let k = 0; k < n; k++) {
      const isDemo = ui === 0 && k === 0;
      const picked = rng.pick(supervisorsHere).field;
      const sf = isDemo ? field('cs') : picked;
      const wantsProfessional = rng.chance(0.72);
      const dt: 'academic' | 'professional' =
        isDemo || (sf.professional && wantsProfessional) ? 'professional' : 'academic';
      const doctor = !isDemo && dt === 'academic' && rng.chance(0.2);
      const drawnCohort = rng.chance(0.9) ? SEED_COHORT : SEED_COHORT - 1;
      const cohort = isDemo ? SEED_COHORT : drawnCohort;
      const discipline = dt === 'professional' && sf.professional ? sf.professional : sf.code;
      const id = ids.uuid();
      studentMeta.push({ id, field: sf, uni: ui, cohort, degreeType: dt });
      plan.students.push({
        id,
        userId: null,
        orgId: uniIds[ui]!,
        studentNo: `${cohort}${String(ui + 1).padStart(2, '0')}${discipline}${String(k + 1).padStart(3, '0')}`,
        name: isDemo ? demoAccount('student').displayName : personName(),
        discipline,
        degreeLevel: doctor ? 'doctor' : 'master',
        degreeType: dt,
        cohort,
        skills: rng.sample(sf.skills, rng.int(3, 5)),
        statement: `${rng.pick(statementOpeners)}${sf.name}相关专业，${rng.pick(experiences)}。对${rng.pick(sf.directions)}方向有浓厚兴趣，${rng.pick(wishes)}。`,
        createdAt: ago(rng.int(30, 80)),
      });
    }
  });
  const studentUserId = demoUser('student', 60);
  member(studentUserId, uniIds[0]!, 'student', 60);
  plan.students[0]!.userId = studentUserId;

  const openTopics = topicMeta.filter((t) => t.open);
  const byArea = new Map<Area, TopicMeta[]>();
  for (const t of openTopics) byArea.set(t.field.area, [...(byArea.get(t.field.area) ?? []), t]);
  studentMeta.forEach((s, i) => {
    if (s.cohort !== SEED_COHORT || (i !== 0 && rng.chance(0.12))) return;
    let candidates = byArea.get(s.field.area) ?? [];
    if (candidates.length < 3) candidates = openTopics;
    const n = Math.min(candidates.length, rng.int(3, 8));
    const chosen = rng.weightedSample(
      candidates,
      n,
      (t) =>
        t.appeal *
        (t.uni === s.uni ? 5 : 1) *
        (t.field === s.field ? 3 : 1) *
        (t.degreeType === s.degreeType ? 1.5 : 1),
    );
    const at = ago(rng.int(1, 20));
    chosen.forEach((t, r) =>
      plan.preferences.push({ studentId: s.id, topicId: t.id, rank: r + 1, createdAt: at }),
    );
  });

  return plan;
}
