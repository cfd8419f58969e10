import { Hono } from "hono";
import { AdminRemindersPage } from "../../views/pages/admin-reminders";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { loadReminderPolicy, saveReminderPolicy } from "./policy";
import {
  formValuesOf,
  type ReminderPolicyFormErrors,
  type ReminderPolicyFormValues,
  validateReminderPolicyForm,
} from "./policy-form";
import { summarizeReminders } from "./summary";

const scheduleDays = 28;

/** The operator's view of rotation reminders: the policy, the figures and the schedule. */
export function adminReminderRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/reminders", requireAdministrator(deps));

  const render = async (
    c: AppContext,
    form: { values: ReminderPolicyFormValues; errors: ReminderPolicyFormErrors },
    notice: string | null,
  ) =>
    c.html(
      <AdminRemindersPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        notice={notice}
        values={form.values}
        errors={form.errors}
        overview={await summarizeReminders(deps, { days: scheduleDays })}
        timeZone={deps.config.timeZone}
        perMinute={deps.config.reminders.perMinute}
      />,
      Object.keys(form.errors).length > 0 ? 400 : 200,
    );

  app.get("/admin/reminders", async (c) => {
    const values = formValuesOf(await loadReminderPolicy(deps.database));
    const saved = c.req.query("saved") === "1";
    return render(c, { values, errors: {} }, saved ? c.get("messages").adminRemindersSaved : null);
  });

  app.post("/admin/reminders", async (c) => {
    const form = c.get("form");
    const input = validateReminderPolicyForm((name) => formText(form, name), c.get("messages"));
    if (!input.ok) return render(c, input, null);
    await saveReminderPolicy(deps, input.policy, memberActor(c));
    return c.redirect("/admin/reminders?saved=1", 303);
  });

  return app;
}
