import type { SourceWindow } from "../defence/source-queries";
import {
  checkWindow,
  type InvestigationProblem,
  parseSources,
  splitSourcesText,
} from "./investigation";

/** The investigation form as typed: kept on errors, and as the query string of its links. */
export interface InvestigationFormValues {
  sources: string;
  from: string;
  to: string;
}

const dayInMilliseconds = 86_400_000;

/** The last 24 hours, to the next whole minute so that this minute's attempts are in. */
export function defaultInvestigationValues(now: Date): InvestigationFormValues {
  const to = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
  return {
    sources: "",
    from: formatFormTime(new Date(to.getTime() - dayInMilliseconds)),
    to: formatFormTime(to),
  };
}

/** A datetime-local value in UTC ("2026-11-21T09:00"), the zone the form states. */
export function formatFormTime(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/**
 * Reads "YYYY-MM-DDTHH:MM[:SS]" (datetime-local) or "YYYY-MM-DD" (date) as UTC. A bare date as
 * the end of the window means the end of that day, as a person reading "to 21 November" expects.
 */
function parseFormTime(value: string, options: { endOfDay: boolean }): Date | null {
  const text = value.trim();
  let date: Date;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    date = new Date(`${text}T00:00:00Z`);
    if (options.endOfDay) date = new Date(date.getTime() + dayInMilliseconds);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) {
    date = new Date(`${text}Z`);
  } else {
    return null;
  }
  return Number.isNaN(date.getTime()) ? null : date;
}

export function readInvestigationForm(
  values: InvestigationFormValues,
): { ok: true; window: SourceWindow } | { ok: false; problems: InvestigationProblem[] } {
  const problems: InvestigationProblem[] = [];
  const sources = parseSources(splitSourcesText(values.sources));
  if (!sources.ok) problems.push(sources.problem);
  const from = parseFormTime(values.from, { endOfDay: false });
  const to = parseFormTime(values.to, { endOfDay: true });
  if (!from) problems.push({ field: "from", code: "invalid" });
  if (!to) problems.push({ field: "to", code: "invalid" });
  const order = from && to ? checkWindow(from, to) : null;
  if (order) problems.push(order);
  if (!sources.ok || !from || !to || problems.length > 0) return { ok: false, problems };
  return { ok: true, window: { ranges: sources.ranges, from, to } };
}
