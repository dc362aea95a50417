import { InvalidTransitionError } from '../errors.ts';

/**
 * A workflow as data: each action lists the states it may start from and the state it leads to.
 * Services call `next()`; a refused transition is a 409 with code `invalid_transition`.
 */
export interface Machine<S extends string, A extends string> {
  entity: string;
  transitions: Record<A, { from: readonly S[]; to: S }>;
}

export function defineMachine<S extends string, A extends string>(m: Machine<S, A>): Machine<S, A> {
  return m;
}

export function next<S extends string, A extends string>(m: Machine<S, A>, from: S, action: A): S {
  const t = m.transitions[action];
  if (!t || !t.from.includes(from)) throw new InvalidTransitionError(m.entity, from, action);
  return t.to;
}

export function actionsFrom<S extends string, A extends string>(m: Machine<S, A>, from: S): A[] {
  return (Object.keys(m.transitions) as A[]).filter((a) => m.transitions[a].from.includes(from));
}
