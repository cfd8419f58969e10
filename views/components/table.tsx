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
