import type { StrengthResult } from "./options";

/** Messages between the estimator and its pool threads. */
export interface WorkerRequest {
  id: number;
  password: string;
  userInputs: string[];
}

export type WorkerReply =
  | { type: "ready" }
  | { type: "result"; id: number; result: StrengthResult }
  | { type: "failed"; id: number; message: string };
