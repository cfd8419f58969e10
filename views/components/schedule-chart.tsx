import { formatDateInZone } from "../format";
import type { PageContext } from "../page-context";
import { ColumnChart } from "./charts/column-chart";

export interface ScheduleDay {
  dayStart: Date;
  count: number;
}

/**
 * Planned reminders per day: a column per day, labelled weekly; every column carries its
 * date and number as a title, and the page prints the same numbers beside the chart.
 */
export function ScheduleChart(props: {
  page: PageContext;
  days: ScheduleDay[];
  timeZone: string;
  summary: string;
}) {
  return (
    <ColumnChart
      page={props.page}
      id="schedule-chart"
      title={props.summary}
      showValues={false}
      columns={props.days.map((day, index) => ({
        label: formatDateInZone(day.dayStart, props.page.language, props.timeZone),
        value: day.count,
        labelled: index % 7 === 0,
      }))}
    />
  );
}
