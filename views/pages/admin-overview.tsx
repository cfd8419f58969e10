import type { Dashboard } from "../../src/admin/dashboard";
import type { AgeBucket, HealthBucket } from "../../src/passwords/aggregates";
import { AdminNav } from "../components/admin-nav";
import { BarChart } from "../components/charts/bar-chart";
import { ChartTable } from "../components/charts/chart-table";
import { ColumnChart } from "../components/charts/column-chart";
import { TimeChart } from "../components/charts/time-chart";
import { Figures } from "../components/figures";
import { MinuteChart } from "../components/minute-chart";
import { DataTable } from "../components/table";
import { formatDateTime, formatMonthDay, formatNumber, formatTimeAgo } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";
import { statusLabel } from "./admin-resets";

type Messages = PageContext["messages"];

const healthRows: [HealthBucket, (t: Messages) => string, string][] = [
  ["ok", (t) => t.adminHealthOk, "chart-tone-ok"],
  ["weak", (t) => t.adminHealthWeak, "chart-tone-warn"],
  ["similar", (t) => t.adminHealthSimilar, "chart-tone-warn"],
  ["breached", (t) => t.adminHealthBreached, "chart-tone-danger"],
  ["unchecked", (t) => t.adminHealthUnchecked, "chart-tone-muted"],
  ["passwordless", (t) => t.adminHealthPasswordless, "chart-tone-ok"],
];

const ageRows: [AgeBucket, (t: Messages) => string][] = [
  ["under-30-days", (t) => t.dashboardAgeUnder30],
  ["30-to-90-days", (t) => t.dashboardAge30To90],
  ["90-to-180-days", (t) => t.dashboardAge90To180],
  ["180-to-365-days", (t) => t.dashboardAge180To365],
  ["1-to-2-years", (t) => t.dashboardAge1To2],
  ["over-2-years", (t) => t.dashboardAgeOver2],
];

