/**
 * Runs one allocation off the main thread: HiGHS solves synchronously for seconds on large
 * cohorts, which would otherwise stall every request of the instance.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { allocate, type AllocationInstance, type AllocationOptions } from '../../search/allocation/index.ts';

const { input, options } = workerData as { input: AllocationInstance; options: AllocationOptions };
try {
  const result = await allocate(input, options);
  parentPort!.postMessage({ ok: true, result });
} catch (err) {
  parentPort!.postMessage({
    ok: false,
    name: err instanceof Error ? err.name : 'Error',
    message: err instanceof Error ? err.message : String(err),
  });
}
