/**
 * The allocation engine explains every outcome in one English sentence (search/allocation/
 * explain.ts), e.g. "2nd choice: 1st choice 'X' full (3/3, ranked below all admitted)". The
 * Chinese interface rewrites the engine's fixed phrases; topic and mentor names stay as they are.
 * Anything not recognised is shown unchanged, so a new phrase in the engine never hides a reason.
 */
export type ReasonLocale = 'zh-CN' | 'en';

const ZH: [RegExp, string][] = [
  [/^unmatched: ranked no topic$/, '未分配：未填报任何志愿'],
  [/^unmatched: /, '未分配：'],
  [/^locked to '(.*)' \((\d+)(?:st|nd|rd|th) choice\)$/, '已锁定到「$1」（第$2志愿）'],
  [/^locked to '(.*)' \(not in their list\)$/, '已锁定到「$1」（不在其志愿中）'],
  [/(\d+)(?:st|nd|rd|th) choice/g, '第$1志愿'],
  [/ full \((\d+)\/(\d+), ranked below all admitted\)/g, ' 已满（$1/$2，排序低于全部已录取学生）'],
  [/ full \((\d+)\/(\d+)\)/g, ' 已满（$1/$2）'],
  [
    /supervisor '(.*?)' at capacity \((\d+)\/(\d+), ranked below all their students\)/g,
    '校内导师「$1」名额已满（$2/$3，排序低于其全部学生）',
  ],
  [/supervisor '(.*?)' at capacity \((\d+)\/(\d+)\)/g, '校内导师「$1」名额已满（$2/$3）'],
  [
    /mentor '(.*?)' at capacity \((\d+)\/(\d+), ranked below all their students\)/g,
    '产业导师「$1」名额已满（$2/$3，排序低于其全部学生）',
  ],
  [/mentor '(.*?)' at capacity \((\d+)\/(\d+)\)/g, '产业导师「$1」名额已满（$2/$3）'],
  [/had room, but the welfare optimum assigns differently/g, '尚有名额，但整体最优方案另有安排'],
  [/would be admitted under the priorities \(blocking pair\)/g, '按优先序本应录取（阻塞对）'],
  // The choice's topic title, quoted by the engine before " full" or ": ".
  [/第(\d+)志愿 '(.*?)'( 已满|: )/g, '第$1志愿「$2」$3'],
  [/」 已满/g, '」已满'],
  [/: /g, '：'],
  [/; /g, '；'],
  [/, (?=校内导师|产业导师|尚有名额|按优先序)/g, '，'],
];

export function reasonText(message: string, locale: ReasonLocale): string {
  if (locale === 'en') return message;
  let s = message;
  for (const [re, to] of ZH) s = s.replace(re, to);
  return s;
}
