import type { SourceBlock } from "../../src/defence/blocklist";
import type { MemberFromSources } from "../../src/defence/source-queries";
import type { UnderAttackState } from "../../src/defence/state";
import { BlockForms, type BlockFormValues } from "../components/block-forms";
import { CsrfField, type FieldErrors } from "../components/form";
import { MinuteChart, type MinuteChartView } from "../components/minute-chart";
import { formatDateTime, formatNumber } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AttacksView {
  hours: number;
  mode: UnderAttackState;
  chart: MinuteChartView;
  alerts: { raisedAt: Date; text: string }[];
  sources: {
    ipAddress: string;
    attempts: number;
    distinctAccounts: number;
    successRate: number | null;
    emailShare: number;
    lastAttemptAt: Date;
    blocked: boolean;
  }[];
  blocks: SourceBlock[];
  affected: MemberFromSources[];
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

const percent = (ratio: number | null) => (ratio === null ? "—" : `${Math.round(ratio * 100)}%`);

export function AttacksPage(props: AttacksPageProps) {
  const t = props.page.messages;
  const { view } = props;
  const language = props.page.language;
  const origins = {
    manual: t.attacksOriginManual,
    import: t.attacksOriginImport,
    automatic: t.attacksOriginAutomatic,
  };
  return (
    <Layout page={props.page} title={t.attacksTitle}>
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

      <section aria-labelledby="sources-title">
        <h2 id="sources-title">{t.attacksSourcesTitle}</h2>
        {view.sources.length === 0 ? (
          <p>{t.attacksSourcesNone}</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.attacksSource}</th>
                  <th scope="col">{t.attacksDistinctAccounts}</th>
                  <th scope="col">{t.attacksAttempts}</th>
                  <th scope="col">{t.attacksSuccessRate}</th>
                  <th scope="col">{t.attacksEmailShare}</th>
                  <th scope="col">{t.attacksLastSeen}</th>
                  <th scope="col">{t.sessionsActions}</th>
                </tr>
              </thead>
              <tbody>
                {view.sources.map((source) => (
                  <tr>
                    <td>{source.ipAddress}</td>
                    <td>{formatNumber(source.distinctAccounts, language)}</td>
                    <td>{formatNumber(source.attempts, language)}</td>
                    <td>{percent(source.successRate)}</td>
                    <td>{percent(source.emailShare)}</td>
                    <td>{formatDateTime(source.lastAttemptAt, language)}</td>
                    <td>
                      {source.blocked ? (
                        <span class="badge warn">{t.attacksBlocked}</span>
                      ) : (
                        <form method="post" action="/admin/attacks/blocks" class="inline-form">
                          <CsrfField token={props.csrfToken} />
                          <input type="hidden" name="cidr" value={source.ipAddress} />
                          <input type="hidden" name="reason" value={t.attacksSourcesTitle} />
                          <button type="submit" class="secondary">
                            {t.attacksBlockSource}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="blocks-title">
        <h2 id="blocks-title">{t.attacksBlocksTitle}</h2>
        {view.blocks.length === 0 ? (
          <p>{t.attacksBlocksNone}</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.attacksBlockCidr}</th>
                  <th scope="col">{t.attacksBlockReason}</th>
                  <th scope="col">{t.attacksBlockOrigin}</th>
                  <th scope="col">{t.attacksBlockExpires}</th>
                  <th scope="col">{t.attacksBlockHits}</th>
                  <th scope="col">{t.sessionsActions}</th>
                </tr>
              </thead>
              <tbody>
                {view.blocks.map((block) => (
                  <tr>
                    <td>{block.cidr}</td>
                    <td>{block.reason}</td>
                    <td>{origins[block.origin]}</td>
                    <td>
                      {block.expiresAt
                        ? formatDateTime(block.expiresAt, language)
                        : t.attacksBlockNever}
                    </td>
                    <td>{formatNumber(block.hits, language)}</td>
                    <td>
                      <form method="post" action="/admin/attacks/blocks/remove" class="inline-form">
                        <CsrfField token={props.csrfToken} />
                        <input type="hidden" name="blockId" value={String(block.id)} />
                        <button type="submit" class="secondary">
                          {t.attacksBlockRemove}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <BlockForms
          page={props.page}
          csrfToken={props.csrfToken}
          values={props.values}
          errors={props.errors}
          importScriptHref={props.importScriptHref}
        />
      </section>

      <section aria-labelledby="affected-title">
        <h2 id="affected-title">{t.attacksAffectedTitle}</h2>
        <p>{t.attacksAffectedIntro}</p>
        {view.affected.length === 0 ? (
          <p>{t.attacksAffectedNone}</p>
        ) : (
          <>
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.accountLoginId}</th>
                    <th scope="col">{t.accountEmail}</th>
                    <th scope="col">{t.attacksSuccesses}</th>
                    <th scope="col">{t.attacksLastSuccess}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.affected.map((member) => (
                    <tr>
                      <td>{member.loginId}</td>
                      <td>{member.email}</td>
                      <td>{formatNumber(member.successes, language)}</td>
                      <td>
                        {member.lastSuccessAt
                          ? formatDateTime(member.lastSuccessAt, language)
                          : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              <a
                class="button secondary"
                href={`/admin/attacks/affected/export?hours=${view.hours}`}
              >
                {t.attacksExportCsv}
              </a>
            </p>
          </>
        )}
      </section>
    </Layout>
  );
}
