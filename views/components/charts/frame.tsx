import type { Child } from "hono/jsx";

/** Shared geometry of the dashboard charts: one viewBox, scaled by CSS to the column width. */
export const chartWidth = 640;

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Rounds coordinates so the markup stays short and stable between renders. */
export function pixel(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The SVG element of every chart: an image named by its title for assistive technology, styled
 * by classes only (the CSP allows no style attribute).
 */
export function ChartSvg(props: { id: string; title: string; height: number; children: Child }) {
  return (
    <svg
      class="chart-svg"
      viewBox={`0 0 ${chartWidth} ${props.height}`}
      role="img"
      aria-labelledby={`${props.id}-title`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      {props.children}
    </svg>
  );
}

/** The horizontal base line at `y` across the plot. */
export function Baseline(props: { margin: Margins; y: number }) {
  return (
    <line
      class="chart-axis"
      x1={props.margin.left}
      y1={props.y}
      x2={chartWidth - props.margin.right}
      y2={props.y}
    />
  );
}
