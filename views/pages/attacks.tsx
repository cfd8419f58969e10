import type { SourceBlock } from "../../src/defence/blocklist";
import type { MemberFromSources } from "../../src/defence/source-queries";
import type { UnderAttackState } from "../../src/defence/state";
import { AdminNav } from "../components/admin-nav";
import { BlocksSection } from "../components/attack-blocks";
import { AffectedSection, SourcesSection, type SourceView } from "../components/attack-sources";
import { type WaveSummaryView, WavesSection } from "../components/attack-waves";
import type { BlockFormValues } from "../components/block-forms";
import { CsrfField, type FieldErrors } from "../components/form";
import { MinuteChart, type MinuteChartView } from "../components/minute-chart";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AttacksView {
  hours: number;
  mode: UnderAttackState;
  chart: MinuteChartView;
  alerts: { raisedAt: Date; text: string }[];
  sources: SourceView[];
  blocks: SourceBlock[];
  affected: MemberFromSources[];
  waves: WaveSummaryView[];
}

export interface AttacksPageProps {
  page: PageContext;
  csrfToken: string;
  view: AttacksView;
  notice: string | null;
  values: BlockFormValues;
  errors: FieldErrors;
  importScriptHref: string;
  periods: readonly number[];
}

export function AttacksPage(props: AttacksPageProps) {
  const t = props.page.messages;
  const { view } = props;
  const language = props.page.language;
  return (
    <Layout page={props.page} title={t.attacksTitle}>
      <AdminNav page={props.page} />
      <h1>{t.attacksTitle}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <section aria-labelledby="mode-title">
        <h2 id="mode-title">{t.attacksModeTitle}</h2>
        <p data-under-attack={view.mode.active ? "on" : "off"}>
          {view.mode.automaticUntil && view.mode.setting === "automatic"
            ? t.attacksModeAutomaticUntil(formatDateTime(view.mode.automaticUntil, language))
            : view.mode.active
              ? t.attacksModeOn
              : t.attacksModeOff}
        </p>
        <form method="post" action="/admin/attacks/mode" class="mode-form">
          <CsrfField token={props.csrfToken} />
          <fieldset>
            <legend>{t.attacksModeSetting}</legend>
            {(
              [
                ["automatic", t.attacksModeAutomatic],
                ["on", t.attacksModeForceOn],
                ["off", t.attacksModeForceOff],
              ] as const
            ).map(([value, label]) => (
              <label class="choice">
                <input
                  type="radio"
                  name="setting"
                  value={value}
                  checked={view.mode.setting === value}
                />{" "}
                {label}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="secondary">
            {t.attacksModeSave}
          </button>
        </form>
      </section>

      <WavesSection page={props.page} waves={view.waves} />

      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t.attacksChartTitle(view.hours)}</h2>
        <nav aria-label={t.attacksChartHours} class="periods">
          {props.periods.map((hours) => (
            <a
              href={`/admin/attacks?hours=${hours}`}
              aria-current={hours === view.hours ? "page" : undefined}
            >
              {`${hours} h`}
            </a>
          ))}
        </nav>
        <MinuteChart page={props.page} chart={view.chart} title={t.attacksChartTitle(view.hours)} />
        <h3>{t.attacksAlertsTitle}</h3>
        {view.alerts.length === 0 ? (
          <p>{t.attacksAlertsNone}</p>
        ) : (
          <ul>
            {view.alerts.map((alert) => (
              <li>{`${formatDateTime(alert.raisedAt, language)}: ${alert.text}`}</li>
            ))}
          </ul>
        )}
      </section>

      <SourcesSection page={props.page} csrfToken={props.csrfToken} sources={view.sources} />
      <BlocksSection
        page={props.page}
        csrfToken={props.csrfToken}
        blocks={view.blocks}
        values={props.values}
        errors={props.errors}
        importScriptHref={props.importScriptHref}
      />
      <AffectedSection page={props.page} affected={view.affected} hours={view.hours} />
    </Layout>
  );
}
