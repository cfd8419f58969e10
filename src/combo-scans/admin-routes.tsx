import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { Hono } from "hono";
import { AdminComboScanPage, AdminComboScansPage } from "../../views/pages/admin-combo-scans";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import { formatCsvField } from "../resets/identifier-list";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { csrfFieldName, csrfTokenMatches } from "../web/middleware/csrf";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { comboScanResetReason, handComboScanToBulkReset } from "./hand-over";
import { cancelComboScan } from "./scan-runner";
import { type ComboScan, listComboScanFindings, listComboScans, summarizeComboScan } from "./scans";
import { ComboListTooLargeError, maximumComboListBytes, spoolComboList } from "./spool";

const outcomeNames = ["not exposed", "old password exposed", "current password exposed"];
/** The page lists this many members; the CSV has them all. */
const membersShown = 500;

/** The administrator's door to combo-list scans: upload (streamed), results, hand-over. */
export function adminComboScanRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/combo-scans", requireAdministrator(deps));
  app.use("/admin/combo-scans/*", requireAdministrator(deps));

  const renderList = async (c: AppContext, error?: string) =>
    c.html(
      <AdminComboScansPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        scans={await listComboScans(deps.database, 20)}
        error={error}
      />,
      error ? 400 : 200,
    );

  const renderScan = async (
    c: AppContext,
    scanId: number,
    reasonError?: { reason: string; message: string },
  ) => {
    const summary = await summarizeComboScan(deps.database, scanId);
    if (!summary) return c.notFound();
    return c.html(
      <AdminComboScanPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        summary={summary}
        findings={await listComboScanFindings(deps.database, scanId, { limit: membersShown })}
        reason={reasonError?.reason ?? comboScanResetReason(summary.scan)}
        reasonError={reasonError?.message}
      />,
      reasonError ? 400 : 200,
    );
  };

  app.get("/admin/combo-scans", (c) => renderList(c));

  app.post("/admin/combo-scans", async (c) => {
    const received = await receiveUpload(c, deps);
    if ("problem" in received)
      return renderList(
        c,
        received.problem === "too-large"
          ? c.get("messages").comboScansErrorTooLarge
          : c.get("messages").comboScansErrorFile,
      );
    return c.redirect(`/admin/combo-scans/${received.scan.id}`, 303);
  });

  app.get("/admin/combo-scans/:id{[0-9]+}", (c) => renderScan(c, Number(c.req.param("id"))));

  app.post("/admin/combo-scans/:id{[0-9]+}/cancel", async (c) => {
    const scanId = Number(c.req.param("id"));
    await cancelComboScan(deps, scanId, memberActor(c));
    return c.redirect(`/admin/combo-scans/${scanId}`, 303);
  });

  // The hand-over is always a dry run: the administrator starts the reset from its page.
  app.post("/admin/combo-scans/:id{[0-9]+}/bulk-reset", async (c) => {
    const scanId = Number(c.req.param("id"));
    const reason = formText(c.get("form"), "reason").trim();
    if (reason.length < 1 || reason.length > 500)
      return renderScan(c, scanId, {
        reason: reason.slice(0, 500),
        message: c.get("messages").comboScansErrorReason,
      });
    const job = await handComboScanToBulkReset(deps, scanId, {
      reason,
      dryRun: true,
      source: "web",
      actor: memberActor(c),
    });
    if (!job) return c.redirect(`/admin/combo-scans/${scanId}`, 303);
    return c.redirect(`/admin/resets/${job.id}`, 303);
  });

  // Extension-less like every export, so no CDN rule keyed on ".csv" caches it.
  app.get("/admin/combo-scans/:id{[0-9]+}/members/export", async (c) => {
    const scanId = Number(c.req.param("id"));
    const summary = await summarizeComboScan(deps.database, scanId);
    if (!summary) return c.notFound();
    const rows = ["member_id,login_id,email,outcome"];
    for (const finding of await listComboScanFindings(deps.database, scanId)) {
      rows.push(
        [
          String(finding.memberId),
          formatCsvField(finding.loginId),
          formatCsvField(finding.email),
          outcomeNames[finding.exposure] ?? "",
        ].join(","),
      );
    }
    c.header("Content-Disposition", `attachment; filename="combo-scan-${scanId}-members.csv"`);
    return c.body(`${rows.join("\r\n")}\r\n`, 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  return app;
}

/**
 * Reads the upload form as it streams in: the fields first (the CSRF token among them, checked
 * before any of the file is read), then the file, which goes straight to the spool.
 */
async function receiveUpload(
  c: AppContext,
  deps: Deps,
): Promise<{ scan: ComboScan } | { problem: "file" | "too-large" }> {
  const contentType = c.req.header("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !c.req.raw.body)
    throw new RequestProblem(415, "errorUnsupportedMediaType");
  const fields = new Map<string, string>();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { files: 1, fields: 10, fieldSize: 1024, fileSize: maximumComboListBytes + 1 },
    });
  } catch {
    throw new RequestProblem(400, "errorBadRequest");
  }
  let spooling: Promise<ComboScan> | null = null;
  let csrfRefused = false;
  parser.on("field", (name, value) => {
    if (!fields.has(name)) fields.set(name, value);
  });
  parser.on("file", (name, stream, info) => {
    const fileName = info.filename ?? "";
    if (name !== "file" || spooling || fileName === "") {
      stream.resume();
      return;
    }
    if (!csrfTokenMatches(c, deps.config, fields.get(csrfFieldName) ?? "")) {
      csrfRefused = true;
      stream.resume();
      return;
    }
    const identifier = (fields.get("identifierColumn") ?? "").trim();
    const password = (fields.get("passwordColumn") ?? "").trim();
    spooling = spoolComboList(deps, stream, {
      name: (fields.get("name") ?? "").trim().slice(0, 200) || fileName.slice(0, 200),
      fileName: fileName.slice(0, 255),
      columns: identifier && password ? { identifier, password } : undefined,
      source: "web",
      actor: memberActor(c),
    });
    // Observed below; a rejection must not go unhandled while the parser drains.
    spooling.catch(() => {});
  });
  const finished = new Promise<void>((resolve, reject) => {
    parser.on("close", resolve);
    parser.on("error", reject);
  });
  Readable.fromWeb(c.req.raw.body as NodeReadableStream<Uint8Array>).pipe(parser);
  try {
    await finished;
  } catch {
    throw new RequestProblem(400, "errorBadRequest");
  }
  if (csrfRefused) throw new RequestProblem(403, "errorCsrf");
  if (!spooling) {
    if (!csrfTokenMatches(c, deps.config, fields.get(csrfFieldName) ?? ""))
      throw new RequestProblem(403, "errorCsrf");
    return { problem: "file" };
  }
  try {
    return { scan: await (spooling as Promise<ComboScan>) };
  } catch (error) {
    if (error instanceof ComboListTooLargeError) return { problem: "too-large" };
    throw error;
  }
}
