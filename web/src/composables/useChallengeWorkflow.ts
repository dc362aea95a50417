import { computed, ref, shallowRef } from 'vue';
import {
  auditApi,
  challengesApi,
  proposalsApi,
  type AuditEntry,
  type Challenge,
  type ChallengeAction,
  type ChallengeState,
  type Proposal,
  type ProposalAction,
} from '../api/index.ts';

/** What the posting enterprise can do next in each state (server: services/workflows.ts). */
export const ENTERPRISE_ACTIONS: Partial<Record<ChallengeState, ChallengeAction[]>> = {
  draft: ['submit', 'withdraw'],
  returned: ['submit', 'withdraw'],
  submitted: ['withdraw'],
  published: ['open_matching', 'withdraw'],
  matching: ['award', 'withdraw'],
  awarded: ['start'],
  in_progress: ['deliver'],
  delivered: ['grade'],
  graded: ['close'],
};

export const PROPOSAL_ACTIONS: Partial<Record<Proposal['state'], ProposalAction[]>> = {
  submitted: ['shortlist', 'accept', 'reject'],
  shortlisted: ['accept', 'reject'],
};

/** One challenge seen by its enterprise: state machine actions, proposals received, grading, history. */
export function useChallengeWorkflow(id: string) {
  const challenge = shallowRef<Challenge | null>(null);
  const proposals = shallowRef<Proposal[]>([]);
  const history = shallowRef<AuditEntry[]>([]);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const busy = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [c, p] = await Promise.all([challengesApi.get(id), challengesApi.proposals(id)]);
      challenge.value = c;
      proposals.value = p.items;
      // History needs an admin role; members without it simply see no timeline.
      history.value = (await auditApi.forEntity('challenge', id).catch(() => ({ items: [] }))).items;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  async function act(
    action: ChallengeAction,
    extra: { reason?: string; grade?: { proposalId: string; score: number; comment?: string } } = {},
  ) {
    busy.value = action;
    try {
      challenge.value = await challengesApi.transition(id, action, extra);
      history.value = (
        await auditApi.forEntity('challenge', id).catch(() => ({ items: history.value }))
      ).items;
    } finally {
      busy.value = null;
    }
  }

  async function actOnProposal(p: Proposal, action: ProposalAction, reason?: string) {
    busy.value = `${p.id}:${action}`;
    try {
      const next = await proposalsApi.transition(p.id, action, reason);
      proposals.value = proposals.value.map((x) => (x.id === p.id ? next : x));
    } finally {
      busy.value = null;
    }
  }

  const actions = computed(() => (challenge.value ? (ENTERPRISE_ACTIONS[challenge.value.state] ?? []) : []));
  const accepted = computed(() => proposals.value.filter((p) => p.state === 'accepted'));
  const returnReason = computed(() => {
    if (challenge.value?.state !== 'returned') return null;
    // The audit trail is newest first.
    const last = history.value.find((h) => h.action === 'challenge.return');
    return last?.reason || null;
  });

  return {
    challenge,
    proposals,
    history,
    loading,
    error,
    busy,
    actions,
    accepted,
    returnReason,
    load,
    act,
    actOnProposal,
  };
}
