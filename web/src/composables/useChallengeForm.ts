import { computed, reactive, ref, shallowRef } from 'vue';
import {
  challengesApi,
  type Challenge,
  type ChallengeCreate,
  type ChallengeKind,
  type Confidentiality,
  type DegreeLevel,
  type DegreeType,
} from '../api/index.ts';
import { useFormErrors } from './useFormErrors.ts';

export interface ChallengeFormModel {
  title: string;
  summary: string;
  background: string;
  goals: string;
  deliverables: string;
  disciplines: string[];
  skills: string[];
  industry: string;
  kind: ChallengeKind;
  degreeLevel: DegreeLevel;
  degreeType: DegreeType;
  seats: number;
  budgetWan: number;
  region: string;
  onSite: boolean;
  applyBy: string;
  deliverBy: string;
  confidentiality: Confidentiality;
}

export const CHALLENGE_FIELDS = [
  'title',
  'summary',
  'background',
  'goals',
  'deliverables',
  'disciplines',
  'skills',
  'industry',
  'kind',
  'degreeLevel',
  'degreeType',
  'seats',
  'budgetWan',
  'region',
  'onSite',
  'applyBy',
  'deliverBy',
  'confidentiality',
] as const;

const EDITABLE = new Set(['draft', 'returned']);

function blank(): ChallengeFormModel {
  return {
    title: '',
    summary: '',
    background: '',
    goals: '',
    deliverables: '',
    disciplines: [],
    skills: [],
    industry: '',
    kind: 'thesis_topic',
    degreeLevel: 'master',
    degreeType: 'professional',
    seats: 1,
    budgetWan: 0,
    region: '',
    onSite: false,
    applyBy: '',
    deliverBy: '',
    confidentiality: 'public',
  };
}

function fromChallenge(c: Challenge): ChallengeFormModel {
  return {
    title: c.title,
    summary: c.summary,
    background: c.background ?? '',
    goals: c.goals ?? '',
    deliverables: c.deliverables ?? '',
    disciplines: [...c.disciplines],
    skills: [...c.skills],
    industry: c.industry ?? '',
    kind: c.kind,
    degreeLevel: c.degreeLevel,
    degreeType: c.degreeType,
    seats: c.seats,
    budgetWan: c.budgetWan,
    region: c.region,
    onSite: c.onSite,
    applyBy: c.applyBy ?? '',
    deliverBy: c.deliverBy ?? '',
    confidentiality: c.confidentiality,
  };
}

/** The API body: trimmed text, empty optionals as null so an edit can clear them. */
export function toPayload(m: ChallengeFormModel): ChallengeCreate {
  return {
    title: m.title.trim(),
    summary: m.summary.trim(),
    background: m.background.trim(),
    goals: m.goals.trim(),
    deliverables: m.deliverables.trim(),
    disciplines: m.disciplines,
    skills: m.skills,
    industry: m.industry || null,
    kind: m.kind,
    degreeLevel: m.degreeLevel,
    degreeType: m.degreeType,
    seats: m.seats,
    budgetWan: m.budgetWan,
    region: m.region.trim(),
    onSite: m.onSite,
    applyBy: m.applyBy || null,
    deliverBy: m.deliverBy || null,
    confidentiality: m.confidentiality,
  };
}

/** Create or edit one challenge: load, save as draft, save and submit for review. */
export function useChallengeForm(id: string | undefined) {
  const model = reactive<ChallengeFormModel>(blank());
  const original = shallowRef<Challenge | null>(null);
  const loading = ref(false);
  const loadError = shallowRef<unknown>(null);
  const saving = ref<false | 'draft' | 'submit'>(false);
  const errors = useFormErrors();

  async function load(): Promise<void> {
    if (!id) return;
    loading.value = true;
    loadError.value = null;
    try {
      const c = await challengesApi.get(id);
      original.value = c;
      Object.assign(model, fromChallenge(c));
    } catch (err) {
      loadError.value = err;
    } finally {
      loading.value = false;
    }
  }

  const editable = computed(() => !original.value || EDITABLE.has(original.value.state));

  /** Saves; with `submit` also sends it for review. Returns the saved challenge, or null on errors. */
  async function save(submit: boolean): Promise<Challenge | null> {
    errors.clear();
    saving.value = submit ? 'submit' : 'draft';
    try {
      const body = toPayload(model);
      let c = original.value
        ? await challengesApi.update(original.value.id, body)
        : await challengesApi.create(body);
      original.value = c;
      if (submit) c = await challengesApi.transition(c.id, 'submit');
      original.value = c;
      return c;
    } catch (err) {
      errors.apply(err, CHALLENGE_FIELDS);
      return null;
    } finally {
      saving.value = false;
    }
  }

  /** Text the live matcher reads: what the challenge is about, not its logistics. */
  const matchText = computed(() =>
    [model.title, model.summary, model.background, model.goals, model.skills.join(' ')]
      .filter((s) => s.trim())
      .join('\n'),
  );

  return { model, original, loading, loadError, saving, errors, editable, load, save, matchText };
}
