import { ref, shallowRef } from 'vue';
import { mentorsApi, studentsApi, topicsApi, type Topic } from '../api/index.ts';
import { useSession } from '../stores/session.ts';
import { collectAll } from './useCursorList.ts';
import { loadCatalogue } from './useCatalogue.ts';

/** Policy targets (see DESIGN.md §1). */
export const TARGETS = {
  topicsFromIndustry: 0.15,
  studentsInIndustry: 0.3,
  disciplineFit: 0.9,
  industryMentors: 300,
} as const;

export interface Kpi {
  /** Share in [0, 1], or a count for industryMentors; null when this account cannot compute it. */
  value: number | null;
  target: number;
  basis: Record<string, number>;
  /** True when the list was cut at the page limit. */
  partial: boolean;
}

export interface Kpis {
  topicsFromIndustry: Kpi;
  studentsInIndustry: Kpi;
  disciplineFit: Kpi;
  industryMentors: Kpi;
}

const MAX_PAGES = 30; // × 100 rows
const COUNTED: Topic['state'][] = ['proposed', 'approved', 'open', 'allocated', 'closed'];

/**
 * The four policy KPIs, computed in the browser from the list endpoints until the server offers
 * aggregate statistics. Scoped to the user's university (all visible rows for platform admins).
 */
export function useKpis() {
  const session = useSession();
  const kpis = shallowRef<Kpis | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    const orgId = session.universityAdminOrgId ?? undefined;
    try {
      const [topics, mentors, students, catalogue] = await Promise.all([
        collectAll(
          (cursor) =>
            topicsApi.list({
              limit: 100,
              state: COUNTED,
              ...(orgId ? { orgId } : {}),
              ...(cursor ? { cursor } : {}),
            }),
          MAX_PAGES,
        ),
        collectAll(
          (cursor) =>
            mentorsApi.list({
              limit: 100,
              kind: 'industry',
              state: ['active'],
              ...(cursor ? { cursor } : {}),
            }),
          MAX_PAGES,
        ),
        orgId && session.hasRole('grad_admin', 'org_admin')
          ? collectAll(
              (cursor) => studentsApi.list(orgId, { limit: 100, ...(cursor ? { cursor } : {}) }),
              MAX_PAGES,
            )
          : Promise.resolve(null),
        loadCatalogue(),
      ]);
      const t = topics.items;
      const industry = t.filter((x) => x.challengeId !== null);
      const industrySeats = industry
        .filter((x) => x.state === 'open' || x.state === 'allocated')
        .reduce((n, x) => n + x.capacity, 0);
      const disciplines = [...new Set(t.flatMap((x) => x.disciplines))];
      const studentCount = students?.items.length ?? 0;
      kpis.value = {
        topicsFromIndustry: {
          value: t.length ? industry.length / t.length : 0,
          target: TARGETS.topicsFromIndustry,
          basis: { n: t.length },
          partial: !topics.complete,
        },
        studentsInIndustry: {
          value: students ? (studentCount ? Math.min(1, industrySeats / studentCount) : 0) : null,
          target: TARGETS.studentsInIndustry,
          basis: { seats: industrySeats, students: studentCount },
          partial: !!students && !students.complete,
        },
        disciplineFit: {
          value: catalogue.clusterFitRate(disciplines),
          target: TARGETS.disciplineFit,
          basis: { n: disciplines.length },
          partial: !topics.complete,
        },
        industryMentors: {
          value: mentors.items.length,
          target: TARGETS.industryMentors,
          basis: {},
          partial: !mentors.complete,
        },
      };
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  return { kpis, loading, error, load, maxRows: MAX_PAGES * 100 };
}
