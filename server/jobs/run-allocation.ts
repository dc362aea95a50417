import { Worker } from 'node:worker_threads';
import type {
  AllocationInstance,
  AllocationOptions,
  AllocationResult,
} from '../../search/allocation/index.ts';

/** Runs `allocate` in a worker thread (TypeScript loaded through tsx, like the main process). */
export function runAllocationInThread(
  input: AllocationInstance,
  options: AllocationOptions,
): Promise<AllocationResult> {
  return new Promise((resolve, reject) => {
    // Node 20 resolves a worker's entry before loader hooks apply, so a small bootstrap registers tsx first.
    const entry = new URL('./allocation-thread.ts', import.meta.url).href;
    const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { input, options } });
    worker.once(
      'message',
      (m: { ok: true; result: AllocationResult } | { ok: false; name: string; message: string }) => {
        if (m.ok) resolve(m.result);
        else reject(Object.assign(new Error(m.message), { name: m.name }));
        void worker.terminate();
      },
    );
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`allocation thread exited with code ${code}`));
    });
  });
}
