/**
 * Every main page, for the role that uses it, in zh-CN at desktop and phone widths: it renders
 * without script errors, fits the screen, and is saved as a screenshot (test/e2e/screenshots/).
 * Also: the server serves the app, the bell counts unread notifications, the language switch and
 * keyboard basics.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/app.ts';
import { platformAdmin } from '../factories.ts';
import { DESKTOP, PHONE, useE2e } from './support/e2e.ts';
import {
  activeMentor,
  addMember,
  openTopic,
  postedChallenge,
  registerOrg,
  studentAccount,
  uid,
  universityWithSchool,
} from './support/data.ts';
import { finishedRun, publishedAllocation } from './support/allocation.ts';

const e2e = useE2e();

interface World {
  enterprise: Client;
  school: Client;
  mentor: Client;
  supervisor: Client;
  student: Client;
  publishedId: string;
  draftId: string;
  ndaId: string;
  runIds: [string, string];
}
let world: World;

beforeAll(async () => {
  const app = e2e.app;
  const admin = await platformAdmin(app, e2e.server.database);
  const enterprise = await registerOrg(app, 'enterprise', { name: `苏州澄锐智能装备股份有限公司-${uid()}` });
  const { uni, school } = await universityWithSchool(app);
  const published = await postedChallenge(enterprise, {
    overrides: { title: `机器视觉表面缺陷在线检测-${uid()}`, disciplines: ['0811', '0812'] },
    reviewer: admin,
  });
  const nda = await postedChallenge(enterprise, {
    overrides: { title: `储能电站热失控预警-${uid()}`, confidentiality: 'nda' },
    reviewer: admin,
  });
  await postedChallenge(enterprise, { overrides: { title: `仓储机器人调度优化-${uid()}` } }); // waits in review
  const draft = await enterprise.client.post('/api/v1/challenges', {
    title: `工业互联网设备预测性维护-${uid()}`,
    summary: '草稿',
    background: '背景',
    goals: '目标',
    kind: 'joint_rnd',
    region: '江苏省',
  });

  // The university answers with a proposal; the enterprise sees it on the manage page.
  const proposal = await uni.client.post(`/api/v1/challenges/${published.id}/proposals`, {
    title: '基于小样本学习的缺陷检测方案',
    approach: '迁移学习 + 主动学习，三个月完成原型，六个月产线验证。',
  });
  await uni.client.post(`/api/v1/proposals/${proposal.body.id}/transitions`, { action: 'submit' });

  const supervisor = await activeMentor(uni, { name: `陈思远-${uid().slice(0, 4)}` });
  await activeMentor(uni, {
    kind: 'industry',
    homeOrgId: enterprise.orgId,
    name: `刘振宇-${uid().slice(0, 4)}`,
  });
  await uni.client.post('/api/v1/capabilities', {
    orgId: uni.orgId,
    name: '智能制造与机器视觉实验室',
    kind: 'lab',
    directions: ['机器视觉', '缺陷检测', '工业互联网'],
    achievements: '承担国家重点研发计划项目 3 项，授权发明专利 20 余件。',
    disciplines: ['0811', '0812'],
  });
  const base = { cohort: 2026, degreeType: 'professional', disciplines: ['0854'] };
  const topicA = await openTopic(uni, school, supervisor.id, {
    ...base,
    title: `面向产线的视觉缺陷检测方法研究-${uid()}`,
    challengeId: published.id,
  });
  const topicB = await openTopic(uni, school, supervisor.id, {
    ...base,
    title: `储能系统健康状态估计研究-${uid()}`,
  });

  const mentorAccount = await addMember(app, enterprise, 'industry_mentor');
  await mentorAccount.client.post('/api/v1/mentors/apply', {
    poolOrgId: uni.orgId,
    name: '成员-industry_mentor',
    title: '高级工程师',
    region: '江苏省',
    disciplines: ['0812'],
    interests: '机器视觉、缺陷检测、嵌入式部署',
    capacity: 2,
  });
  await mentorAccount.client.post('/api/v1/saved-searches', {
    name: '缺陷检测需求',
    query: '机器视觉 表面缺陷检测',
    target: 'challenge',
    threshold: 0.5,
  });

  const student = await studentAccount(app, uni, {
    cohort: 2026,
    degreeType: 'professional',
    discipline: '0854',
  });
  // Two finished allocation runs of the cohort (the student ranked both topics).
  await student.put('/api/v1/students/me/preferences', { topicIds: [topicB.id, topicA.id] });
  const runs = [
    await finishedRun(school.client, { orgId: uni.orgId, cohort: 2026, mode: 'stable', seed: 1 }),
    await finishedRun(school.client, { orgId: uni.orgId, cohort: 2026, mode: 'optimal', seed: 2 }),
  ];
  // A campus supervisor with an account, whose students were allocated in a published run.
  const allocated = await publishedAllocation(app);
  await e2e.server.drainSearch();
  world = {
    enterprise: enterprise.client,
    school: school.client,
    mentor: mentorAccount.client,
    supervisor: allocated.sup.client,
    student,
    publishedId: published.id,
    draftId: draft.body.id,
    ndaId: nda.id,
    runIds: [runs[0]!.id, runs[1]!.id],
  };
});

/** The profile page has loaded its record and the fitting challenges (or says there are none). */
const MATCHES_SHOWN = '[data-testid="mentor-matches"] :is([data-match-id], .async-empty)';

