/**
 * 研究生院分配: the graduate school starts allocation runs and watches them finish, reads every
 * student's reason, locks a pair that later runs keep, compares two runs, exports, and publishes
 * after confirming; the student sees the published result appear without reloading.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertRun, updateRun } from '../../db/repositories/allocation.repository.ts';
import { formItem, PHONE, useE2e } from './support/e2e.ts';
import { allocationCohort } from './support/allocation.ts';
import { universityWithSchool } from './support/data.ts';

const e2e = useE2e();

const row = (page: Page, studentId: string) =>
  page.locator(`[data-testid="outcomes"] tr[data-student-id="${studentId}"]`);

/** Waits for the run page to show a finished run (progress bar at 100 %, state tag "已完成"). */
async function finished(page: Page) {
  await expect
    .poll(() => page.getByTestId('run-progress').getAttribute('aria-valuenow'), { timeout: 30_000 })
    .toBe('100');
  await expect.poll(() => page.getByTestId('run-state').first().textContent()).toContain('已完成');
  await page.getByTestId('outcomes').waitFor();
}

describe('allocation', () => {
  it('runs, explains, locks, compares, exports and publishes; the student sees the result live', async () => {
    const c = await allocationCohort(e2e.app);
    const [t0, t1] = c.topics;
    const page = await e2e.page({ as: c.school.client });

    // The graduate school reaches the page from the navigation.
    await page.goto('/review');
    await page.getByRole('link', { name: '学生分配' }).first().click();
    await page.waitForURL('**/university/allocation');
    await page.getByTestId('runs').or(page.getByText('还没有运行记录')).first().waitFor();
    await e2e.shot(page, 'allocation-runs-empty');

    // Server field errors land on their fields: a seed out of range, then a cohort with no students.
    await formItem(page, '年级').first().getByRole('spinbutton').fill('2031');
    await page.getByLabel('随机种子').fill('3000000000');
    await page.getByTestId('start-run').click();
    await expect
      .poll(() => formItem(page, '随机种子').locator('.el-form-item__error').textContent())
      .toBe('不能大于 2147483647');
    await page.getByLabel('随机种子').fill('7');
    await page.getByTestId('start-run').click();
    await expect
      .poll(() => formItem(page, '年级').first().locator('.el-form-item__error').textContent())
      .toBe('该年级没有学生');
    await expect.poll(() => formItem(page, '随机种子').locator('.el-form-item__error').count()).toBe(0);
    await e2e.shot(page, 'allocation-form-errors');

    // A stable run for the real cohort: the page follows it to the end.
    await formItem(page, '年级').first().getByRole('spinbutton').fill(String(c.cohort));
    await page.getByTestId('start-run').click();
    await page.waitForURL(/\/university\/allocation\/runs\/[0-9a-f-]{36}$/);
    const firstRunUrl = page.url();
    await finished(page);
    expect(await page.getByTestId('assigned-count').textContent()).toBe('3 / 4');

    // Every student has a reason; the unmatched one names the industry mentor's full capacity.
    const outcomes = (
      await c.school.client.get(`/api/v1/allocation/runs/${firstRunUrl.split('/').pop()}/outcomes`)
    ).body.items as { studentId: string; topicId: string | null }[];
    const unmatched = outcomes.find((o) => o.topicId === null)!;
    const onSecond = outcomes.find((o) => o.topicId === t1!.id)!;
    const onFirst = outcomes.find((o) => o.topicId === t0!.id)!;
    await expect
      .poll(() => row(page, unmatched.studentId).locator('[data-col="reason"]').textContent())
      .toMatch(new RegExp(`^未分配：第1志愿「${t0!.title}」已满.*产业导师「${c.mentor.name}」名额已满（3/3`));
    expect(await row(page, onFirst.studentId).locator('[data-col="reason"]').textContent()).toBe('第1志愿');
    expect(await row(page, onSecond.studentId).locator('[data-col="reason"]').textContent()).toMatch(
      new RegExp(`^第2志愿：第1志愿「${t0!.title}」已满`),
    );
    for (const o of outcomes)
      expect(
        (await row(page, o.studentId).locator('[data-col="reason"]').textContent())!.length,
      ).toBeGreaterThan(0);
    await e2e.shot(page, 'allocation-run');

    // Filters: only the unmatched student.
    await page.getByRole('radio', { name: /未分配/ }).click({ force: true });
    await expect.poll(() => page.locator('[data-testid="outcomes"] tbody tr').count()).toBe(1);
    await page.getByRole('radio', { name: /全部/ }).click({ force: true });
    await expect.poll(() => page.locator('[data-testid="outcomes"] tbody tr').count()).toBe(4);

    // Reports: occupancy and the unmatched report with the bottleneck.
    await page.getByRole('tab', { name: '名额占用' }).click();
    await expect.poll(() => page.getByTestId('occupancy').textContent()).toContain(c.mentor.name);
    await e2e.shot(page, 'allocation-occupancy');
    await page.getByRole('tab', { name: '未分配报告' }).click();
    await expect.poll(() => page.getByTestId('unmatched-report').textContent()).toContain('产业导师名额已满');
    await e2e.shot(page, 'allocation-unmatched');
    await page.getByRole('tab', { name: '学生结果' }).click();

    // Lock the student on the second topic (keyboard: focus the button, press Enter).
    const lockButton = row(page, onSecond.studentId).getByRole('button', { name: /^锁定 / });
    await lockButton.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => row(page, onSecond.studentId).locator('[data-col="lock"]').textContent())
      .toContain('已锁定');
    const locks = await c.school.client.get(
      `/api/v1/allocation/locks?orgId=${c.uni.orgId}&cohort=${c.cohort}`,
    );
    expect(locks.body.items).toEqual([
      expect.objectContaining({ studentId: onSecond.studentId, topicId: t1!.id }),
    ]);

    // Export: the CSV the link points at carries every student and reason.
    const csvHref = await page.getByTestId('export-csv').getAttribute('href');
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    const csvText = await csv.text();
    for (const s of c.students) expect(csvText).toContain(s.name);
    const xlsx = await page.request.get((await page.getByTestId('export-xlsx').getAttribute('href'))!);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

    // A what-if re-run in optimal mode with another seed keeps the locked pair.
    await page.getByRole('link', { name: /返回运行记录/ }).click();
    await page.waitForURL('**/university/allocation');
    await formItem(page, '年级').first().getByRole('spinbutton').fill(String(c.cohort));
    await page.getByRole('radio', { name: '整体最优' }).click({ force: true });
    await page.getByLabel('随机种子').fill('11');
    await page.getByTestId('start-run').click();
    await page.waitForURL((u) => /\/runs\/[0-9a-f-]{36}$/.test(u.pathname) && u.href !== firstRunUrl);
    const secondRunUrl = page.url();
    await finished(page);
    await expect
      .poll(() => row(page, onSecond.studentId).locator('[data-col="reason"]').textContent())
      .toBe(`已锁定到「${t1!.title}」（第2志愿）`);
    expect(await row(page, onSecond.studentId).locator('[data-col="lock"]').textContent()).toContain(
      '已锁定',
    );

    // Compare the two runs from the list.
    await page.goto('/university/allocation');
    const runs = page.locator('[data-testid="runs"] > li');
    await expect.poll(() => runs.count()).toBe(2);
    await e2e.shot(page, 'allocation-runs');
    for (const id of [firstRunUrl, secondRunUrl].map((u) => u.split('/').pop()!))
      await page.locator(`#pick-${id}`).check();
    await page.getByTestId('compare-runs').click();
    await page.waitForURL('**/university/allocation/compare?**');
    await expect.poll(() => page.getByTestId('compare-metrics').textContent()).toContain('3/4');
    await page.getByTestId('compare-histogram').waitFor();
    await page.getByText(/名学生的分配不同|两次运行的分配完全相同/).waitFor();
    await e2e.shot(page, 'allocation-compare');

    // The student keeps their page open; publication shows up there without a reload.
    const assignedStudent = c.students.find((s) => s.id === onSecond.studentId)!;
    const student = await e2e.page({ as: assignedStudent.client });
    await student.goto('/student/preferences');
    await expect.poll(() => student.getByTestId('my-allocation').textContent()).toContain('分配结果尚未发布');

    // Publish the second run, after confirming.
    await page.goto(secondRunUrl);
    await finished(page);
    await page.getByTestId('publish-run').click();
    const dialog = page.locator('.el-message-box');
    await expect.poll(() => dialog.textContent()).toContain(`${c.cohort} 级的 4 名学生`);
    await e2e.shot(page, 'allocation-publish-confirm');
    await dialog.getByRole('button', { name: '发布结果' }).click();
    await expect.poll(() => page.getByTestId('run-state').first().textContent()).toContain('已发布');
    expect(await page.getByTestId('publish-run').count()).toBe(0);

    await expect
      .poll(() => student.getByTestId('my-allocation-topic').textContent(), { timeout: 15_000 })
      .toBe(t1!.title);
    const card = await student.getByTestId('my-allocation').textContent();
    expect(card).toContain(c.supervisors[0]!.name);
    expect(card).toContain(c.mentor.name);
    expect(await student.getByTestId('my-allocation-reason').textContent()).toBe(
      `已锁定到「${t1!.title}」（第2志愿）`,
    );
    await e2e.shot(student, 'student-allocation-result');

    // The unmatched student (if still unmatched in the published run) reads why.
    const published = (
      await c.school.client.get(`/api/v1/allocation/runs/${secondRunUrl.split('/').pop()}/outcomes`)
    ).body.items as { studentId: string; topicId: string | null }[];
    const left = published.find((o) => o.topicId === null)!;
    const other = await e2e.page({
      as: c.students.find((s) => s.id === left.studentId)!.client,
      viewport: PHONE,
    });
    await other.goto('/student/preferences');
    await expect.poll(() => other.getByTestId('my-allocation-status').textContent()).toContain('未分配');
    expect(await other.getByTestId('my-allocation-reason').textContent()).toMatch(/^未分配：/);
    expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await e2e.shot(other, 'student-allocation-unmatched-phone');

    for (const p of [page, student, other]) expect(e2e.problems(p)).toEqual([]);
  });

  it('the run page works on a phone: progress, reasons and lock buttons fit the screen', async () => {
    const c = await allocationCohort(e2e.app);
    const start = await c.school.client.post('/api/v1/allocation/runs', {
      orgId: c.uni.orgId,
      cohort: c.cohort,
      mode: 'stable',
      seed: 5,
    });
    expect(start.status).toBe(202);
    const page = await e2e.page({ as: c.school.client, viewport: PHONE });
    await page.goto(`/university/allocation/runs/${start.body.id}`);
    await finished(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const lock = page.locator('[data-testid="outcomes"] [data-col="lock"] button').first();
    const box = await lock.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await e2e.shot(page, 'allocation-run-phone', { fullPage: true });
    // In English the headings switch and the engine's own English reasons are shown as written.
    await page.getByRole('button', { name: '切换语言' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Allocation run · cohort ${c.cohort}`);
    await expect
      .poll(() => page.locator('[data-testid="outcomes"] [data-col="reason"]').allTextContents())
      .toContain('1st choice');
    await e2e.shot(page, 'allocation-run-phone-english');
    await page.getByRole('button', { name: 'Switch language' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`分配运行 · ${c.cohort} 级`);
    await page.goto('/university/allocation');
    await page.locator('[data-testid="runs"] > li').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await e2e.shot(page, 'allocation-runs-phone');
    expect(e2e.problems(page)).toEqual([]);
  });

  it('the runs list moves a running run’s bar on a push, without polling while the socket is up', async () => {
    const { uni, school } = await universityWithSchool(e2e.app);
    const db = e2e.app.deps.database.db;
    // A run another instance is executing: this server's runner only claims queued runs.
    const run = await insertRun(db, {
      orgId: uni.orgId,
      cohort: 2026,
      mode: 'stable',
      options: { mode: 'stable' },
      seed: 1,
      input: {},
      createdBy: school.userId,
      state: 'running',
      progress: 20,
    });
    const page = await e2e.page({ as: school.client });
    const reads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes(`/api/v1/allocation/runs/${run.id}`)) reads.push(r.url());
    });
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    await page.goto('/university/allocation');
    const bar = page.locator(`[data-run-id="${run.id}"] [data-testid="run-progress"]`);
    await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('20');
    await expect.poll(() => frames.some((f) => f.includes('"event":"ready"'))).toBe(true);
    await expect.poll(() => page.locator('.live.on').count()).toBe(1);

    const push = (state: 'running' | 'failed', progress: number) =>
      e2e.app.realtime.bus.publish({
        type: 'allocation.progress',
        runId: run.id,
        orgId: uni.orgId,
        state,
        progress,
      });
    await push('running', 60);
    await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('60');
    // Longer than the fallback poll interval: nothing is fetched while pushes arrive.
    await page.waitForTimeout(1500);
    expect(reads).toEqual([]);

    // When it ends, the run is fetched once for its outcome.
    await updateRun(db, run.id, { state: 'failed', error: '求解器超时', finishedAt: new Date() });
    await push('failed', 60);
    await expect.poll(() => page.locator(`[data-run-id="${run.id}"] .failed`).count()).toBe(1);
    expect(reads).toHaveLength(1);
    expect(e2e.problems(page)).toEqual([]);
  });
});
