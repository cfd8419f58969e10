import type { MinuteSeries } from "../../src/defence/minute-series";
import { formatNumber } from "../format";
import type { PageContext } from "../page-context";
import { ChartTable, foldSeries } from "./charts/chart-table";
import { TimeChart } from "./charts/time-chart";

export type MinuteChartView = MinuteSeries;

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function formatClock(time: Date, language: PageContext["language"]): string {
  let format = timeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-GB", {
      hour: "2-digit",
      minute: "2-digit",
    });
    timeFormats.set(language, format);
  }
  return format.format(time);
}

/** Sign-in attempts and failures per minute, alerts marked, with the totals printed below. */
export function MinuteChart(props: {
  page: PageContext;
  chart: MinuteChartView;
  title: string;
  id?: string;
}) {
  const t = props.page.messages;
  const { chart } = props;
  const times = chart.attempts.map((_, index) => new Date((chart.startMinute + index) * 60_000));
  return (
    <figure class="chart">
      <TimeChart
        page={props.page}
        id={props.id ?? "minute-chart"}
        title={props.title}
        times={times}
        series={[
          { className: "chart-attempts", values: chart.attempts },
          { className: "chart-failures", values: chart.failures },
        ]}
        marks={chart.alertMinutes.map((minute) => new Date(minute * 60_000))}
        formatTick={(time) => formatClock(time, props.page.language)}
      />
      <figcaption>
        <span class="legend legend-attempts">{t.attacksLegendAttempts}</span>{" "}
        <span class="legend legend-failures">{t.attacksLegendFailures}</span>{" "}
        {chart.alertMinutes.length > 0 && (
          <span class="legend legend-alert">{t.attacksLegendAlert}</span>
        )}
        <span class="chart-totals">
          {t.attacksChartTotals(
            sum(chart.attempts),
            sum(chart.failures),
            Math.max(0, ...chart.attempts),
          )}
        </span>
      </figcaption>
      <ChartTable
        id={props.id ?? "minute-chart"}
        summary={t.chartNumbers}
        headings={[t.chartPeriod, t.attacksLegendAttempts, t.attacksLegendFailures]}
        rows={foldSeries(chart.startMinute, [chart.attempts, chart.failures], 24).map((row) => [
          `${formatClock(row.start, props.page.language)}–${formatClock(row.end, props.page.language)}`,
          ...row.totals.map((total) => formatNumber(total, props.page.language)),
        ])}
      />
    </figure>
  );
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
