/**
 * The acceptance journey of the marketplace, in one browser test on one real server:
 * 企业出题 (an enterprise writes a challenge and sees fitting mentors while typing) → 审核发布 (the
 * graduate school publishes it) → 实时提醒 (the industry mentor whose profile fits is alerted, the bell
 * updates without a reload) → 填报志愿 (a student ranks the topic that answers the challenge) →
 * 分配发布 (the graduate school runs and publishes an allocation) → 查看结果 (the student sees the
 * topic, both mentors and why).
 */
import { describe, expect, it } from 'vitest';
import { choose, useE2e } from './support/e2e.ts';
import {
  activeMentor,
  addMember,
  openTopic,
  registerOrg,
  studentAccount,
  uid,
  universityWithSchool,
} from './support/data.ts';

const e2e = useE2e();

const unreadOf = async (label: string | null) => Number(label?.match(/(\d+) 条未读/)?.[1] ?? NaN);

describe('journey', () => {
  it('challenge → live matches → publish → mentor alert → student ranks → allocation published → student sees the result', async () => {
    const tag = uid();
    // Who takes part: an enterprise, a university with its graduate school and a campus supervisor,
    // and an industry mentor (at another enterprise) admitted to the university's shared pool.
    const enterprise = await registerOrg(e2e.app, 'enterprise', { name: `苏州储能科技有限公司-${tag}` });
    const { uni, school } = await universityWithSchool(e2e.app);
    const supervisorName = `陈思远-${tag.slice(0, 4)}`;
    const supervisor = await activeMentor(uni, { name: supervisorName, capacity: 3 });
    const mentorHome = await registerOrg(e2e.app, 'enterprise');
    const mentor = await addMember(e2e.app, mentorHome, 'industry_mentor');
    const mentorName = `刘振宇-${tag.slice(0, 4)}`;
    const applied = await mentor.client.post('/api/v1/mentors/apply', {
      poolOrgId: uni.orgId,
      name: mentorName,
      title: '高级工程师',
      region: '江苏省',
      interests: '动力电池管理系统，储能系统建模与健康状态估计，锂离子电池寿命预测',
      capacity: 3,
    });
    expect(applied.status).toBe(201);
    const mentorId = applied.body.id as string;
    expect(
      (
        await uni.client.post(`/api/v1/mentors/${mentorId}/transitions`, {
          action: 'approve',
          reason: '审核通过',
        })
      ).status,
    ).toBe(200);
    await e2e.server.drainSearch();

    // 1. The enterprise writes the challenge; the fitting mentor shows up while it types.
    const ent = await e2e.page({ as: enterprise.client });
    await ent.goto('/enterprise/challenges/new');
    const title = `退役动力电池健康状态快速评估-${tag}`;
    await ent.getByLabel('需求标题').fill(title);
    await ent
      .getByLabel('背景')
      .fill(
        '企业每年回收大量退役动力电池，需要基于充放电曲线快速估计电池健康状态与剩余寿命，支撑储能梯次利用。',
      );
    await ent
      .locator(`[data-testid="match-panel"] [data-match-id="${mentorId}"]`)
      .waitFor({ timeout: 20_000 });
    expect(await ent.getByTestId('match-panel').textContent()).toContain(mentorName);
    await e2e.shot(ent, 'journey-1-live-matches');
    await ent.getByLabel('公开摘要').fill('面向梯次利用的动力电池健康状态快速评估');
    await ent
      .getByLabel('目标', { exact: true })
      .fill('建立锂离子电池健康状态估计模型，误差小于3%，形成可部署的储能电池管理算法。');
    await choose(ent, '地区', '江苏省');
    await ent.getByLabel('申请截止').fill('2027-01-15');
    await ent.getByLabel('交付日期').fill('2027-09-30');
    await ent.getByRole('button', { name: '保存并提交审核' }).click();
    await ent.waitForURL(/\/enterprise\/challenges\/[0-9a-f-]{36}$/);
    const challengeId = ent.url().split('/').pop()!;
    await expect.poll(() => ent.getByTestId('challenge-state').textContent()).toContain('待审核');

    // The mentor is signed in somewhere in the app; the bell shows their unread count.
    const mentorPage = await e2e.page({ as: mentor.client });
    await mentorPage.goto('/mentor/profile');
    const bell = mentorPage.getByTestId('bell');
    await expect.poll(async () => unreadOf(await bell.getAttribute('aria-label'))).not.toBeNaN();
    const before = await unreadOf(await bell.getAttribute('aria-label'));

    // 2. The graduate school publishes the challenge from its review queue.
    const admin = await e2e.page({ as: school.client });
    await admin.goto('/review');
    const card = admin.locator('[data-testid="review-challenges"] > li', { hasText: title });
    await card.getByRole('button', { name: '审核通过并发布' }).click();
    await card.waitFor({ state: 'detached' });

    // 3. The mentor whose profile fits is alerted live: the bell counts up without a reload.
    await expect
      .poll(async () => unreadOf(await bell.getAttribute('aria-label')), { timeout: 30_000 })
      .toBeGreaterThan(before);
    await bell.click();
    await mentorPage.getByText(`新需求与你匹配：「${title}」`).first().waitFor();
    await e2e.shot(mentorPage, 'journey-2-mentor-alert');

    // The university answers with a thesis topic from the challenge, co-supervised by the mentor,
    // next to a campus-sourced one; the graduate school approves and opens both.
    const base = { cohort: 2026, degreeType: 'professional', disciplines: ['0854'] };
    const industryTopic = `基于充放电片段的电池健康状态估计-${tag}`;
    const campusTopic = `储能系统热管理仿真-${tag}`;
    const fromChallenge = await openTopic(uni, school, supervisor.id, {
      ...base,
      title: industryTopic,
      challengeId,
      industryMentorId: mentorId,
      capacity: 1,
    });
    const campus = await openTopic(uni, school, supervisor.id, { ...base, title: campusTopic, capacity: 1 });
    const studentClient = await studentAccount(e2e.app, uni, {
      cohort: 2026,
      degreeType: 'professional',
      discipline: '0854',
    });

    // 4. The student ranks the industry topic first.
    const student = await e2e.page({ as: studentClient });
    await student.goto('/student/preferences');
    const available = student.getByTestId('available-topics');
    for (const id of [fromChallenge.id, campus.id])
      await available
        .locator(`[data-topic-id="${id}"]`)
        .getByRole('button', { name: /加入志愿/ })
        .click();
    await student.getByTestId('save-preferences').click();
    await expect
      .poll(async () =>
        (await studentClient.get('/api/v1/students/me/preferences')).body.items.map(
          (i: { topicId: string }) => i.topicId,
        ),
      )
      .toEqual([fromChallenge.id, campus.id]);
    await expect.poll(() => student.getByTestId('my-allocation').textContent()).toContain('分配结果尚未发布');

    // 5. The graduate school runs the allocation, watches it finish, and publishes it.
    await admin.goto('/university/allocation');
    await admin.getByTestId('start-run').click();
    await admin.waitForURL(/\/university\/allocation\/runs\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => admin.getByTestId('run-progress').getAttribute('aria-valuenow'), { timeout: 30_000 })
      .toBe('100');
    await admin.getByTestId('outcomes').waitFor();
    expect(await admin.getByTestId('outcomes').textContent()).toContain(industryTopic);
    await admin.getByTestId('publish-run').click();
    await admin.locator('.el-message-box').getByRole('button', { name: '发布结果' }).click();
    await expect.poll(() => admin.getByTestId('run-state').first().textContent()).toContain('已发布');
    await e2e.shot(admin, 'journey-3-allocation-published');

    // 6. The student's open page shows the result: topic, both mentors, why.
    await expect
      .poll(() => student.getByTestId('my-allocation-topic').textContent(), { timeout: 15_000 })
      .toBe(industryTopic);
    const result = await student.getByTestId('my-allocation').textContent();
    expect(result).toContain(supervisorName);
    expect(result).toContain(mentorName);
    expect(await student.getByTestId('my-allocation-reason').textContent()).toBe('第1志愿');
    await e2e.shot(student, 'journey-4-student-result');

    for (const p of [ent, mentorPage, admin, student]) expect(e2e.problems(p)).toEqual([]);
  });
});
