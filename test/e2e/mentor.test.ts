/**
 * 导师: after the graduate school publishes an allocation, a supervisor and an industry mentor each
 * see their own students (never another mentor's); the profile page lists fitting challenges with
 * the evidence, and imports publications from a file — a bad row blocks the import until the
 * mentor chooses the valid rows only.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Client } from '../support/app.ts';
import { PHONE, useE2e } from './support/e2e.ts';
import { publishedAllocation } from './support/allocation.ts';
import {
  activeMentor,
  addMember,
  ok,
  postedChallenge,
  registerOrg,
  uid,
  universityWithSchool,
} from './support/data.ts';

const e2e = useE2e();

async function studentNames(page: Page): Promise<string[]> {
  const list = page.getByTestId('my-students');
  await list.waitFor();
  return list.locator('.name').allTextContents();
}

describe('mentor journey', () => {
  it('each mentor sees their own allocated students, with the topic and the other mentor', async () => {
    const w = await publishedAllocation(e2e.app);

    const page = await e2e.page({ as: w.sup.client });
    await page.goto('/');
    await page.getByRole('link', { name: '我的学生' }).first().click();
    await page.waitForURL('**/mentor/students');
    expect(await studentNames(page)).toEqual([w.students[0]!.name, w.students[1]!.name]);
    const first = page.locator(`[data-student-id="${w.students[0]!.id}"]`);
    const text = (await first.textContent()) ?? '';
    expect(text).toContain(w.titles.a);
    expect(text).toContain(w.names.ind); // the industry mentor beside me
    expect(text).toContain('校内导师'); // my role
    expect(text).toContain(w.students[0]!.studentNo);
    expect(text).toContain('2026 级');
    // Never the other supervisor's student.
    expect(await page.locator(`[data-student-id="${w.students[2]!.id}"]`).count()).toBe(0);
    await e2e.shot(page, 'mentor-students');
    expect(e2e.problems(page)).toEqual([]);

    const mentorPage = await e2e.page({ as: w.ind.client });
    await mentorPage.goto('/mentor/students');
    expect(await studentNames(mentorPage)).toEqual([w.students[0]!.name, w.students[1]!.name]);
    const row = (await mentorPage.locator(`[data-student-id="${w.students[1]!.id}"]`).textContent()) ?? '';
    expect(row).toContain('产业导师');
    expect(row).toContain(w.names.sup);

    const otherPage = await e2e.page({ as: w.other.client, viewport: PHONE });
    await otherPage.goto('/mentor/students');
    expect(await studentNames(otherPage)).toEqual([w.students[2]!.name]);
    expect(await otherPage.locator(`[data-student-id="${w.students[2]!.id}"]`).textContent()).toContain(
      '未配备',
    );
    expect(await otherPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await e2e.shot(otherPage, 'mentor-students-phone');
    expect(e2e.problems(otherPage)).toEqual([]);
  });

  it('a mentor without allocated students sees the empty state', async () => {
    const { uni } = await universityWithSchool(e2e.app);
    const sup = await addMember(e2e.app, uni, 'supervisor');
    await activeMentor(uni, { email: sup.email });
    const page = await e2e.page({ as: sup.client });
    await page.goto('/mentor/students');
    await page.getByText('还没有分配给你的学生').waitFor();
    expect(e2e.problems(page)).toEqual([]);
  });

  it('the profile lists fitting challenges with the evidence', async () => {
    const { uni, school } = await universityWithSchool(e2e.app);
    const sup = await addMember(e2e.app, uni, 'supervisor');
    const mentor = await activeMentor(uni, {
      email: sup.email,
      interests: '动力电池管理系统，锂离子电池健康状态估计，储能系统建模',
      disciplines: ['0808'],
    });
    ok(
      await uni.client.post(`/api/v1/mentors/${mentor.id}/publications`, {
        publications: [
          {
            title: '基于充放电曲线的锂离子电池健康状态估计',
            abstract: '提出一种基于增量容量分析的动力电池健康状态估计方法，误差小于百分之二。',
            keywords: ['锂离子电池', '健康状态'],
            year: 2024,
          },
        ],
      }),
      'publications',
    );
    const ent = await registerOrg(e2e.app, 'enterprise');
    const title = `退役动力电池健康状态快速评估-${uid()}`;
    const c = await postedChallenge(ent, { overrides: { title }, reviewer: school.client });
    await e2e.server.drainSearch();

    const page = await e2e.page({ as: sup.client });
    await page.goto('/mentor/profile');
    const matches = page.getByTestId('mentor-matches');
    const item = matches.locator(`[data-match-id="${c.id}"]`);
    await item.waitFor({ timeout: 20_000 });
    const text = (await item.textContent()) ?? '';
    expect(text).toContain(title);
    expect(text).toMatch(/匹配度 \d+%/);
    expect(await item.locator('.chip').count()).toBeGreaterThan(0); // matched terms
    expect(text).toContain('工学'); // discipline path
    await e2e.shot(page, 'mentor-profile-matches');
    await item.getByRole('link').click();
    await page.waitForURL(`**/challenges/${c.id}`);
    expect(e2e.problems(page)).toEqual([]);
  });

  it('imports publications from a file: a bad row writes nothing until the valid rows only are chosen', async () => {
    const { uni } = await universityWithSchool(e2e.app);
    const sup = await addMember(e2e.app, uni, 'supervisor');
    const mentor = await activeMentor(uni, { email: sup.email });
    const count = async (client: Client) =>
      (await client.get(`/api/v1/mentors/${mentor.id}`)).body.publications.length as number;

    // On a phone: the preview table scrolls inside its box, the page does not.
    const page = await e2e.page({ as: sup.client, viewport: PHONE });
    await page.goto('/mentor/profile');
    const importer = page.getByTestId('publication-import');
    await importer.waitFor();
    const csv = [
      '题目,摘要,关键词,年份,期刊',
      '工业视觉缺陷检测综述,综述了表面缺陷检测方法,机器视觉;缺陷检测,2023,自动化学报',
      ',没有题目的一行,,2022,',
      '边缘计算任务卸载,研究了任务卸载策略,边缘计算,20x4,计算机学报',
      '储能电站调度优化,提出一种调度模型,储能;调度,2024,电网技术',
    ].join('\n');
    await page.setInputFiles('#pub-import-file', {
      name: '我的论文.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    const preview = page.getByTestId('publication-preview');
    await preview.waitFor();
    expect(await importer.textContent()).toContain('共 4 行：2 行有效，2 行有错误');
    expect(await preview.locator('tr[data-line="3"]').textContent()).toContain('题目：不能为空');
    expect(await preview.locator('tr[data-line="4"]').textContent()).toContain('年份：“20x4”不是年份');
    const submit = page.getByTestId('publication-import-submit');
    expect(await submit.isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await importer.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'mentor-publication-import-phone');
    expect(await count(sup.client)).toBe(0);

    await page.getByTestId('publication-valid-only').click();
    expect(await submit.isDisabled()).toBe(false);
    expect(await submit.textContent()).toContain('导入 2 条有效行');
    await submit.click();
    await page.getByTestId('publication-import-done').waitFor();
    expect(await count(sup.client)).toBe(2);
    const titles = (await sup.client.get(`/api/v1/mentors/${mentor.id}`)).body.publications.map(
      (p: { title: string }) => p.title,
    );
    expect(titles.sort()).toEqual(['储能电站调度优化', '工业视觉缺陷检测综述'].sort());
    // The list on the page shows them too.
    await expect.poll(() => page.locator('.pubs li').count()).toBe(2);
    expect(e2e.problems(page)).toEqual([]);
  });
});
