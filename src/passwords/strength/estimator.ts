import { availableParallelism } from "node:os";
import {
  defaultStrengthTuning,
  maximumUserInputLength,
  maximumUserInputs,
  readablePrefix,
  type StrengthResult,
  type StrengthTuning,
} from "./options";
import { createWorkerPool, type StrengthEvaluationTiming } from "./worker-pool";

export {
  StrengthEstimatorBusyError,
  type StrengthEvaluationTiming,
} from "./worker-pool";

export interface StrengthEstimatorOptions {
  /** Worker threads; by default one per core, at most 4. */
  threads?: number;
  /** Evaluations that may wait for a thread; past that `estimate` rejects as busy. */
  maximumQueueLength?: number;
  /** A thread that takes longer is replaced and the evaluation fails. */
  taskTimeoutInMilliseconds?: number;
  /** Each thread's V8 young generation (three times its semi-space); see worker-pool.ts. */
  youngGenerationSizeInMegabytes?: number;
  /** Linux thread priority of the threads (0 = the event loop's, 19 = lowest). */
  niceness?: number;
  tuning?: StrengthTuning;
  /** Called with each answered evaluation's timing (the benchmark reads it). */
  onEvaluated?: (timing: StrengthEvaluationTiming) => void;
}

/** zxcvbn-ts scoring off the event loop: see src/passwords/strength/options.ts for the tuning. */
export interface StrengthEstimator {
  /**
   * Scores a password (already NFKC-normalised and length-checked by input.ts) with the
   * member's own data (login ID, e-mail and its local part, names) as extra dictionary words.
   * Rejects with StrengthEstimatorBusyError when the queue is full.
   */
  estimate(password: string, userInputs: readonly string[]): Promise<StrengthResult>;
  /** Starts every thread and waits until their dictionaries are loaded (else on first use). */
  start(): Promise<void>;
  /** Stops the threads; waiting and running evaluations are rejected. */
  close(): Promise<void>;
}

export function defaultStrengthThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export function createStrengthEstimator(options: StrengthEstimatorOptions = {}): StrengthEstimator {
  const tuning = options.tuning ?? defaultStrengthTuning;
  const threads = options.threads ?? defaultStrengthThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new TypeError("threads must be at least 1");
  const pool = createWorkerPool({
    threads,
    maximumQueueLength: options.maximumQueueLength ?? 256 * threads,
    taskTimeoutInMilliseconds: options.taskTimeoutInMilliseconds ?? 5000,
    youngGenerationSizeInMegabytes: options.youngGenerationSizeInMegabytes ?? 6,
    niceness: options.niceness ?? 10,
    tuning,
    ...(options.onEvaluated ? { onEvaluated: options.onEvaluated } : {}),
  });
  return {
    estimate(password, userInputs) {
      if (typeof password !== "string") throw new TypeError("password must be a string");
      // Only what is scored crosses to the thread: a huge input costs no more than the cap.
      return pool.run(
        readablePrefix(password, tuning),
        userInputs
          .slice(0, maximumUserInputs)
          .map((input) => String(input).slice(0, maximumUserInputLength)),
      );
    },
    start: () => pool.start(),
    close: () => pool.close(),
  };
}
