import type { StrengthResult } from "./options";

/**
 * Messages between the estimator and its pool threads. Their cloning is not where the main
 * thread's time goes (about 20 µs an evaluation, most of it Node's own message dispatch):
 * flat arrays with feedback as numbers saved 2 µs a round trip against an echo thread and
 * nothing measurable in the pool, so they stay plain objects.
 */
export interface WorkerRequest {
  id: number;
  password: string;
  userInputs: string[];
}

export type WorkerReply =
  | { type: "ready" }
  | {
      type: "result";
      id: number;
      result: StrengthResult;
      /** Time the thread spent scoring, for the benchmark and for operators' metrics. */
      evaluationInMilliseconds: number;
    }
  | { type: "failed"; id: number; message: string };
