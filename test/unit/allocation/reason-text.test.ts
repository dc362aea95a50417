/** The web app's Chinese rendering of the engine's reasons, checked on messages the engine really writes. */
import { describe, expect, it } from 'vitest';
import { allocateOptimal, allocateStable } from '../../../search/allocation/index.ts';
import type { AllocationInstance } from '../../../search/allocation/types.ts';
import { reasonText } from '../../../web/src/utils/allocationReason.ts';

// Three students want A (1 seat, supervisor room for one) then B (supervisor room for one, taken by
// a locked student); s4 ranks nothing.
const instance: AllocationInstance = {
  seed: 1,
  students: [
    { id: 's1', preferences: ['A', 'B'] },
    { id: 's2', preferences: ['A', 'B'] },
    { id: 's3', preferences: ['A', 'B'] },
    { id: 's4', preferences: [] },
    { id: 's5', preferences: ['B'] },
  ],
  topics: [
    { id: 'A', title: '视觉检测', capacity: 1, supervisorId: 'L1', mentorId: 'M1' },
    { id: 'B', title: "Li's battery", capacity: 3, supervisorId: 'L2', mentorId: 'M1' },
  ],
  supervisors: [
    { id: 'L1', capacity: 1, name: '陈老师' },
    { id: 'L2', capacity: 1, name: '王老师' },
  ],
  mentors: [{ id: 'M1', capacity: 5, name: '刘工' }],
  locked: [{ studentId: 's5', topicId: 'B' }],
};

describe('reasonText', () => {
  it('renders every stable-mode message in Chinese, keeping names', () => {
    const r = allocateStable(instance);
    const zh = Object.fromEntries(r.students.map((s) => [s.studentId, reasonText(s.message, 'zh-CN')]));
    const assigned = r.students.find((s) => s.topicId === 'A')!.studentId;
    expect(zh[assigned]).toBe('第1志愿');
    expect(zh.s4).toBe('未分配：未填报任何志愿');
    expect(zh.s5).toBe("已锁定到「Li's battery」（第1志愿）");
    const unmatched = r.students.filter((s) => s.status === 'unmatched' && s.studentId !== 's4');
    expect(unmatched).toHaveLength(2);
    for (const s of unmatched)
      expect(zh[s.studentId]).toBe(
        '未分配：第1志愿「视觉检测」已满（1/1，排序低于全部已录取学生），' +
          '校内导师「陈老师」名额已满（1/1，排序低于其全部学生）；' +
          "第2志愿「Li's battery」：校内导师「王老师」名额已满（1/1，排序低于其全部学生）",
      );
    // No English phrase of the engine is left over.
    for (const text of Object.values(zh)) expect(text).not.toMatch(/choice|full|capacity|unmatched|locked/);
  });

  it('renders the optimal mode’s welfare reason and leaves English untouched', async () => {
    const msg = "2nd choice: 1st choice 'A': had room, but the welfare optimum assigns differently";
    expect(reasonText(msg, 'zh-CN')).toBe('第2志愿：第1志愿「A」：尚有名额，但整体最优方案另有安排');
    expect(reasonText(msg, 'en')).toBe(msg);
    const r = await allocateOptimal(instance);
    for (const s of r.students)
      expect(reasonText(s.message, 'zh-CN')).not.toMatch(/choice|full|capacity|unmatched|locked/);
  });

  it('shows an unknown phrase unchanged rather than hiding it', () => {
    expect(reasonText('something new', 'zh-CN')).toBe('something new');
  });
});
