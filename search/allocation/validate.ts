import type { AllocationInstance, AllocationOptions, ValidationIssue, ValidationReport } from './types.ts';

export const DEFAULT_MAX_PREFERENCES = 10;

/** Thrown by `allocate*` when {@link validate} finds errors; carries every issue for a 4xx body. */
export class AllocationInputError extends Error {
  readonly code = 'ALLOCATION_INVALID_INPUT';
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(
      `allocation input has ${errors.length} error(s): ` +
        errors
          .slice(0, 5)
          .map((e) => `${e.path}: ${e.message}`)
          .join('; ') +
        (errors.length > 5 ? '; …' : ''),
    );
    this.name = 'AllocationInputError';
    this.issues = issues;
  }
}

const isCapacity = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * Checks an instance before any run. Errors make `allocate*` throw; warnings are returned for the
 * service to show (they do not change the result). Messages name the offending ids.
 */
export function validate(instance: AllocationInstance): ValidationReport {
  const issues: ValidationIssue[] = [];
  const error = (code: string, path: string, message: string) =>
    issues.push({ severity: 'error', code, path, message });
  const warn = (code: string, path: string, message: string) =>
    issues.push({ severity: 'warning', code, path, message });

  const maxPrefs = instance.maxPreferences ?? DEFAULT_MAX_PREFERENCES;
  if (!Number.isInteger(maxPrefs) || maxPrefs < 1) {
    error('invalid-max-preferences', 'maxPreferences', `must be a positive integer, got ${maxPrefs}`);
  }
  if (!Number.isInteger(instance.seed) || instance.seed < 0 || instance.seed > 0xffffffff) {
    error('invalid-seed', 'seed', `must be an unsigned 32-bit integer, got ${instance.seed}`);
  }

  const indexIds = (list: readonly { id: string }[], kind: string): Map<string, number> => {
    const m = new Map<string, number>();
    list.forEach((x, i) => {
      if (typeof x.id !== 'string' || x.id.length === 0) {
        error('invalid-id', `${kind}[${i}].id`, `${kind} id must be a non-empty string`);
      } else if (m.has(x.id)) {
        error('duplicate-id', `${kind}[${i}].id`, `${kind} id '${x.id}' appears more than once`);
      } else m.set(x.id, i);
    });
    return m;
  };
  const studentIx = indexIds(instance.students, 'students');
  const topicIx = indexIds(instance.topics, 'topics');
  const supIx = indexIds(instance.supervisors, 'supervisors');
  const menIx = indexIds(instance.mentors, 'mentors');

  const checkCapacity = (cap: unknown, path: string, what: string) => {
    if (!isCapacity(cap))
      error('invalid-capacity', path, `${what} capacity must be an integer ≥ 0, got ${cap}`);
  };
  instance.supervisors.forEach((s, i) =>
    checkCapacity(s.capacity, `supervisors[${i}].capacity`, `supervisor '${s.id}'`),
  );
  instance.mentors.forEach((m, i) => checkCapacity(m.capacity, `mentors[${i}].capacity`, `mentor '${m.id}'`));

  const checkRanking = (ranking: readonly string[] | undefined, path: string, owner: string) => {
    if (ranking === undefined) return;
    const seen = new Set<string>();
    ranking.forEach((sid, j) => {
      if (!studentIx.has(sid)) {
        error('unknown-student', `${path}[${j}]`, `${owner} ranks unknown student '${sid}'`);
      } else if (seen.has(sid)) {
        error('duplicate-rank', `${path}[${j}]`, `${owner} ranks student '${sid}' more than once`);
      }
      seen.add(sid);
    });
  };
  instance.topics.forEach((t, i) => {
    checkCapacity(t.capacity, `topics[${i}].capacity`, `topic '${t.id}'`);
    if (!supIx.has(t.supervisorId)) {
      error(
        'unknown-supervisor',
        `topics[${i}].supervisorId`,
        `topic '${t.id}' names unknown supervisor '${t.supervisorId}'`,
      );
    }
    if (!menIx.has(t.mentorId)) {
      error(
        'unknown-mentor',
        `topics[${i}].mentorId`,
        `topic '${t.id}' names unknown mentor '${t.mentorId}'`,
      );
    }
    checkRanking(t.ranking, `topics[${i}].ranking`, `topic '${t.id}'`);
  });
  instance.supervisors.forEach((s, i) =>
    checkRanking(s.ranking, `supervisors[${i}].ranking`, `supervisor '${s.id}'`),
  );

  // Allocation-light on purpose: this runs before every job on 200k preference entries.
  const hasApplicant = new Set<string>();
  instance.students.forEach((s, i) => {
    const prefs = s.preferences;
    if (prefs.length > maxPrefs) {
      error(
        'too-many-preferences',
        `students[${i}].preferences`,
        `student '${s.id}' lists ${prefs.length} topics, more than the maximum ${maxPrefs}`,
      );
    }
    for (let j = 0; j < prefs.length; j++) {
      const tid = prefs[j]!;
      if (!topicIx.has(tid)) {
        error(
          'unknown-topic',
          `students[${i}].preferences[${j}]`,
          `student '${s.id}' ranks unknown topic '${tid}'`,
        );
      } else if (prefs.indexOf(tid) < j) {
        error(
          'duplicate-rank',
          `students[${i}].preferences[${j}]`,
          `student '${s.id}' ranks topic '${tid}' more than once`,
        );
      } else hasApplicant.add(tid);
    }
    const aff = s.affinity;
    if (!aff) return;
    for (const tid in aff) {
      const a = aff[tid];
      const path = `students[${i}].affinity.${tid}`;
      if (typeof a !== 'number' || !Number.isFinite(a) || a < 0 || a > 1) {
        error(
          'invalid-affinity',
          path,
          `affinity of student '${s.id}' for '${tid}' must be in [0, 1], got ${a}`,
        );
      } else if (!prefs.includes(tid)) {
        warn(
          'affinity-not-ranked',
          path,
          `student '${s.id}' has an affinity for '${tid}' but does not rank it`,
        );
      }
    }
  });

  // Locked pairs consume capacity before anything else, so they must fit on every side.
  const locked = instance.locked ?? [];
  const lockedStudent = new Set<string>();
  const useTopic = new Map<string, number>();
  const useSup = new Map<string, number>();
  const useMen = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  locked.forEach((p, i) => {
    const path = `locked[${i}]`;
    const ti = topicIx.get(p.topicId);
    if (!studentIx.has(p.studentId)) {
      error('unknown-student', `${path}.studentId`, `locked pair names unknown student '${p.studentId}'`);
      return;
    }
    if (ti === undefined) {
      error('unknown-topic', `${path}.topicId`, `locked pair names unknown topic '${p.topicId}'`);
      return;
    }
    if (lockedStudent.has(p.studentId)) {
      error('student-locked-twice', path, `student '${p.studentId}' is locked more than once`);
      return;
    }
    lockedStudent.add(p.studentId);
    const topic = instance.topics[ti]!;
    bump(useTopic, topic.id);
    bump(useSup, topic.supervisorId);
    bump(useMen, topic.mentorId);
    if (!instance.students[studentIx.get(p.studentId)!]!.preferences.includes(topic.id)) {
      warn(
        'locked-outside-preferences',
        path,
        `student '${p.studentId}' is locked to '${p.topicId}', which they did not rank`,
      );
    }
  });
  const capOf = (list: readonly { id: string; capacity: number }[], ix: Map<string, number>, id: string) =>
    list[ix.get(id) ?? -1]?.capacity;
  for (const [id, n] of useTopic) {
    const cap = capOf(instance.topics, topicIx, id);
    if (isCapacity(cap) && n > cap) {
      error(
        'locked-exceeds-capacity',
        'locked',
        `${n} locked pair${n === 1 ? '' : 's'} on topic '${id}' exceed${n === 1 ? 's' : ''} its capacity ${cap}`,
      );
    }
  }
  for (const [id, n] of useSup) {
    const cap = capOf(instance.supervisors, supIx, id);
    if (isCapacity(cap) && n > cap) {
      error(
        'locked-exceeds-capacity',
        'locked',
        `${n} locked pair${n === 1 ? '' : 's'} under supervisor '${id}' exceed${n === 1 ? 's' : ''} their capacity ${cap}`,
      );
    }
  }
  for (const [id, n] of useMen) {
    const cap = capOf(instance.mentors, menIx, id);
    if (isCapacity(cap) && n > cap) {
      error(
        'locked-exceeds-capacity',
        'locked',
        `${n} locked pair${n === 1 ? '' : 's'} under mentor '${id}' exceed${n === 1 ? 's' : ''} their capacity ${cap}`,
      );
    }
  }

  instance.topics.forEach((t, i) => {
    if (isCapacity(t.capacity) && t.capacity > 0 && !hasApplicant.has(t.id) && !useTopic.has(t.id)) {
      warn('topic-without-applicants', `topics[${i}]`, `topic '${t.id}' has no applicant`);
    }
  });

  return { ok: !issues.some((i) => i.severity === 'error'), issues };
}

/** Validates run options; returned issues use the same shape as instance validation. */
export function validateOptions(options: AllocationOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const w = options.weights ?? {};
  for (const k of ['rank', 'affinity'] as const) {
    const v = w[k];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) {
      issues.push({
        severity: 'error',
        code: 'invalid-weight',
        path: `options.weights.${k}`,
        message: `weight '${k}' must be a finite number ≥ 0, got ${v}`,
      });
    }
  }
  if (options.mode === 'optimal' && options.timeLimitSeconds !== undefined) {
    const t = options.timeLimitSeconds;
    if (!Number.isFinite(t) || t <= 0) {
      issues.push({
        severity: 'error',
        code: 'invalid-time-limit',
        path: 'options.timeLimitSeconds',
        message: `time limit must be a positive number of seconds, got ${t}`,
      });
    }
  }
  return issues;
}
