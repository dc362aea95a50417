/**
 * Demo accounts created by the seed. They all share one documented password, so a fresh install can
 * be explored from every side of the marketplace. Every other seeded user has no usable password.
 */
export const DEMO_PASSWORD = 'demo-2026-chanjiao';

export type DemoAccountKey = 'admin' | 'enterprise' | 'grad' | 'supervisor' | 'mentor' | 'student';

export interface DemoAccount {
  key: DemoAccountKey;
  email: string;
  password: string;
  displayName: string;
  /** What the account is, for the README and the login page. */
  description: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    key: 'admin',
    email: 'admin@demo.chanjiao.cn',
    password: DEMO_PASSWORD,
    displayName: '平台管理员',
    description: '平台管理员：审核机构认证、查看全部数据',
  },
  {
    key: 'enterprise',
    email: 'enterprise@demo.chanjiao.cn',
    password: DEMO_PASSWORD,
    displayName: '周立诚',
    description: '企业管理员（苏州澄锐智能装备股份有限公司）：发布需求、评审方案、验收打分',
  },
  {
    key: 'grad',
    email: 'grad@demo.chanjiao.cn',
    password: DEMO_PASSWORD,
    displayName: '沈慧琳',
    description:
      '研究生院管理员（江南理工大学，org_admin + grad_admin）：审核需求与选题、管理导师库、查看指标',
  },
  {
    key: 'supervisor',
    email: 'supervisor@demo.chanjiao.cn',
    password: DEMO_PASSWORD,
    displayName: '陈思远',
    description: '校内导师（江南理工大学，计算机科学与技术）：维护导师档案、申报课题、答题',
  },
  {
    key: 'mentor',
    email: 'mentor@demo.chanjiao.cn',
    password: DEMO_PASSWORD,
    displayName: '刘振宇',
    description: '产业导师（苏州澄锐智能装备股份有限公司）：共享导师库成员，与校内导师联合指导',
  },
  {
    key: 'student',
    email: 'student@demo.chanjiao.cn',
    password: DEMO_PASSWORD,
    displayName: '林嘉怡',
    description: '研究生（江南理工大学 2026 级，电子信息）：检索产业课题、填报志愿',
  },
];

export function demoAccount(key: DemoAccountKey): DemoAccount {
  const a = demoAccounts.find((x) => x.key === key);
  if (!a) throw new Error(`unknown demo account ${key}`);
  return a;
}
