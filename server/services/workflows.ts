import { defineMachine } from './state-machine.ts';
import type { challengeStates, poolStates, proposalStates, topicStates } from '../../db/schema/enums.ts';

type ChallengeState = (typeof challengeStates)[number];
type PoolState = (typeof poolStates)[number];
type ProposalState = (typeof proposalStates)[number];
type TopicState = (typeof topicStates)[number];

/** 企业出题 → 审核 → 发布 → 对接 → 立项 → 实施 → 交付 → 阅卷 → 结题. */
export const challengeMachine = defineMachine<
  ChallengeState,
  | 'submit'
  | 'publish'
  | 'return'
  | 'open_matching'
  | 'award'
  | 'start'
  | 'deliver'
  | 'grade'
  | 'close'
  | 'withdraw'
>({
  entity: 'challenge',
  transitions: {
    submit: { from: ['draft', 'returned'], to: 'submitted' },
    publish: { from: ['submitted'], to: 'published' },
    return: { from: ['submitted'], to: 'returned' },
    open_matching: { from: ['published'], to: 'matching' },
    award: { from: ['matching'], to: 'awarded' },
    start: { from: ['awarded'], to: 'in_progress' },
    deliver: { from: ['in_progress'], to: 'delivered' },
    grade: { from: ['delivered'], to: 'graded' },
    close: { from: ['graded'], to: 'closed' },
    withdraw: { from: ['draft', 'submitted', 'returned', 'published', 'matching'], to: 'withdrawn' },
  },
});
export type ChallengeAction = keyof typeof challengeMachine.transitions;

/** Shared mentor pool: entry after vetting, suspension, exit and re-entry. */
export const poolMachine = defineMachine<
  PoolState,
  'approve' | 'reject' | 'suspend' | 'reinstate' | 'exit' | 'reapply'
>({
  entity: 'pool membership',
  transitions: {
    approve: { from: ['applied'], to: 'active' },
    reject: { from: ['applied'], to: 'exited' },
    suspend: { from: ['active'], to: 'suspended' },
    reinstate: { from: ['suspended'], to: 'active' },
    exit: { from: ['active', 'suspended'], to: 'exited' },
    reapply: { from: ['exited'], to: 'applied' },
  },
});
export type PoolAction = keyof typeof poolMachine.transitions;

export const proposalMachine = defineMachine<
  ProposalState,
  'submit' | 'shortlist' | 'accept' | 'reject' | 'withdraw'
>({
  entity: 'proposal',
  transitions: {
    submit: { from: ['draft'], to: 'submitted' },
    shortlist: { from: ['submitted'], to: 'shortlisted' },
    accept: { from: ['submitted', 'shortlisted'], to: 'accepted' },
    reject: { from: ['submitted', 'shortlisted'], to: 'rejected' },
    withdraw: { from: ['draft', 'submitted', 'shortlisted'], to: 'withdrawn' },
  },
});
export type ProposalAction = keyof typeof proposalMachine.transitions;

export const topicMachine = defineMachine<
  TopicState,
  'propose' | 'approve' | 'return' | 'open' | 'allocate' | 'close' | 'withdraw'
>({
  entity: 'thesis topic',
  transitions: {
    propose: { from: ['draft', 'returned'], to: 'proposed' },
    approve: { from: ['proposed'], to: 'approved' },
    return: { from: ['proposed'], to: 'returned' },
    open: { from: ['approved'], to: 'open' },
    allocate: { from: ['open'], to: 'allocated' },
    close: { from: ['allocated', 'open'], to: 'closed' },
    withdraw: { from: ['draft', 'proposed', 'returned', 'approved', 'open'], to: 'withdrawn' },
  },
});
export type TopicAction = keyof typeof topicMachine.transitions;
