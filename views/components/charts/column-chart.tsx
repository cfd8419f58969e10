import { scaleBand, scaleLinear } from "d3-scale";
import { formatNumber } from "../../format";
import type { PageContext } from "../../page-context";
import { Baseline, ChartSvg, chartWidth, type Margins, pixel } from "./frame";

export interface Column {
  label: string;
  value: number;
  /** Label this column on the axis (dense charts label every few columns). */
  labelled?: boolean;
}

const height = 200;
const margin: Margins = { top: 18, right: 8, bottom: 28, left: 8 };

/**
 * Vertical columns over ordered categories (a histogram of password ages, reminders per day).
 * Each column carries a title with its label and number for pointer and screen-reader users.
 */
export function ColumnChart(props: {
  page: PageContext;
  id: string;
  title: string;
  columns: Column[];
  /** Print each number above its column; off for dense charts, whose numbers are beside them. */
  showValues?: boolean;
}) {
  const language = props.page.language;
  const x = scaleBand<number>()
    .domain(props.columns.map((_, index) => index))
    .range([margin.left, chartWidth - margin.right])
    .padding(0.2);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...props.columns.map((column) => column.value))])
    .range([height - margin.bottom, margin.top]);
  return (
    <ChartSvg id={props.id} title={props.title} height={height}>
      {props.columns.map((column, index) => {
        const left = x(index) ?? 0;
        const centre = pixel(left + x.bandwidth() / 2);
        return (
          <g>
            <rect
              class="chart-bar"
              x={pixel(left)}
              y={pixel(y(column.value))}
              width={pixel(x.bandwidth())}
              height={pixel(y(0) - y(column.value))}
            >
              <title>{`${column.label}: ${formatNumber(column.value, language)}`}</title>
            </rect>
            {props.showValues !== false && (
              <text
                class="chart-value"
                x={centre}
                y={pixel(y(column.value) - 4)}
                text-anchor="middle"
              >
                {formatNumber(column.value, language)}
              </text>
            )}
            {column.labelled !== false && (
              <text class="chart-label" x={centre} y={height - 8} text-anchor="middle">
                {column.label}
              </text>
            )}
          </g>
        );
      })}
      <Baseline margin={margin} y={y(0)} />
    </ChartSvg>
  );
}
