// Running a planned call: on the calling thread, or as a job on the workers (made on the first call
// that needs them); when the workers cannot take it, on the calling thread after all, with the same bits.
import type { Call } from './call.js';
import { OutOfMemoryError } from './errors.js';
import { sumNow, sumSliced } from './local/sum.js';
import { createWorkers, type Workers, type WorkersOptions } from './parallel/context.js';
import { runJob } from './parallel/job.js';
import { alone, type Path } from './plan.js';
import type { Local } from './runtime.js';

/** How the workers will be made: all of WorkersOptions but what is known only once kernels load. */
export type DispatchOptions = Omit<WorkersOptions, 'module' | 'fuzz' | 'startupMs'>;

export class Dispatcher {
  readonly #options: DispatchOptions;
  /** How many sums took each path so far (for tests). */
  readonly paths: Record<Path, number> = { inline: 0, sync: 0, sliced: 0, assisted: 0, workers: 0, fallback: 0 };
  /** The engine's workers, once a call needed them. */
  workers: Workers | undefined;
  /** Tests only: the schedule fuzzer's seed, and the workers' start-up deadline (ms). */
  fuzz: number | undefined;
  startupMs: number | undefined;

  constructor(options: DispatchOptions) {
    this.#options = options;
  }

  /** The engine's workers, made now if they were not. */
  workersFor(local: Local): Workers {
    return this.workers ??= createWorkers({
      ...this.#options, module: local.module!, fuzz: this.fuzz, startupMs: this.startupMs,
    });
  }

  /** Runs `call` where its plan says, with the kernels loaded. */
  async run(local: Local, { kind, length, source, signal, plan }: Call): Promise<number | bigint> {
    let planned = plan;
    if (planned.path === 'assisted' || planned.path === 'workers') {
      if (this.workers?.pool.broken === undefined) {
        try {
          this.paths[planned.path]++;
          return await runJob(this.workersFor(local), kind, (source as { ptr: number }).ptr, length,
            { maxWorkers: planned.workers, signal, assist: planned.path === 'assisted' ? local.runner : undefined },
            kind.partials.combine);
        } catch (error) {
          // Workers that cannot start (the page's worker script refused, say), or no room left in the
          // memory for the job's block: the calling thread can still sum it, with the same bits.
          if (this.workers?.pool.broken === undefined && !(error instanceof OutOfMemoryError)) throw error;
        }
      }
      this.paths.fallback++;
      signal?.throwIfAborted();
      planned = alone(planned);
    } else {
      this.paths[planned.path]++;
    }
    if (planned.path === 'inline') return sumNow(local, kind, source, length);
    return await sumSliced(local, kind, source, length, signal);
  }
}
