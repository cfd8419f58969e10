import type { Child } from "hono/jsx";

/** A scrollable data table with column headings; rows are passed as children. */
export function DataTable(props: { headings: string[]; children: Child }) {
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            {props.headings.map((heading) => (
              <th scope="col">{heading}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/**
 * A wrapper for a table that may be wider than the screen and has nothing focusable inside:
 * keyboard users must still be able to scroll it (WCAG 2.1.1; axe scrollable-region-focusable),
 * so the region takes focus and is named for screen readers.
 */
export function ScrollRegion(props: { label: string; children: Child }) {
  return (
    <section class="table-scroll" aria-label={props.label} tabindex={0}>
      {props.children}
    </section>
  );
}
