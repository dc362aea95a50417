/**
 * 学生填报志愿: a student ranks open thesis topics by dragging them, and sees the server's reason
 * next to each topic it refuses.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, useE2e } from './support/e2e.ts';
import { activeMentor, openTopic, studentAccount, uid, universityWithSchool } from './support/data.ts';

const e2e = useE2e();

/** Drags the handle of ranked item `from` (0-based) onto the position of item `to`, with the mouse. */
async function drag(page: Page, from: number, to: number): Promise<void> {
  const handles = page.locator('[data-testid="ranked-list"] [data-sort-handle]');
  const src = await handles.nth(from).boundingBox();
  const dst = await handles.nth(to).boundingBox();
  if (!src || !dst) throw new Error('ranked items are not visible');
  await page.mouse.move(src.x + src.width / 2, src.y + src.height / 2);
  await page.mouse.down();
  // Past the target's middle, in small steps like a hand would.
  const y = to < from ? dst.y + 2 : dst.y + dst.height - 2;
  await page.mouse.move(dst.x + dst.width / 2, y, { steps: 12 });
  await page.mouse.up();
}

const rankedTitles = (page: Page) => page.locator('[data-testid="ranked-list"] .r-title').allTextContents();

describe('student preferences', () => {
  it('ranks topics by drag and drop, saves the order, and shows per-topic refusals', async () => {
    const { uni, school } = await universityWithSchool(e2e.app);
    const supervisor = await activeMentor(uni);
    const tag = uid();
    const base = { cohort: 2026, degreeType: 'professional', disciplines: ['0854'] };
    const a = await openTopic(uni, school, supervisor.id, { ...base, title: `甲·工业视觉缺陷检测-${tag}` });
    const b = await openTopic(uni, school, supervisor.id, { ...base, title: `乙·储能系统健康管理-${tag}` });
    const c = await openTopic(uni, school, supervisor.id, { ...base, title: `丙·边缘计算任务卸载-${tag}` });
    const older = await openTopic(uni, school, supervisor.id, {
      ...base,
      cohort: 2025,
      title: `丁·往届选题-${tag}`,
    });
    const student = await studentAccount(e2e.app, uni, {
      cohort: 2026,
      degreeType: 'professional',
      discipline: '0854',
    });

    const page = await e2e.page({ as: student });
    await page.goto('/student/preferences');
    const available = page.getByTestId('available-topics');
    await available.waitFor();
    for (const t of [a, b, c]) {
      await available
        .locator(`[data-topic-id="${t.id}"]`)
        .getByRole('button', { name: /加入志愿/ })
        .click();
    }
    await expect
      .poll(() => rankedTitles(page))
      .toEqual([`甲·工业视觉缺陷检测-${tag}`, `乙·储能系统健康管理-${tag}`, `丙·边缘计算任务卸载-${tag}`]);

    // Drag the third choice to the top.
    await drag(page, 2, 0);
    await expect
      .poll(() => rankedTitles(page))
      .toEqual([`丙·边缘计算任务卸载-${tag}`, `甲·工业视觉缺陷检测-${tag}`, `乙·储能系统健康管理-${tag}`]);
    // Keyboard: the focused handle moves with the arrow keys.
    await page.locator('[data-sort-handle="1"]').focus();
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => rankedTitles(page))
      .toEqual([`丙·边缘计算任务卸载-${tag}`, `乙·储能系统健康管理-${tag}`, `甲·工业视觉缺陷检测-${tag}`]);
    await e2e.shot(page, 'student-preferences');
    await page.getByTestId('save-preferences').click();
    await expect
      .poll(async () =>
        (await student.get('/api/v1/students/me/preferences')).body.items.map(
          (i: { topicId: string }) => i.topicId,
        ),
      )
      .toEqual([c.id, b.id, a.id]);

    // A topic of another cohort is refused by the server; the reason shows on that topic.
    await available
      .locator(`[data-topic-id="${older.id}"]`)
      .getByRole('button', { name: /加入志愿/ })
      .click();
    await page.getByTestId('save-preferences').click();
    const refusal = page.locator(`[data-refusal-for="${older.id}"]`);
    await expect.poll(() => refusal.textContent()).toContain('年级不符');
    expect(await page.locator('[data-refusal-for]').count()).toBe(1);
    await e2e.shot(page, 'student-preferences-refused');

    // Nothing was saved by the refused attempt.
    const saved = await student.get('/api/v1/students/me/preferences');
    expect(saved.body.items.map((i: { topicId: string }) => i.topicId)).toEqual([c.id, b.id, a.id]);
    expect(e2e.problems(page)).toEqual([]);
  });

  it('works on a phone-sized screen', async () => {
    const { uni, school } = await universityWithSchool(e2e.app);
    const supervisor = await activeMentor(uni);
    const tag = uid();
    const base = { cohort: 2026, degreeType: 'professional', disciplines: ['0854'] };
    const a = await openTopic(uni, school, supervisor.id, { ...base, title: `手机甲-${tag}` });
    const b = await openTopic(uni, school, supervisor.id, { ...base, title: `手机乙-${tag}` });
    const student = await studentAccount(e2e.app, uni, {
      cohort: 2026,
      degreeType: 'professional',
      discipline: '0854',
    });

    const page = await e2e.page({ as: student, viewport: PHONE });
    await page.goto('/student/preferences');
    for (const t of [a, b]) {
      await page
        .locator(`[data-testid="available-topics"] [data-topic-id="${t.id}"]`)
        .getByRole('button')
        .click();
    }
    await drag(page, 1, 0);
    await expect.poll(() => rankedTitles(page)).toEqual([`手机乙-${tag}`, `手机甲-${tag}`]);
    // The page fits the screen: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await e2e.shot(page, 'student-preferences-phone');
    expect(e2e.problems(page)).toEqual([]);
  });
});
