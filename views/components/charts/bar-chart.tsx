import { scaleBand, scaleLinear } from "d3-scale";
import { formatNumber } from "../../format";
import type { PageContext } from "../../page-context";
import { Baseline, ChartSvg, chartWidth, type Margins, pixel } from "./frame";

export interface Bar {
  label: string;
  value: number;
  /** A class from app.css that colours the bar (chart-tone-ok, chart-tone-danger...). */
  tone?: string;
}

const rowHeight = 30;
const margin: Margins = { top: 4, right: 72, bottom: 4, left: 190 };

/**
 * Horizontal bars, one per category, with the number printed at the end of each bar. Scales
 * come from d3-scale; the markup is plain SVG with classes (the CSP forbids style attributes).
 */
export function BarChart(props: { page: PageContext; id: string; title: string; bars: Bar[] }) {
  const height = margin.top + margin.bottom + props.bars.length * rowHeight;
  const y = scaleBand<number>()
    .domain(props.bars.map((_, index) => index))
    .range([margin.top, height - margin.bottom])
    .padding(0.25);
  const x = scaleLinear()
    .domain([0, Math.max(1, ...props.bars.map((bar) => bar.value))])
    .range([margin.left, chartWidth - margin.right]);
  return (
    <ChartSvg id={props.id} title={props.title} height={height}>
      {props.bars.map((bar, index) => {
        const top = y(index) ?? 0;
        const middle = pixel(top + y.bandwidth() / 2);
        return (
          <g>
            <text class="chart-label" x={margin.left - 8} y={middle} dy="0.35em" text-anchor="end">
              {bar.label}
            </text>
            <rect
              class={`chart-bar ${bar.tone ?? ""}`.trim()}
              x={margin.left}
              y={pixel(top)}
              width={pixel(x(bar.value) - margin.left)}
              height={pixel(y.bandwidth())}
            />
            <text class="chart-value" x={pixel(x(bar.value) + 6)} y={middle} dy="0.35em">
              {formatNumber(bar.value, props.page.language)}
            </text>
          </g>
        );
      })}
      <line
        class="chart-axis"
        x1={margin.left}
        y1={margin.top}
        x2={margin.left}
        y2={height - margin.bottom}
      />
    </ChartSvg>
  );
}
