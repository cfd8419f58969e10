import { Hono } from "hono";
import { AdminRemindersPage } from "../../views/pages/admin-reminders";
import type { Deps } from "../deps";
import type { AppEnv } from "../web/context";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { summarizeReminders } from "./summary";

const scheduleDays = 28;

/**
 * The operator's view of rotation reminders: the figures and the schedule. The policy itself
 * is set on the Settings page, with the other policies (src/settings/routes.tsx).
 */
export function adminReminderRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/reminders", requireAdministrator(deps));

  app.get("/admin/reminders", async (c) =>
    c.html(
      <AdminRemindersPage
        page={pageContext(c, assets)}
        overview={await summarizeReminders(deps, { days: scheduleDays })}
        timeZone={deps.config.timeZone}
        perMinute={deps.config.reminders.perMinute}
      />,
    ),
  );

  return app;
}
