import { formatDateInZone } from "../format";
import type { PageContext } from "../page-context";
import { CsrfField } from "./form";

export interface ReminderPreferencesView {
  enabled: boolean;
  nextReminderAt: Date | null;
  timeZone: string;
}

/** The account page's section on rotation reminders: the state, and the member's switch. */
export function ReminderPreferences(props: {
  page: PageContext;
  csrfToken: string;
  reminders: ReminderPreferencesView;
}) {
  const t = props.page.messages;
  const { reminders } = props;
  return (
    <section aria-labelledby="reminders-heading" id="reminders">
      <h2 id="reminders-heading">{t.remindersAccountHeading}</h2>
      <p class="hint">{t.remindersAccountExplain}</p>
      <dl class="facts">
        <dt>{t.remindersAccountHeading}</dt>
        <dd data-field="reminders">
          {reminders.enabled ? t.remindersAccountOn : t.remindersAccountOff}
        </dd>
        {reminders.enabled && (
          <>
            <dt>{t.remindersAccountNext}</dt>
            <dd data-field="nextReminder">
              {reminders.nextReminderAt
                ? formatDateInZone(
                    reminders.nextReminderAt,
                    props.page.language,
                    reminders.timeZone,
                  )
                : t.remindersAccountNone}
            </dd>
          </>
        )}
      </dl>
      <form method="post" action="/account/reminders">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="reminders" value={reminders.enabled ? "off" : "on"} />
        <button type="submit" class="secondary">
          {reminders.enabled ? t.remindersAccountTurnOff : t.remindersAccountTurnOn}
        </button>
      </form>
    </section>
  );
}
