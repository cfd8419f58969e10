import type { PageContext } from "../page-context";
import { CsrfField, ErrorSummary, FormActions } from "./form";

export type PolicyNumberField =
  | "ageReminderAfterDays"
  | "repeatEveryDays"
  | "maximumReminders"
  | "sendWindowStartHour"
  | "sendWindowEndHour";

export interface PolicyFormProps {
  page: PageContext;
  csrfToken: string;
  /** Where the form posts (the Settings page holds it). */
  action: string;
  values: Record<PolicyNumberField, string> & { riskReminders: boolean; ageReminders: boolean };
  errors: Partial<Record<PolicyNumberField, string>>;
  timeZone: string;
}

/** The reminder policy form: validated on the server, typed values kept on an error. */
export function ReminderPolicyForm(props: PolicyFormProps) {
  const t = props.page.messages;
  const labels: Record<PolicyNumberField, string> = {
    ageReminderAfterDays: t.adminRemindersAgeDays,
    repeatEveryDays: t.adminRemindersRepeat,
    maximumReminders: t.adminRemindersMaximum,
    sendWindowStartHour: `${t.adminRemindersWindowStart} (${props.timeZone})`,
    sendWindowEndHour: `${t.adminRemindersWindowEnd} (${props.timeZone})`,
  };
  const numberField = (name: PolicyNumberField, hint?: string) => (
    <NumberField
      name={name}
      label={labels[name]}
      value={props.values[name]}
      error={props.errors[name]}
      hint={hint}
    />
  );
  return (
    <form method="post" action={props.action} novalidate>
      <ErrorSummary title={t.errorSummary} errors={props.errors} labels={labels} />
      <CsrfField token={props.csrfToken} />
      <Checkbox
        name="riskReminders"
        label={t.adminRemindersRisk}
        checked={props.values.riskReminders}
      />
      <Checkbox
        name="ageReminders"
        label={t.adminRemindersAge}
        checked={props.values.ageReminders}
      />
      {numberField("ageReminderAfterDays")}
      {numberField("repeatEveryDays")}
      {numberField("maximumReminders")}
      {numberField("sendWindowStartHour", t.adminRemindersWindowHint)}
      {numberField("sendWindowEndHour")}
      <FormActions>
        <button type="submit">{t.adminRemindersSave}</button>
      </FormActions>
    </form>
  );
}

function Checkbox(props: { name: string; label: string; checked: boolean }) {
  return (
    <div class="checkbox">
      <input type="checkbox" id={props.name} name={props.name} checked={props.checked} />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}

function NumberField(props: {
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  hint?: string | undefined;
}) {
  const describedBy =
    [props.hint && `${props.name}-hint`, props.error && `${props.name}-error`]
      .filter(Boolean)
      .join(" ") || undefined;
  return (
    <div class={props.error ? "field field-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.name}-error`}>
          {props.error}
        </p>
      )}
      <input
        id={props.name}
        name={props.name}
        type="text"
        inputmode="numeric"
        class="short-number"
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
