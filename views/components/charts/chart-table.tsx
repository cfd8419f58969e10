/**
 * The numbers behind a time chart as a table, folded under a disclosure so it is there for
 * screen readers and for reading exact values, but not a second copy of the page.
 */
export function ChartTable(props: {
  id: string;
  summary: string;
  headings: string[];
  rows: (string | number)[][];
}) {
  return (
    <details class="chart-table" data-chart-table={props.id}>
      <summary>{props.summary}</summary>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              {props.headings.map((heading) => (
                <th scope="col">{heading}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map(([first, ...rest]) => (
              <tr>
                <th scope="row">{first}</th>
                {rest.map((cell) => (
                  <td>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Folds a per-minute series into at most `maximumRows` equal periods, for a readable table. */
export function foldSeries(
  startMinute: number,
  seriesList: number[][],
  maximumRows: number,
): { start: Date; end: Date; totals: number[] }[] {
  const length = seriesList[0]?.length ?? 0;
  const size = Math.max(1, Math.ceil(length / maximumRows));
  const rows: { start: Date; end: Date; totals: number[] }[] = [];
  for (let offset = 0; offset < length; offset += size) {
    const end = Math.min(length, offset + size);
    rows.push({
      start: new Date((startMinute + offset) * 60_000),
      end: new Date((startMinute + end) * 60_000),
      totals: seriesList.map((series) =>
        series.slice(offset, end).reduce((total, value) => total + value, 0),
      ),
    });
  }
  return rows;
}
