/**
 * 企业出题 → 审核发布 → 公开检索 → 保密协议: the enterprise side of the marketplace in a real browser.
 */
import { describe, expect, it } from 'vitest';
import { platformAdmin } from '../factories.ts';
import { choose, formItem, useE2e } from './support/e2e.ts';
import { addMember, postedChallenge, registerOrg, uid } from './support/data.ts';

const e2e = useE2e();

describe('challenge flow', () => {
  it('an enterprise registers, sees field errors, then posts a challenge for review', async () => {
    const page = await e2e.page();
    const tag = uid();

    await page.goto('/register');
    await expect.poll(() => page.title()).toContain('机构注册');
    await e2e.shot(page, 'register');
    await page.getByLabel('机构名称').fill(`苏州测试智能装备有限公司-${tag}`);
    await choose(page, '所在地区', '江苏省');
    await page.getByLabel('姓名').fill('周工');
    await page.getByLabel('邮箱').fill(`owner-${tag}@example.cn`);
    await page.getByLabel('密码').fill('correct-horse-battery');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForURL('**/enterprise/challenges');
    await page.getByRole('button', { name: '发布新需求' }).click();
    await page.waitForURL('**/enterprise/challenges/new');

    // 1. Client-side: a required field left empty is flagged on that field.
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect
      .poll(() => formItem(page, '需求标题').locator('.el-form-item__error').textContent())
      .toBe('此项为必填');

    // 2. Server-side: the API refuses deliverBy before applyBy, and the message lands on that field.
    const title = `退役动力电池健康状态快速评估-${tag}`;
    await page.getByLabel('需求标题').fill(title);
    await page.getByLabel('公开摘要').fill('面向梯次利用的动力电池健康状态快速评估方法');
    await page.getByLabel('背景').fill('企业每年回收大量退役动力电池，需要在十分钟内判断剩余容量与一致性。');
    await page
      .getByLabel('目标', { exact: true })
      .fill('基于充放电片段估计健康状态，误差小于3%，形成可部署的模型。');
    await choose(page, '地区', '江苏省');
    await page.getByLabel('申请截止').fill('2026-12-01');
    await page.getByLabel('交付日期').fill('2026-10-01');
    await page.getByRole('button', { name: '保存草稿' }).click();
    const deliverError = formItem(page, '交付日期').locator('.el-form-item__error');
    await expect.poll(() => deliverError.textContent()).toBe('交付日期应晚于申请截止日期');
    await expect.poll(() => formItem(page, '需求标题').locator('.el-form-item__error').count()).toBe(0);
    await e2e.shot(page, 'challenge-form-errors');

    // The live match panel answers with matches or says clearly that matching is not available.
    await expect
      .poll(() => page.getByTestId('match-panel').textContent(), { timeout: 15_000 })
      .toMatch(/匹配度|匹配服务尚未上线|暂时没有匹配的结果/);

    // 3. Fixed: saved and submitted for review.
    await page.getByLabel('交付日期').fill('2027-06-30');
    await page.getByRole('button', { name: '保存并提交审核' }).click();
    await page.waitForURL(/\/enterprise\/challenges\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('challenge-state').textContent()).toContain('待审核');
    await e2e.shot(page, 'challenge-manage');

    await page.goto('/enterprise/challenges');
    await expect.poll(() => page.getByTestId('my-challenges').textContent()).toContain(title);
    await e2e.shot(page, 'my-challenges');
    expect(e2e.problems(page)).toEqual([]);
  });

  it('a graduate-school reviewer publishes it and it appears in public search, safely highlighted', async () => {
    const enterprise = await registerOrg(e2e.app, 'enterprise');
    const uni = await registerOrg(e2e.app, 'university');
    const school = await addMember(e2e.app, uni, 'grad_admin');
    const tag = uid();
    // Markup in user text must show as text, never as HTML.
    const title = `氢燃料电池低温冷启动控制策略 <i>斜体</i> ${tag}`;
    const c = await postedChallenge(enterprise, { overrides: { title } });

    const page = await e2e.page({ as: school.client });
    await page.goto('/review');
    const card = page.locator('[data-testid="review-challenges"] > li', { hasText: tag });
    await card.waitFor();
    await e2e.shot(page, 'review-queue');
    await card.getByRole('button', { name: '审核通过并发布' }).click();
    await card.waitFor({ state: 'detached' });

    await e2e.server.drainSearch();
    const visitor = await e2e.page();
    await visitor.goto('/');
    await visitor.getByTestId('search-input').fill(`冷启动 ${tag}`);
    const hit = visitor.locator(`[data-hit-id="${c.id}"]`);
    await hit.waitFor();
    await expect.poll(() => visitor.url()).toContain('q=');
    // The landing page may already list the posting (newest first) before the typed query's
    // highlighted results replace that list.
    await expect.poll(() => hit.locator('mark').count()).toBeGreaterThan(0);
    expect(await hit.locator('h3').textContent()).toContain('<i>斜体</i>');
    expect(await hit.locator('h3 i').count()).toBe(0);
    await e2e.shot(visitor, 'search-results');

    await hit.getByRole('link').first().click();
    await visitor.waitForURL(`**/challenges/${c.id}`);
    await expect.poll(() => visitor.getByTestId('full-text').textContent()).toContain('退役动力电池');
    expect(e2e.problems(page)).toEqual([]);
    expect(e2e.problems(visitor)).toEqual([]);
  });

  it('a confidential challenge shows its summary and an NDA gate, then the full text once accepted', async () => {
    const enterprise = await registerOrg(e2e.app, 'enterprise');
    const admin = await platformAdmin(e2e.app, e2e.server.database);
    const secret = `机密背景-储能电站热失控早期特征-${uid()}`;
    const c = await postedChallenge(enterprise, {
      overrides: { confidentiality: 'nda', background: secret, summary: '储能电站热安全预警（公开摘要）' },
      reviewer: admin,
    });

    // Anonymous visitors see the public summary and are asked to sign in.
    const visitor = await e2e.page();
    await visitor.goto(`/challenges/${c.id}`);
    await visitor.getByTestId('nda-gate').waitFor();
    expect(await visitor.textContent('main')).toContain('储能电站热安全预警（公开摘要）');
    expect(await visitor.textContent('main')).not.toContain(secret);
    await visitor.getByRole('link', { name: '登录后接受保密协议' }).waitFor();

    // A university member accepts the NDA and reads the full text.
    const uni = await registerOrg(e2e.app, 'university');
    const page = await e2e.page({ as: uni.client });
    await page.goto(`/challenges/${c.id}`);
    await page.getByTestId('nda-gate').waitFor();
    expect(await page.textContent('main')).not.toContain(secret);
    await e2e.shot(page, 'challenge-nda-gate');
    await page.getByRole('button', { name: '接受保密协议' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '接受保密协议' }).click();
    await expect.poll(() => page.getByTestId('full-text').textContent()).toContain(secret);
    await expect.poll(() => page.getByTestId('nda-gate').count()).toBe(0);
    await e2e.shot(page, 'challenge-nda-accepted');

    // The acceptance is stored: a fresh load shows the full text straight away.
    await page.reload();
    await expect.poll(() => page.getByTestId('full-text').textContent()).toContain(secret);
    expect(e2e.problems(page)).toEqual([]);
  });
});