/** The operator's overview: every chart is server-drawn SVG with its numbers beside it. */
export function AdminOverviewPage(props: { page: PageContext; dashboard: Dashboard }) {
  const t = props.page.messages;
  const { page, dashboard } = props;
  const language = page.language;
  const figures = dashboard.census?.figures;
  return (
    <Layout page={page} title={t.adminTitle}>
      <AdminNav page={page} />
      <h1>{t.adminTitle}</h1>
      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title">{t.dashboardAlertsTitle}</h2>
        {dashboard.alerts.length === 0 ? (
          <p>{t.dashboardAlertsNone}</p>
        ) : (
          <ul class="dashboard-alerts">
            {dashboard.alerts.map((alert) => (
              <li>
                <time datetime={alert.raisedAt.toISOString()}>
                  {formatDateTime(alert.raisedAt, language)}
                </time>{" "}
                {alert.text}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/admin/attacks">{t.adminAttacksLink}</a>
        </p>
      </section>

      {dashboard.census && figures ? (
        <p class="hint" data-figures={dashboard.figuresSource}>
          {dashboard.figuresSource === "live"
            ? t.dashboardLive
            : t.dashboardAsOfAge(
                formatDateTime(dashboard.census.startedAt, language),
                formatTimeAgo(dashboard.census.startedAt, dashboard.now, language),
              )}
        </p>
      ) : (
        <p class="notice" role="status">
          {t.dashboardCounting(
            formatNumber(dashboard.counting?.countedThroughId ?? 0, language),
            formatNumber(dashboard.counting?.lastMemberId ?? 0, language),
          )}
        </p>
      )}
      <Figures
        page={page}
        figures={[
          [t.adminMembers, figures?.members ?? 0],
          [t.adminAdministrators, figures?.administrators ?? 0],
          [t.adminActiveSessions, dashboard.activeSessions],
          [t.adminUnverifiedEmails, figures?.unverifiedEmails ?? 0],
          [t.dashboardResetRequired, figures?.resetRequired ?? 0],
          [t.dashboardPasskeyMembers, figures?.passkeyMembers ?? 0],
        ]}
      />

      {figures && <MemberCharts page={page} dashboard={dashboard} />}

      <section aria-labelledby="sign-ins-title">
        <h2 id="sign-ins-title">{t.dashboardSignInsTitle}</h2>
        <MinuteChart
          page={page}
          id="sign-ins-chart"
          chart={dashboard.signIns}
          title={t.dashboardSignInsChart}
        />
      </section>

      <WorkSection page={page} dashboard={dashboard} />

      <h2>{t.adminRecentMembers}</h2>
      <DataTable headings={[t.accountLoginId, t.adminCreatedAt]}>
        {dashboard.newestMembers.map((member) => (
          <tr>
            <td>
              {member.loginId}
              {member.role === "admin" && <span class="badge">{t.navAdmin}</span>}
            </td>
            <td>{formatDateTime(member.createdAt, language)}</td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}

function MemberCharts(props: { page: PageContext; dashboard: Dashboard }) {
  const t = props.page.messages;
  const language = props.page.language;
  const figures = props.dashboard.census?.figures;
  if (!figures) return null;
  const health = healthRows.map(([bucket, label, tone]) => ({
    label: label(t),
    value: figures.health[bucket],
    tone,
  }));
  const ages = ageRows.map(([bucket, label]) => ({ label: label(t), value: figures.age[bucket] }));
  const adoption = props.dashboard.adoption;
  const latest = adoption.at(-1)?.members ?? 0;
  const previous = adoption.at(-2)?.members ?? 0;
  const share = figures.members === 0 ? 0 : figures.passkeyMembers / figures.members;
  return (
    <>
      <section aria-labelledby="health-title" class="dashboard-panel">
        <h2 id="health-title">{t.adminHealthTitle}</h2>
        <BarChart
          page={props.page}
          id="health-chart"
          title={t.dashboardHealthChart(figures.health.ok, figures.members)}
          bars={health}
        />
        <Figures page={props.page} figures={health.map((bar) => [bar.label, bar.value])} />
      </section>
      <section aria-labelledby="age-title" class="dashboard-panel">
        <h2 id="age-title">{t.adminAgeTitle}</h2>
        <ColumnChart page={props.page} id="age-chart" title={t.dashboardAgeChart} columns={ages} />
        <Figures page={props.page} figures={ages.map((column) => [column.label, column.value])} />
      </section>
      <section aria-labelledby="adoption-title" class="dashboard-panel">
        <h2 id="adoption-title">{t.dashboardAdoptionTitle}</h2>
        <TimeChart
          page={props.page}
          id="adoption-chart"
          title={t.dashboardAdoptionChart(adoption.length)}
          times={adoption.map((point) => point.weekStart)}
          series={[{ className: "chart-adoption", values: adoption.map((point) => point.members) }]}
          filled
          formatTick={(time) => formatMonthDay(time, language)}
        />
        <dl class="figures">
          <div class="figure">
            <dt>{t.dashboardPasskeyMembers}</dt>
            <dd>{formatNumber(figures.passkeyMembers, language)}</dd>
          </div>
          <div class="figure">
            <dt>{t.dashboardAdoptionShare}</dt>
            <dd>
              {new Intl.NumberFormat(language === "ja" ? "ja-JP" : "en-GB", {
                style: "percent",
                maximumFractionDigits: 1,
              }).format(share)}
            </dd>
          </div>
          <div class="figure">
            <dt>{t.dashboardAdoptionThisWeek}</dt>
            <dd>{formatNumber(latest - previous, language)}</dd>
          </div>
        </dl>
        <ChartTable
          id="adoption-chart"
          summary={t.chartNumbers}
          headings={[t.chartWeekStarting, t.dashboardPasskeyMembers]}
          rows={adoption.map((point) => [
            formatMonthDay(point.weekStart, language),
            formatNumber(point.members, language),
          ])}
        />
        <p class="hint">{t.dashboardAdoptionNote}</p>
      </section>
    </>
  );
}

function WorkSection(props: { page: PageContext; dashboard: Dashboard }) {
  const t = props.page.messages;
  const language = props.page.language;
  const { jobs, outbox, recentJobs } = props.dashboard;
  const bars = [
    { label: t.dashboardJobsRunning, value: jobs.preparing + jobs.pending + jobs.running },
    { label: t.dashboardJobsCompleted, value: jobs.completed, tone: "chart-tone-ok" },
    { label: t.dashboardOutboxPending, value: outbox.pending },
    { label: t.dashboardOutboxSending, value: outbox.sending },
    { label: t.dashboardOutboxFailed, value: outbox.failed, tone: "chart-tone-danger" },
  ];
  return (
    <section aria-labelledby="work-title" class="dashboard-panel">
      <h2 id="work-title">{t.dashboardWorkTitle}</h2>
      <BarChart page={props.page} id="work-chart" title={t.dashboardWorkTitle} bars={bars} />
      <Figures page={props.page} figures={bars.map((bar) => [bar.label, bar.value])} />
      <h3>{t.dashboardRecentJobs}</h3>
      {recentJobs.length === 0 ? (
        <p>{t.dashboardJobsNone}</p>
      ) : (
        <DataTable
          headings={[
            t.dashboardJobColumnId,
            t.dashboardJobColumnReason,
            t.dashboardJobColumnStatus,
            t.dashboardJobColumnProgress,
          ]}
        >
          {recentJobs.map((job) => (
            <tr>
              <td>
                <a href={`/admin/resets/${job.id}`}>#{job.id}</a>
              </td>
              <td>{job.reason}</td>
              <td>{statusLabel(props.page, job)}</td>
              <td>
                {t.dashboardJobProgress(
                  formatNumber(job.processed, language),
                  formatNumber(job.total, language),
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
