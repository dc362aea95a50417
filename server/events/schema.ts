/**
 * The real-time protocol of `GET /api/v1/ws`, as TypeBox schemas: the server validates what
 * clients send with them, the web app imports the types with `import type`, and
 * `GET /api/v1/ws/protocol` serves them as JSON Schema.
 *
 * Server → client messages carry an `event` discriminator:
 *  - `notification`: one inbox row (the inbox is the source of truth; ids grow monotonically per
 *    user, and a socket receives each id at most once, in increasing order);
 *  - `ready`: the backlog asked for with `?after=` (or a `resume` message) has been sent;
 *  - `kpi.updated`: ephemeral broadcast, refetch dashboard figures (never stored in the inbox);
 *  - `allocation.progress`: ephemeral, to the graduate-school admins of the run's university only;
 *  - `pong`, `error`.
 * Client → server messages: `resume` (same as reconnecting with `?after=`) and `ping` (browsers
 * cannot send protocol-level pings; the server pings every socket itself).
 */
import { Type, type Static, type TSchema } from 'typebox';

export const PROTOCOL_VERSION = 1;

/** Close codes the server uses; the client reconnects with `?after=<last id>` after any of them. */
export const CloseCode = {
  /** Server shutting down or restarting. */
  goingAway: 1001,
  /** The client sent something the protocol does not allow. */
  policy: 1008,
  /** The session ended (logout, expiry, revocation): sign in again before reconnecting. */
  sessionEnded: 4401,
  /** The client read too slowly; resume from the inbox with `?after=`. */
  tooSlow: 4008,
} as const;

const Id = Type.Integer({ minimum: 1, description: 'Inbox id; monotonic per user' });
const Uuid = Type.String({ format: 'uuid' });
const Text = Type.String();

// ---------------------------------------------------------------- notification payloads

export const ChallengeTransitionPayload = Type.Object({
  challengeId: Uuid,
  title: Text,
  from: Text,
  to: Text,
  reason: Text,
});
export const ProposalTransitionPayload = Type.Object({
  proposalId: Uuid,
  challengeId: Uuid,
  challengeTitle: Text,
  title: Text,
  from: Text,
  to: Text,
});
export const PoolChangedPayload = Type.Object({ mentorId: Uuid, from: Text, to: Text, reason: Text });
export const TopicTransitionPayload = Type.Object({
  topicId: Uuid,
  title: Text,
  from: Text,
  to: Text,
  reason: Text,
});

/** Why an alert fired: which profile or saved search matched, how strongly, and on which terms. */
export const AlertReason = Type.Union([
  Type.Object({
    source: Type.Literal('mentor_profile'),
    mentorId: Uuid,
    score: Type.Number({ minimum: 0, maximum: 1 }),
    threshold: Type.Number({ minimum: 0, maximum: 1 }),
    terms: Type.Array(Text, { description: 'Key terms of the posting found in the profile' }),
    evidence: Type.Optional(Text),
  }),
  Type.Object({
    source: Type.Literal('saved_search'),
    savedSearchId: Uuid,
    name: Text,
    score: Type.Number({ minimum: 0, maximum: 1 }),
    threshold: Type.Number({ minimum: 0, maximum: 1 }),
    terms: Type.Array(Text, { description: 'Key terms of the saved query found in the posting' }),
  }),
]);
export type AlertReason = Static<typeof AlertReason>;

export const AllocationFinishedPayload = Type.Object({
  runId: Uuid,
  orgId: Uuid,
  assigned: Type.Integer(),
  unmatched: Type.Integer(),
});
/**
 * To a student: the topic they were allocated (null when unmatched, with the reason); to a
 * supervisor or mentor: how many students they received.
 */
export const AllocationPublishedPayload = Type.Union([
  Type.Object({
    runId: Uuid,
    topicId: Type.Union([Uuid, Type.Null()]),
    topicTitle: Type.Union([Text, Type.Null()]),
    rank: Type.Union([Type.Integer(), Type.Null()]),
    reason: Type.Unknown(),
  }),
  Type.Object({ runId: Uuid, students: Type.Integer() }),
]);

export const ChallengeAlertPayload = Type.Object({
  challengeId: Uuid,
  title: Text,
  summary: Text,
  /** Best affinity over the reasons, in [0, 1]. */
  score: Type.Number({ minimum: 0, maximum: 1 }),
  reasons: Type.Array(AlertReason, { minItems: 1 }),
});
export const TopicAlertPayload = Type.Object({
  topicId: Uuid,
  title: Text,
  score: Type.Number({ minimum: 0, maximum: 1 }),
  reasons: Type.Array(AlertReason, { minItems: 1 }),
});

