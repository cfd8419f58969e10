import { formatDateInZone, formatNumber } from "../format";
import type { PageContext } from "../page-context";

export interface ScheduleDay {
  dayStart: Date;
  count: number;
}

const barWidth = 20;
const plotHeight = 140;
const labelHeight = 24;

/**
 * Planned reminders per day as a server-drawn SVG bar chart. It carries no style attribute or
 * script (the CSP allows neither): bars take their colour from app.css, their size from SVG
 * attributes. Each bar has a title, and the page prints the same numbers beside it.
 */
export function ScheduleChart(props: {
  page: PageContext;
  days: ScheduleDay[];
  timeZone: string;
  summary: string;
}) {
  const { days, page } = props;
  const highest = Math.max(1, ...days.map((day) => day.count));
  const width = days.length * barWidth;
  const label = (day: ScheduleDay) => formatDateInZone(day.dayStart, page.language, props.timeZone);
  return (
    <svg
      class="schedule-chart"
      viewBox={`0 0 ${width} ${plotHeight + labelHeight}`}
      width={width}
      height={plotHeight + labelHeight}
      role="img"
      aria-labelledby="schedule-title"
    >
      <title id="schedule-title">{props.summary}</title>
      <line class="chart-axis" x1={0} y1={plotHeight} x2={width} y2={plotHeight} />
      {days.map((day, index) => {
        const height = Math.round((day.count / highest) * (plotHeight - 10));
        return (
          <rect
            class="chart-bar"
            x={index * barWidth + 3}
            y={plotHeight - height}
            width={barWidth - 6}
            height={height}
          >
            <title>{`${label(day)}: ${formatNumber(day.count, page.language)}`}</title>
          </rect>
        );
      })}
      {days.map((day, index) =>
        index % 7 === 0 ? (
          <text class="chart-label" x={index * barWidth + 2} y={plotHeight + 16}>
            {label(day)}
          </text>
        ) : null,
      )}
    </svg>
  );
}
