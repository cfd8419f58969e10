import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { Hono } from "hono";
import type { Deps } from "../deps";
import {
  apiKeyActor,
  failWithJson,
  invalidRequest,
  requireApiKey,
  requireApiKeyScope,
} from "../resets/api-routes";
import type { AppEnv } from "../web/context";
import { describeComboScanSummary, summarizeComboScan } from "./scans";
import { ComboListTooLargeError, spoolComboList } from "./spool";

/**
 * `POST /admin/api/combo-scans`: the list is the request body (any text type), streamed to the
 * spool; `?name=` names it and `?columns=id,password` picks CSV columns. Bearer keys only, so
 * exempt from the CSRF check like the rest of /admin/api. Mounted before bulkResetApiRoutes.
 */
export function comboScanApiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(
    "/admin/api/combo-scans",
    requireApiKey(deps),
    requireApiKeyScope("combo-scan"),
    async (c) => {
      const name = (c.req.query("name") ?? "").trim();
      if (name.length > 200)
        return failWithJson(c, invalidRequest("name is at most 200 characters."));
      const columnsText = c.req.query("columns");
      let columns: { identifier: string; password: string } | undefined;
      if (columnsText !== undefined) {
        const [identifier, password, ...more] = columnsText.split(",");
        if (!identifier?.trim() || !password?.trim() || more.length > 0)
          return failWithJson(c, invalidRequest("columns must be <identifier>,<password>."));
        columns = { identifier, password };
      }
      const body = c.req.raw.body;
      if (!body) return failWithJson(c, invalidRequest("Send the combo list as the body."));
      try {
        const scan = await spoolComboList(
          deps,
          Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
          {
            name: name || `api upload ${deps.clock.now().toISOString()}`,
            fileName: name || "api upload",
            columns,
            source: "api",
            actor: apiKeyActor(c),
          },
        );
        const summary = await summarizeComboScan(deps.database, scan.id);
        const url = new URL(`/admin/api/combo-scans/${scan.id}`, deps.config.origin).href;
        return c.json({ ...describeComboScanSummary(summary ?? never()), url }, 202, {
          Location: url,
        });
      } catch (error) {
        if (error instanceof ComboListTooLargeError)
          return failWithJson(c, {
            status: 413,
            code: "payload-too-large",
            message: "The list is too large.",
          });
        throw error;
      }
    },
  );

  app.get(
    "/admin/api/combo-scans/:id{[0-9]+}",
    requireApiKey(deps),
    requireApiKeyScope("read-only", "combo-scan"),
    async (c) => {
      const summary = await summarizeComboScan(deps.database, Number(c.req.param("id")));
      if (!summary)
        return failWithJson(c, { status: 404, code: "not-found", message: "No such scan." });
      return c.json(describeComboScanSummary(summary));
    },
  );
  return app;
}

function never(): never {
  throw new Error("a scan that was just created has a summary");
}
