import { formatNumber } from "../format";
import type { PageContext } from "../page-context";

export interface MinuteChartView {
  /** Minutes since the epoch of the first point. */
  startMinute: number;
  attempts: number[];
  failures: number[];
  alertMinutes: number[];
}

const width = 720;
const height = 220;
const margin = { top: 12, right: 12, bottom: 28, left: 48 };

/**
 * Attempts and failures per minute as server-rendered SVG: presentation comes from classes in
 * app.css (no inline style attributes, so it passes the CSP), and the numbers are in the text.
 */
export function MinuteChart(props: { page: PageContext; chart: MinuteChartView; title: string }) {
  const t = props.page.messages;
  const { chart } = props;
  const count = chart.attempts.length;
  const peak = Math.max(1, ...chart.attempts);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (index: number) => margin.left + (count <= 1 ? 0 : (index / (count - 1)) * plotWidth);
  const y = (value: number) => margin.top + plotHeight - (value / peak) * plotHeight;
  const line = (values: number[]) =>
    values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  const hourTicks = [];
  for (let index = 0; index < count; index++) {
    if ((chart.startMinute + index) % 60 === 0) hourTicks.push(index);
  }
  const timeOf = (index: number) =>
    new Intl.DateTimeFormat(props.page.language === "ja" ? "ja-JP" : "en-GB", {
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date((chart.startMinute + index) * 60_000));
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title">
        <title id="chart-title">{props.title}</title>
        <line class="chart-axis" x1={margin.left} y1={y(0)} x2={width - margin.right} y2={y(0)} />
        <line class="chart-axis" x1={margin.left} y1={y(0)} x2={margin.left} y2={margin.top} />
        <text class="chart-label" x={margin.left - 6} y={y(peak) + 4} text-anchor="end">
          {formatNumber(peak, props.page.language)}
        </text>
        <text class="chart-label" x={margin.left - 6} y={y(0)} text-anchor="end">
          0
        </text>
        {hourTicks.map((index) => (
          <text class="chart-label" x={x(index)} y={height - 8} text-anchor="middle">
            {timeOf(index)}
          </text>
        ))}
        {chart.alertMinutes
          .filter((minute) => minute >= chart.startMinute && minute < chart.startMinute + count)
          .map((minute) => (
            <line
              class="chart-alert"
              x1={x(minute - chart.startMinute)}
              y1={margin.top}
              x2={x(minute - chart.startMinute)}
              y2={y(0)}
            />
          ))}
        <polyline class="chart-attempts" points={line(chart.attempts)} />
        <polyline class="chart-failures" points={line(chart.failures)} />
      </svg>
      <figcaption>
        <span class="legend legend-attempts">{t.attacksLegendAttempts}</span>{" "}
        <span class="legend legend-failures">{t.attacksLegendFailures}</span>{" "}
        <span class="chart-totals">
          {t.attacksChartTotals(
            sum(chart.attempts),
            sum(chart.failures),
            Math.max(0, ...chart.attempts),
          )}
        </span>
      </figcaption>
    </figure>
  );
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
