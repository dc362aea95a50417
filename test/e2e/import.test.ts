/**
 * 批量导入: a university admin checks a student file, sees each bad row (row, field, problem) with
 * nothing written, then imports the valid rows only; templates download; a file without a required
 * column says which; an enterprise imports challenges; the page fits a phone.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Client } from '../support/app.ts';
import { PHONE, useE2e } from './support/e2e.ts';
import { addMember, registerOrg, uid, universityWithSchool } from './support/data.ts';

const e2e = useE2e();

async function studentNumbers(admin: Client, orgId: string, q: string): Promise<string[]> {
  const res = await admin.get(`/api/v1/students?orgId=${orgId}&q=${encodeURIComponent(q)}&limit=100`);
  return res.body.items.map((s: { studentNo: string }) => s.studentNo).sort();
}

async function chooseFile(page: Page, name: string, content: string | Buffer) {
  await page.setInputFiles('#import-file', {
    name,
    mimeType: 'application/octet-stream',
    buffer: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  });
  await page.getByTestId('import-file-name').waitFor();
}

const count = (page: Page, key: string) => page.locator(`[data-count="${key}"]`).textContent();

describe('bulk import page', () => {
  it('a file with a bad row shows the row error and writes nothing; then the valid rows only', async () => {
    const { uni } = await universityWithSchool(e2e.app);
    const tag = uid().slice(0, 6);
    const csv = [
      '学号,姓名,学科,学位类型,年级,技能',
      `${tag}01,林晓,0854,专业学位,2026,Python;机器视觉`,
      `${tag}02,周一鸣,0854,专业学位,二〇二六,嵌入式`,
      `${tag}03,陈可,电子信息,专业学位,2026级,`,
    ].join('\n');

    const page = await e2e.page({ as: uni.client });
    await page.goto('/');
    await page.getByRole('link', { name: '批量导入' }).first().click();
    await page.waitForURL('**/import');
    await page.getByTestId('import-type').getByText('学生名单').click();
    await chooseFile(page, '学生名单.csv', csv);
    await page.getByTestId('import-check').click();

    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await count(page, 'total')).toBe('3');
    expect(await count(page, 'valid')).toBe('2');
    expect(await count(page, 'invalid')).toBe('1');
    const bad = errors.locator('tr[data-line="3"]');
    expect(await bad.locator('td').nth(1).textContent()).toBe('年级');
    expect(await bad.locator('td').nth(2).textContent()).toContain('不是整数');
    expect(await errors.locator('tbody tr').count()).toBe(1);
    // All or nothing: with a bad row, "import all" is not offered; the check wrote nothing.
    expect(await page.getByTestId('import-all').isDisabled()).toBe(true);
    expect(await studentNumbers(uni.client, uni.orgId, tag)).toEqual([]);
    await e2e.shot(page, 'import-check', { fullPage: true });

    await page.getByTestId('import-valid').click();
    await page.getByTestId('import-done').waitFor();
    expect(await count(page, 'imported')).toBe('2');
    expect(await page.getByTestId('import-done').textContent()).toContain('已导入 2 行');
    expect(await studentNumbers(uni.client, uni.orgId, tag)).toEqual([`${tag}01`, `${tag}03`]);
    await e2e.shot(page, 'import-done', { fullPage: true });
    expect(e2e.problems(page)).toEqual([]);
  });

  it('offers templates, names a missing column, and imports a clean file all at once', async () => {
    const { uni } = await universityWithSchool(e2e.app);
    const page = await e2e.page({ as: uni.client });
    await page.goto('/import');
    await page.getByTestId('import-type').getByText('导师库').click();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[data-template="xlsx"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('mentors-template.xlsx');
    // The downloaded template itself passes the check.
    const template = readFileSync((await download.path())!);
    await chooseFile(page, 'mentors-template.xlsx', template);
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-report').waitFor();
    expect(await count(page, 'valid')).toBe('1');
    expect(await count(page, 'invalid')).toBe('0');

    // A file without the required 地区 column is refused as a whole, naming it.
    await chooseFile(page, 'no-region.csv', '姓名,导师类型\n张伟,校内导师\n');
    await page.getByTestId('import-check').click();
    const problem = page.getByTestId('import-error');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('地区');

    const name = `导入导师-${uid()}`;
    await chooseFile(
      page,
      'mentors.jsonl',
      `${JSON.stringify({ name, kind: 'campus', region: '江苏省' })}\n`,
    );
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-report').waitFor();
    expect(await page.getByTestId('import-all').isDisabled()).toBe(false);
    await page.getByTestId('import-all').click();
    await page.getByTestId('import-done').waitFor();
    const pool = await uni.client.get(`/api/v1/mentors?poolOrgId=${uni.orgId}&q=${encodeURIComponent(name)}`);
    expect(pool.body.items.map((m: { name: string }) => m.name)).toEqual([name]);
    expect(e2e.problems(page)).toEqual([]);
  });

  it('an enterprise imports challenges, on a phone-sized screen', async () => {
    const ent = await registerOrg(e2e.app, 'enterprise');
    const page = await e2e.page({ as: ent.client, viewport: PHONE });
    await page.goto('/import');
    // Only what an enterprise may import.
    const types = page.getByTestId('import-type').locator('.el-radio-button');
    await types.first().waitFor();
    expect((await types.allTextContents()).map((x) => x.trim())).toEqual(['需求清单']);
    const title = `工业视觉表面缺陷检测-${uid()}`;
    const csv = `标题,摘要,背景,目标,类型,地区,名额\n${title},在线检测,产线需要,检出率99%,联合研发,江苏省,2\n`;
    await chooseFile(page, '需求.csv', csv);
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-report').waitFor();
    await page.getByTestId('import-all').click();
    await page.getByTestId('import-done').waitFor();
    const mine = await ent.client.get('/api/v1/challenges?mine=true&limit=100');
    expect(mine.body.items.map((c: { title: string }) => c.title)).toContain(title);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await e2e.shot(page, 'import-phone', { fullPage: true });
    expect(e2e.problems(page)).toEqual([]);
  });

  it('someone with nothing to import is turned away', async () => {
    const { uni } = await universityWithSchool(e2e.app);
    const sup = await addMember(e2e.app, uni, 'supervisor');
    const page = await e2e.page({ as: sup.client });
    await page.goto('/import');
    await page.waitForURL('**/forbidden**');
    expect(e2e.problems(page)).toEqual([]);
  });
});
