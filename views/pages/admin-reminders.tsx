import { AdminNav } from "../components/admin-nav";
import { Figures } from "../components/figures";
import { ScheduleChart, type ScheduleDay } from "../components/schedule-chart";
import { formatDateInZone, formatNumber } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AdminRemindersView {
  dueNow: number;
  remindedLast30Days: number;
  snoozed: number;
  unsubscribed: number;
  schedule: ScheduleDay[];
  planning: { plannedUpToMemberId: number; lastMemberId: number };
}

export function AdminRemindersPage(props: {
  page: PageContext;
  overview: AdminRemindersView;
  perMinute: number;
  timeZone: string;
}) {
  const t = props.page.messages;
  const { overview, page } = props;
  const number = (value: number) => formatNumber(value, page.language);
  const total = overview.schedule.reduce((sum, day) => sum + day.count, 0);
  const weeks = [0, 7, 14, 21].map((start) => ({
    dayStart: overview.schedule[start]?.dayStart,
    count: overview.schedule.slice(start, start + 7).reduce((sum, day) => sum + day.count, 0),
  }));
  const { plannedUpToMemberId, lastMemberId } = overview.planning;
  return (
    <Layout page={page} title={t.adminRemindersTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminRemindersTitle}</h1>
      <p class="advice">{t.adminRemindersIntro}</p>
      <Figures
        page={page}
        figures={[
          [t.adminRemindersDue, overview.dueNow],
          [t.adminRemindersSent, overview.remindedLast30Days],
          [t.adminRemindersSnoozed, overview.snoozed],
          [t.adminRemindersUnsubscribed, overview.unsubscribed],
        ]}
      />
      <p class="hint">
        {plannedUpToMemberId >= lastMemberId
          ? t.adminRemindersPlanned
          : t.adminRemindersPlanning(number(plannedUpToMemberId), number(lastMemberId))}{" "}
        {t.adminRemindersRate(number(props.perMinute), props.timeZone)}
      </p>
      <h2>{t.adminRemindersSchedule}</h2>
      <p>{t.adminRemindersScheduleSummary(number(total))}</p>
      <div class="schedule">
        <div class="table-scroll">
          <ScheduleChart
            page={page}
            days={overview.schedule}
            timeZone={props.timeZone}
            summary={t.adminRemindersScheduleSummary(number(total))}
          />
        </div>
        <table class="schedule-weeks">
          <thead>
            <tr>
              <th scope="col">{t.adminRemindersWeek}</th>
              <th scope="col">{t.adminRemindersCount}</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr>
                <td>
                  {week.dayStart
                    ? formatDateInZone(week.dayStart, page.language, props.timeZone)
                    : ""}
                </td>
                <td data-field="weekCount">{number(week.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t.adminRemindersPolicy}</h2>
      <p>
        <a href="/admin/settings#reminders">{t.settingsRemindersElsewhere}</a>
      </p>
    </Layout>
  );
}
