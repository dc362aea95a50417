import type { Task } from 'meilisearch';
import {
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
} from 'meilisearch';
import { SearchRequestError, SearchUnavailableError } from '../engine.ts';

/** "fetch failed: ECONNREFUSED": Node's fetch hides the socket error code one cause deeper. */
function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner: unknown = cause.cause;
  const code =
    typeof inner === 'object' && inner !== null && 'code' in inner && typeof inner.code === 'string'
      ? inner.code
      : undefined;
  return code === undefined ? cause.message : `${cause.message}: ${code}`;
}

/**
 * Maps the client's errors onto the engine contract: the server being unreachable, slow or failing
 * (5xx) is SearchUnavailableError, so callers keep writes in the outbox and retry; a request the
 * server rejected (4xx, failed task) is SearchRequestError with Meilisearch's error code.
 * Anything else is a bug on our side and is rethrown unchanged.
 */
export function toSearchError(error: unknown, what: string): Error {
  if (error instanceof SearchRequestError || error instanceof SearchUnavailableError) return error;
  // The client reports a request timeout as a MeilisearchRequestError whose cause is the timeout.
  const timeout =
    error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchRequestTimeOutError
      ? error.cause
      : error;
  if (timeout instanceof MeilisearchRequestTimeOutError) {
    return new SearchUnavailableError(
      `${what}: Meilisearch did not answer within ${timeout.cause.timeout} ms`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof MeilisearchTaskTimeOutError) {
    return new SearchUnavailableError(
      `${what}: Meilisearch task ${error.cause.taskUid} did not finish within ${error.cause.timeout} ms`,
      { cause: error },
    );
  }
  if (error instanceof MeilisearchRequestError) {
    return new SearchUnavailableError(`${what}: Meilisearch is unreachable (${reasonOf(error.cause)})`, {
      cause: error,
    });
  }
  if (error instanceof MeilisearchApiError) {
    const status = error.response.status;
    if (status >= 500) {
      return new SearchUnavailableError(`${what}: Meilisearch answered ${status}: ${error.message}`, {
        cause: error,
      });
    }
    return new SearchRequestError(`${what}: ${error.message}`, error.cause?.code ?? `http_${status}`);
  }
  if (error instanceof MeilisearchError) {
    return new SearchRequestError(`${what}: ${error.message}`, 'meilisearch_client_error');
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A finished task must have succeeded; a failed or canceled one becomes a SearchRequestError. */
export function assertTaskSucceeded(task: Task, what: string): void {
  if (task.status === 'succeeded') return;
  if (task.status === 'failed') {
    throw new SearchRequestError(
      `${what}: Meilisearch task ${task.uid} failed: ${task.error?.message ?? 'no error message'}`,
      task.error?.code ?? 'task_failed',
    );
  }
  throw new SearchRequestError(
    `${what}: Meilisearch task ${task.uid} ended as ${task.status}`,
    `task_${task.status}`,
  );
}
