import { formatNumber } from "../format";
import type { PageContext } from "../page-context";

/** Headline numbers as a definition list: readable as text, laid out as tiles by CSS. */
export function Figures(props: { page: PageContext; figures: [label: string, value: number][] }) {
  return (
    <dl class="figures">
      {props.figures.map(([label, value]) => (
        <div class="figure">
          <dt>{label}</dt>
          <dd>{formatNumber(value, props.page.language)}</dd>
        </div>
      ))}
    </dl>
  );
}