const challengeActions = [
  'submit',
  'publish',
  'return',
  'open_matching',
  'award',
  'start',
  'deliver',
  'grade',
  'close',
  'withdraw',
] as const;
const proposalTypes = ['received', 'shortlist', 'accept', 'reject', 'withdraw'] as const;
const topicActions = ['propose', 'approve', 'return', 'open', 'allocate', 'close', 'withdraw'] as const;

type Entries<K extends string, S extends TSchema> = { [P in K]: S };
const entries = <P extends string, K extends string, S extends TSchema>(
  prefix: P,
  keys: readonly K[],
  s: S,
) => Object.fromEntries(keys.map((k) => [`${prefix}.${k}`, s])) as Entries<`${P}.${K}`, S>;

/** Every notification type the services record, with its payload schema. */
export const NotificationPayloads = {
  ...entries('challenge', challengeActions, ChallengeTransitionPayload),
  ...entries('proposal', proposalTypes, ProposalTransitionPayload),
  ...entries('topic', topicActions, TopicTransitionPayload),
  'pool.changed': PoolChangedPayload,
  'allocation.finished': AllocationFinishedPayload,
  'allocation.published': AllocationPublishedPayload,
  'alert.challenge': ChallengeAlertPayload,
  'alert.topic': TopicAlertPayload,
};
export type NotificationType = keyof typeof NotificationPayloads;
export type NotificationPayload<T extends NotificationType> = Static<(typeof NotificationPayloads)[T]>;

// ---------------------------------------------------------------- server → client

/** One inbox row. `type` is one of NotificationType; narrow the payload with `isNotification`. */
export const NotificationMessage = Type.Object({
  event: Type.Literal('notification'),
  id: Id,
  type: Text,
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type NotificationMessage = Static<typeof NotificationMessage>;

export const ReadyMessage = Type.Object({
  event: Type.Literal('ready'),
  protocol: Type.Literal(PROTOCOL_VERSION),
  /** Highest inbox id delivered so far: store it and reconnect with `?after=` this value. */
  lastId: Type.Integer({ minimum: 0 }),
  /** Notifications replayed from the inbox for this resume. */
  replayed: Type.Integer({ minimum: 0 }),
});
export type ReadyMessage = Static<typeof ReadyMessage>;

export const kpiTopics = [
  'challenges',
  'proposals',
  'mentors',
  'topics',
  'students',
  'capabilities',
] as const;
export type KpiTopic = (typeof kpiTopics)[number];

export const KpiUpdatedMessage = Type.Object({
  event: Type.Literal('kpi.updated'),
  /** Which figures may have changed; refetch them over HTTP (authorisation applies there). */
  topics: Type.Array(Type.Enum([...kpiTopics])),
  at: Type.String({ format: 'date-time' }),
});
export type KpiUpdatedMessage = Static<typeof KpiUpdatedMessage>;

export const allocationProgressStates = ['running', 'succeeded', 'failed'] as const;
export type AllocationProgressState = (typeof allocationProgressStates)[number];

/** Where an allocation run stands after a committed step: what the bus and the socket carry. */
export const AllocationProgress = Type.Object({
  runId: Uuid,
  orgId: Uuid,
  state: Type.Enum([...allocationProgressStates]),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
});
export type AllocationProgress = Static<typeof AllocationProgress>;

/**
 * An allocation run was claimed, moved on, or ended. Sent to the graduate-school admins of the
 * run's university (never stored in the inbox); on `succeeded` or `failed`, refetch the run for its
 * summary or error.
 */
export const AllocationProgressMessage = Type.Object({
  event: Type.Literal('allocation.progress'),
  ...AllocationProgress.properties,
});
export type AllocationProgressMessage = Static<typeof AllocationProgressMessage>;

export const PongMessage = Type.Object({ event: Type.Literal('pong') });
export const ErrorMessage = Type.Object({ event: Type.Literal('error'), code: Text, message: Text });

export const ServerMessage = Type.Union([
  NotificationMessage,
  ReadyMessage,
  KpiUpdatedMessage,
  AllocationProgressMessage,
  PongMessage,
  ErrorMessage,
]);
export type ServerMessage = Static<typeof ServerMessage>;

// ---------------------------------------------------------------- client → server

export const ResumeMessage = Type.Object(
  { type: Type.Literal('resume'), after: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export const PingMessage = Type.Object({ type: Type.Literal('ping') }, { additionalProperties: false });
export const ClientMessage = Type.Union([ResumeMessage, PingMessage]);
export type ClientMessage = Static<typeof ClientMessage>;

/** Narrows a notification to a known type, giving its payload the right shape. */
export function isNotification<T extends NotificationType>(
  m: ServerMessage,
  type: T,
): m is NotificationMessage & { type: T; payload: NotificationPayload<T> } {
  return m.event === 'notification' && m.type === type;
}