type Who = keyof Pick<World, 'enterprise' | 'school' | 'mentor' | 'supervisor' | 'student'> | 'visitor';
const PAGES: { name: string; who: Who; path: () => string; ready: string }[] = [
  { name: 'landing', who: 'visitor', path: () => '/?q=缺陷检测', ready: '[data-hit-id]' },
  {
    name: 'challenge-detail',
    who: 'visitor',
    path: () => `/challenges/${world.publishedId}`,
    ready: '[data-testid="full-text"]',
  },
  {
    name: 'challenge-nda',
    who: 'visitor',
    path: () => `/challenges/${world.ndaId}`,
    ready: '[data-testid="nda-gate"]',
  },
  { name: 'login', who: 'visitor', path: () => '/login', ready: 'form' },
  {
    name: 'enterprise-challenges',
    who: 'enterprise',
    path: () => '/enterprise/challenges',
    ready: '[data-testid="my-challenges"] li',
  },
  {
    name: 'enterprise-new-challenge',
    who: 'enterprise',
    path: () => '/enterprise/challenges/new',
    ready: '[data-testid="match-panel"]',
  },
  {
    name: 'enterprise-edit-challenge',
    who: 'enterprise',
    path: () => `/enterprise/challenges/${world.draftId}/edit`,
    ready: 'form',
  },
  {
    name: 'enterprise-manage',
    who: 'enterprise',
    path: () => `/enterprise/challenges/${world.publishedId}`,
    ready: '.proposal',
  },
  {
    name: 'review-queue',
    who: 'school',
    path: () => '/review',
    ready: '[data-testid="review-challenges"] li',
  },
  {
    name: 'mentor-pool',
    who: 'school',
    path: () => '/university/mentors',
    ready: '[data-testid="mentor-pool"] li',
  },
  { name: 'capabilities', who: 'school', path: () => '/university/capabilities', ready: '.cap' },
  { name: 'topics', who: 'school', path: () => '/university/topics', ready: '[data-testid="topics"] li' },
  { name: 'dashboard', who: 'school', path: () => '/dashboard', ready: '[data-testid="kpis"] canvas' },
  {
    name: 'dashboard-public',
    who: 'visitor',
    path: () => '/dashboard',
    ready: '[data-testid="kpis"] canvas',
  },
  { name: 'mentor-profile', who: 'mentor', path: () => '/mentor/profile', ready: MATCHES_SHOWN },
  {
    name: 'supervisor-profile',
    who: 'supervisor',
    path: () => '/mentor/profile',
    ready: MATCHES_SHOWN,
  },
  {
    name: 'my-students',
    who: 'supervisor',
    path: () => '/mentor/students',
    ready: '[data-testid="my-students"] li',
  },
  { name: 'alerts', who: 'mentor', path: () => '/alerts', ready: '.alerts li' },
  {
    name: 'student-preferences',
    who: 'student',
    path: () => '/student/preferences',
    ready: '[data-testid="available-topics"] li',
  },
  { name: 'notifications', who: 'enterprise', path: () => '/notifications', ready: '.notes li' },
  { name: 'bulk-import', who: 'school', path: () => '/import', ready: '[data-testid="import-type"]' },
  {
    name: 'allocation',
    who: 'school',
    path: () => '/university/allocation',
    ready: '[data-testid="runs"] li',
  },
  {
    name: 'allocation-run',
    who: 'school',
    path: () => `/university/allocation/runs/${world.runIds[0]}`,
    ready: '[data-testid="outcomes"] tbody tr',
  },
  {
    name: 'allocation-compare',
    who: 'school',
    path: () => `/university/allocation/compare?a=${world.runIds[0]}&b=${world.runIds[1]}`,
    ready: '[data-testid="compare-metrics"]',
  },
];

