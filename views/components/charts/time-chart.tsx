import { scaleLinear, scaleTime } from "d3-scale";
import { area, line } from "d3-shape";
import { formatNumber } from "../../format";
import type { PageContext } from "../../page-context";
import { Baseline, ChartSvg, chartWidth, type Margins, pixel } from "./frame";

export interface TimeSeries {
  /** A class from app.css that draws this line (chart-attempts, chart-failures...). */
  className: string;
  values: number[];
}

export interface TimeChartProps {
  page: PageContext;
  id: string;
  title: string;
  /** The time of each point; every series has one value per time. */
  times: Date[];
  series: TimeSeries[];
  /** Moments to mark with a vertical rule, such as alerts. */
  marks?: Date[];
  /** Fill under the first series. */
  filled?: boolean;
  formatTick: (time: Date) => string;
}

const height = 220;
const margin: Margins = { top: 12, right: 16, bottom: 28, left: 56 };

/** Values over time as lines (d3-scale for the axes, d3-shape for the paths). */
export function TimeChart(props: TimeChartProps) {
  const language = props.page.language;
  const first = props.times[0] ?? new Date(0);
  const last = props.times.at(-1) ?? first;
  const x = scaleTime()
    .domain([first, last])
    .range([margin.left, chartWidth - margin.right]);
  const peak = Math.max(1, ...props.series.flatMap((series) => series.values));
  const y = scaleLinear()
    .domain([0, peak])
    .nice(4)
    .range([height - margin.bottom, margin.top]);
  const at = (index: number) => pixel(x(props.times[index] ?? first));
  const path = line<number>()
    .x((_, index) => at(index))
    .y((value) => pixel(y(value)));
  const fill = area<number>()
    .x((_, index) => at(index))
    .y0(y(0))
    .y1((value) => pixel(y(value)));
  const [start, end] = x.domain() as [Date, Date];
  const marks = (props.marks ?? []).filter((mark) => mark >= start && mark <= end);
  return (
    <ChartSvg id={props.id} title={props.title} height={height}>
      {/* Every series counts something: a tick at 0.5 would be a number nobody can have. */}
      {y
        .ticks(4)
        .filter(Number.isInteger)
        .map((tick) => (
          <g>
            <line
              class="chart-grid"
              x1={margin.left}
              y1={pixel(y(tick))}
              x2={chartWidth - margin.right}
              y2={pixel(y(tick))}
            />
            <text
              class="chart-label"
              x={margin.left - 6}
              y={pixel(y(tick))}
              dy="0.35em"
              text-anchor="end"
            >
              {formatNumber(tick, language)}
            </text>
          </g>
        ))}
      {x.ticks(6).map((tick) => (
        <text class="chart-label" x={pixel(x(tick))} y={height - 8} text-anchor="middle">
          {props.formatTick(tick)}
        </text>
      ))}
      {props.filled && props.series[0] && (
        <path
          class={`chart-area ${props.series[0].className}`}
          d={fill(props.series[0].values) ?? ""}
        />
      )}
      {props.series.map((series) => (
        <path class={`chart-line ${series.className}`} d={path(series.values) ?? ""} />
      ))}
      {marks.map((mark) => (
        <line
          class="chart-alert"
          x1={pixel(x(mark))}
          y1={margin.top}
          x2={pixel(x(mark))}
          y2={height - margin.bottom}
        >
          <title>{props.formatTick(mark)}</title>
        </line>
      ))}
      <Baseline margin={margin} y={y(0)} />
    </ChartSvg>
  );
}
