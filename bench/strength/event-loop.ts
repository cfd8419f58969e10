import { createHook } from "node:async_hooks";
import {
  createHistogram,
  type IntervalHistogram,
  monitorEventLoopDelay,
  type RecordableHistogram,
} from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { threadCpuMilliseconds } from "./stats";

interface Phase {
  /** Each spell's monitorEventLoopDelay: p99 and max (one histogram per spell, see below). */
  spells: { p99: number; max: number }[];
  /** How late each tick of a 1 ms timer came, in ns. */
  timerLateness: RecordableHistogram;
  longestCallback: number;
}

export interface EventLoopReport {
  /** Completion time of each evaluation, from the start of its burst. */
  completions: number[];
  busy: string;
  idle: string;
  mainThreadCpuPerEvaluationInMicroseconds: number;
}

/**
 * The main thread's event loop while bursts of evaluations are in flight, each burst followed
 * by an idle spell as long as it took, so that the busy and the idle figures see the same
 * machine: on a shared machine the loop is also held up by other processes taking the cores,
 * which the idle figures show. Three views of a stall: monitorEventLoopDelay (perf_hooks; a
 * fresh histogram per spell, since one disabled and enabled again counts the pause as a
 * delay), how late a 1 ms timer's ticks came, and, with `traceCallbacks`, the longest single callback the
 * main thread ran (async_hooks), which is the longest the loop was held by this process's own
 * code; tracing slows promises, so the CPU figure comes from an untraced run.
 */
export async function measureEventLoop(options: {
  rounds: number;
  traceCallbacks: boolean;
  burst: (round: number) => Promise<number[]>;
}): Promise<EventLoopReport> {
  const newPhase = (): Phase => ({
    spells: [],
    timerLateness: createHistogram(),
    longestCallback: 0,
  });
  const phases = { busy: newPhase(), idle: newPhase() };
  let current: Phase = phases.idle;
  let spell: IntervalHistogram | null = null;
  const enter = (phase: Phase | null) => {
    if (spell) {
      spell.disable();
      current.spells.push({ p99: spell.percentile(99), max: spell.max });
    }
    spell = phase ? monitorEventLoopDelay({ resolution: 1 }) : null;
    spell?.enable();
    if (phase) current = phase;
  };
  let lastTick = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    current.timerLateness.record(Math.max(1, Math.round((now - lastTick - 1) * 1e6)));
    lastTick = now;
  }, 1);
  let depth = 0;
  let callbackStartedAt = 0;
  const hook = createHook({
    before() {
      if (depth++ === 0) callbackStartedAt = performance.now();
    },
    after() {
      if (--depth === 0) {
        current.longestCallback = Math.max(
          current.longestCallback,
          performance.now() - callbackStartedAt,
        );
      }
    },
  });
  if (options.traceCallbacks) hook.enable();
  const completions: number[] = [];
  let cpuInBursts = 0;
  for (let round = 0; round < options.rounds; round += 1) {
    enter(phases.busy);
    const startedAt = performance.now();
    const cpuBefore = threadCpuMilliseconds();
    completions.push(...(await options.burst(round)));
    cpuInBursts += threadCpuMilliseconds() - cpuBefore;
    const took = performance.now() - startedAt;
    enter(phases.idle);
    await sleep(took);
  }
  hook.disable();
  enter(null);
  clearInterval(probe);
  const describe = (phase: Phase) => {
    const ms = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(2);
    const p99s = phase.spells.map((one) => one.p99).sort((a, b) => a - b);
    const maxima = phase.spells.map((one) => one.max);
    const over10 = maxima.filter((max) => max > 10e6).length;
    return (
      `monitorEventLoopDelay (its 1 ms intervals) max ${ms(Math.max(...maxima))} ms, median spell's p99 ` +
      `${ms(p99s[p99s.length >> 1] ?? 0)} ms, spells with a delay > 10 ms ${over10} of ` +
      `${maxima.length}; 1 ms timer late p99 ${ms(phase.timerLateness.percentile(99))} ms, ` +
      `max ${ms(phase.timerLateness.max)} ms` +
      (options.traceCallbacks
        ? `; longest single callback ${phase.longestCallback.toFixed(2)} ms`
        : "")
    );
  };
  return {
    completions,
    busy: describe(phases.busy),
    idle: describe(phases.idle),
    mainThreadCpuPerEvaluationInMicroseconds: (1000 * cpuInBursts) / completions.length,
  };
}
