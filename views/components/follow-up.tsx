import { formatDateTime, formatNumber } from "../format";
import type { PageContext } from "../page-context";
import { TimeChart } from "./charts/time-chart";
import { CsrfField } from "./form";
import { DataTable } from "./table";

const states = [
  "emailed",
  "delivered",
  "bounced",
  "linkOpened",
  "passwordSet",
  "passkeyAdded",
  "pending",
] as const;
const timedStates = ["emailed", "delivered", "linkOpened", "passwordSet", "passkeyAdded"] as const;

export interface FollowUpView {
  counts: Record<(typeof states)[number], number>;
  times: Date[];
  cumulative: Record<(typeof timedStates)[number], number[]>;
}

/**
 * The chart's points as table rows, less the ones that repeat the row before (a quiet hour is
 * one row, not twelve); the first and last always stay.
 */
function tableRows(view: FollowUpView): { time: Date; index: number }[] {
  const same = (a: number, b: number) =>
    timedStates.every((state) => view.cumulative[state][a] === view.cumulative[state][b]);
  return view.times
    .map((time, index) => ({ time, index }))
    .filter(
      ({ index }) => index === 0 || index === view.times.length - 1 || !same(index, index - 1),
    );
}

/** A job's follow-through: members per state with their lists, the same over time, and a re-send. */
export function FollowUp(props: {
  page: PageContext;
  csrfToken: string;
  jobId: number;
  view: FollowUpView;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  const { view } = props;
  const stateName = (state: string) => t.jobState[state] ?? state;
  return (
    <section aria-labelledby="follow-up" data-follow-up>
      <h2 id="follow-up">{t.jobFollowUpTitle}</h2>
      <p class="hint">{t.jobFollowUpIntro}</p>
      <DataTable headings={[t.jobStateHeading, t.jobMembersHeading, t.jobListHeading]}>
        {states.map((state) => (
          <tr data-state={state}>
            <th scope="row">{stateName(state)}</th>
            <td data-count={String(view.counts[state])}>
              {formatNumber(view.counts[state], language)}
            </td>
            <td>
              <a href={`/admin/resets/${props.jobId}/members/export?state=${state}`}>
                {t.jobDownloadState(stateName(state))}
              </a>
            </td>
          </tr>
        ))}
      </DataTable>
      <figure class="chart">
        <TimeChart
          page={props.page}
          id="follow-up-chart"
          title={t.jobChartTitle}
          times={view.times}
          series={timedStates.map((state) => ({
            className: `chart-follow-${state}`,
            values: view.cumulative[state],
          }))}
          formatTick={(time) => formatDateTime(time, language)}
        />
        <figcaption>
          {timedStates.map((state) => (
            <span class={`legend legend-follow-${state}`}>{stateName(state)} </span>
          ))}
        </figcaption>
      </figure>
      <details>
        <summary>{t.jobChartTableLabel}</summary>
        <DataTable headings={[t.jobTimeHeading, ...timedStates.map(stateName)]}>
          {tableRows(view).map(({ time, index }) => (
            <tr>
              <th scope="row">{formatDateTime(time, language)}</th>
              {timedStates.map((state) => (
                <td>{formatNumber(view.cumulative[state][index] ?? 0, language)}</td>
              ))}
            </tr>
          ))}
        </DataTable>
      </details>
      <h3>{t.jobResendTitle}</h3>
      {view.counts.pending === 0 ? (
        <p>{t.jobNothingPending}</p>
      ) : (
        <form method="post" action={`/admin/resets/${props.jobId}/resend`} data-resend>
          <p>{t.jobResendIntro(view.counts.pending)}</p>
          <CsrfField token={props.csrfToken} />
          <button type="submit">{t.jobResendButton(view.counts.pending)}</button>
        </form>
      )}
    </section>
  );
}