async function open(who: Who, viewport = DESKTOP): Promise<Page> {
  return e2e.page({ viewport, ...(who === 'visitor' ? {} : { as: world[who] }) });
}

describe('main pages', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const suffix = viewport === DESKTOP ? '' : '-phone';
    it(`render in zh-CN at ${viewport.width} px without errors`, async () => {
      for (const p of PAGES) {
        const page = await open(p.who, viewport);
        await page.goto(p.path());
        await page.locator(p.ready).first().waitFor({ timeout: 20_000 });
        expect(await page.locator('html').getAttribute('lang'), p.name).toBe('zh-CN');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${p.name} scrolls sideways`).toBeLessThanOrEqual(0);
        await e2e.shot(page, `${p.name}${suffix}`);
        expect(e2e.problems(page), p.name).toEqual([]);
        await page.context().close();
      }
    });
  }

  it('the API server itself serves the built web app, with client routes falling back to it', async () => {
    const deep = await fetch(`${e2e.server.baseUrl}/enterprise/challenges/new`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    const api = await fetch(`${e2e.server.baseUrl}/api/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('route_not_found');
  });

  it('shows unread notifications on the bell and marks them read', async () => {
    const page = await open('enterprise');
    await page.goto('/enterprise/challenges');
    const bell = page.getByTestId('bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toMatch(/[1-9]\d* 条未读/);
    await bell.click();
    await page
      .getByText(/已审核通过并发布/)
      .first()
      .waitFor();
    await e2e.shot(page, 'notification-bell');
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toContain('0 条未读');
    expect(e2e.problems(page)).toEqual([]);
  });

  it('pushes new notifications to the bell over the WebSocket, without reloading', async () => {
    const page = await open('enterprise');
    await page.goto('/enterprise/challenges');
    const bell = page.getByTestId('bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toMatch(/\d+ 条未读/);
    const before = Number((await bell.getAttribute('aria-label'))!.match(/(\d+) 条未读/)![1]);
    // The university submits a proposal: the enterprise is notified at once (the poll is 30 s).
    const uniOrg = await registerOrg(e2e.app, 'university');
    const p = await uniOrg.client.post(`/api/v1/challenges/${world.publishedId}/proposals`, {
      title: `实时推送测试方案-${uid()}`,
      approach: '验证通知实时到达。',
    });
    await uniOrg.client.post(`/api/v1/proposals/${p.body.id}/transitions`, { action: 'submit' });
    await expect
      .poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 })
      .toContain(`${before + 1} 条未读`);
    await bell.click();
    await page.getByText(/收到方案「实时推送测试方案/).waitFor();
    expect(e2e.problems(page)).toEqual([]);
  });

  it('shows live matching mentors while a challenge is being written', async () => {
    const page = await open('enterprise');
    await page.goto('/enterprise/challenges/new');
    await page.getByLabel('需求标题').fill('产线表面缺陷机器视觉检测');
    await page
      .getByLabel('背景')
      .fill('注塑件表面划痕、缺料需要在线检测，希望采用机器视觉与深度学习，部署到嵌入式设备。');
    const first = page.locator('[data-testid="match-panel"] [data-match-id]').first();
    await first.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('match-panel').textContent()).toMatch(/匹配度 \d+%/);
    await e2e.shot(page, 'challenge-form-live-matches');
    expect(e2e.problems(page)).toEqual([]);
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await open('visitor');
    await page.goto('/');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('link', { name: 'Search' }).first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('link', { name: 'Search' }).first().waitFor();
    await e2e.shot(page, 'landing-english');
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.getByRole('link', { name: '首页检索' }).first().waitFor();
    expect(e2e.problems(page)).toEqual([]);
  });

  it('can be used from the keyboard: skip link, search box, index switch', async () => {
    const page = await open('visitor');
    await page.goto('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('跳到主要内容');
    await page.getByTestId('search-input').focus();
    await page.keyboard.type('缺陷检测');
    await page.locator('[data-hit-id]').first().waitFor();
    await page.locator('input[name="search-index"]').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('index=mentors');
    expect(e2e.problems(page)).toEqual([]);
  });
});
