import type { Messages } from "../i18n";
import { type ReminderPolicy, reminderPolicyLimits } from "./policy";

type NumberField = keyof typeof reminderPolicyLimits;

/** The policy form as typed: numbers stay text so a bad value is shown back as it was. */
export interface ReminderPolicyFormValues extends Record<NumberField, string> {
  riskReminders: boolean;
  ageReminders: boolean;
}

export type ReminderPolicyFormErrors = Partial<Record<NumberField, string>>;

const numberFields = Object.keys(reminderPolicyLimits) as NumberField[];

export function formValuesOf(policy: ReminderPolicy): ReminderPolicyFormValues {
  return {
    riskReminders: policy.riskReminders,
    ageReminders: policy.ageReminderAfterDays !== null,
    ageReminderAfterDays: String(policy.ageReminderAfterDays ?? 365),
    repeatEveryDays: String(policy.repeatEveryDays),
    maximumReminders: String(policy.maximumReminders),
    sendWindowStartHour: String(policy.sendWindowStartHour),
    sendWindowEndHour: String(policy.sendWindowEndHour),
  };
}

/** Checks every field against its bounds; the window may not start and end at the same hour. */
export function validateReminderPolicyForm(
  field: (name: string) => string,
  messages: Messages,
):
  | { ok: true; policy: ReminderPolicy }
  | { ok: false; values: ReminderPolicyFormValues; errors: ReminderPolicyFormErrors } {
  const values = {
    riskReminders: field("riskReminders") === "on",
    ageReminders: field("ageReminders") === "on",
  } as ReminderPolicyFormValues;
  const numbers = {} as Record<NumberField, number>;
  const errors: ReminderPolicyFormErrors = {};
  for (const name of numberFields) {
    values[name] = field(name).trim().slice(0, 12);
    const [minimum, maximum] = reminderPolicyLimits[name];
    const number = /^[0-9]+$/.test(values[name]) ? Number(values[name]) : Number.NaN;
    if (number >= minimum && number <= maximum) numbers[name] = number;
    else errors[name] = messages.adminRemindersErrorNumber(minimum, maximum);
  }
  if (
    !errors.sendWindowStartHour &&
    !errors.sendWindowEndHour &&
    numbers.sendWindowStartHour % 24 === numbers.sendWindowEndHour % 24 &&
    !(numbers.sendWindowStartHour === 0 && numbers.sendWindowEndHour === 24)
  ) {
    errors.sendWindowEndHour = messages.adminRemindersErrorWindow;
  }
  // The age threshold only matters when age reminders are on.
  if (!values.ageReminders) delete errors.ageReminderAfterDays;
  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  return {
    ok: true,
    policy: {
      riskReminders: values.riskReminders,
      ageReminderAfterDays: values.ageReminders ? numbers.ageReminderAfterDays : null,
      repeatEveryDays: numbers.repeatEveryDays,
      maximumReminders: numbers.maximumReminders,
      sendWindowStartHour: numbers.sendWindowStartHour,
      sendWindowEndHour: numbers.sendWindowEndHour,
    },
  };
}
