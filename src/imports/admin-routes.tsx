import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { AdminMemberImportPage } from "../../views/pages/admin-member-import";
import { memberImportProblem } from "../db/schema";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { importOptionNames, parseImportOptions } from "./import-options";
import { readImportRecords } from "./import-records";
import { openMemberImport, runMemberImport } from "./member-import";

const problemsShown = 200;

/** The console's import for small files; big ones go through the CLI or the members API. */
export function adminMemberImportRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/members/import", requireAdministrator(deps));

  const render = (
    c: AppContext,
    props: Pick<Parameters<typeof AdminMemberImportPage>[0], "errors" | "result">,
    status: 200 | 400 = 200,
  ) =>
    c.html(
      <AdminMemberImportPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        {...props}
      />,
      status,
    );

  app.get("/admin/members/import", (c) => render(c, { errors: {}, result: null }));

  app.post("/admin/members/import", async (c) => {
    const form = c.get("form");
    const messages = c.get("messages");
    const text = formText(form, "file");
    const options = parseImportOptions(
      Object.fromEntries(importOptionNames.map((name) => [name, formText(form, name)])),
    );
    if (!options.ok) return render(c, { errors: { options: options.message }, result: null }, 400);
    if (text.trim() === "")
      return render(c, { errors: { file: messages.adminImportFileError }, result: null }, 400);
    // The browser does not send the file's name in the text field; a header row means CSV.
    const format = text.trimStart().startsWith("{") ? "jsonl" : "csv";
    const importRow = await openMemberImport(deps, {
      source: "console",
      fileName: null,
      fileFingerprint: null,
      importOptions: options.options,
      resume: false,
    });
    const finished = await runMemberImport(deps, {
      importRow,
      records: readImportRecords(Readable.from([text]), format),
      importOptions: options.options,
      actor: memberActor(c),
      wrapConcurrency: 1,
    });
    const problems = await deps.database
      .select({ lineNumber: memberImportProblem.lineNumber, message: memberImportProblem.message })
      .from(memberImportProblem)
      .where(eq(memberImportProblem.importId, finished.id))
      .orderBy(memberImportProblem.lineNumber)
      .limit(problemsShown);
    return render(c, { errors: {}, result: { ...finished, problems } });
  });

  return app;
}
