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
