import { availableParallelism } from "node:os";
import { Readable, Transform } from "node:stream";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { memberImportProblem } from "../db/schema";
import type { Deps } from "../deps";
import {
  claimIdempotencyKey,
  fingerprintRequest,
  parseIdempotencyKeyHeader,
  recordIdempotentJob,
  releaseIdempotencyKey,
} from "../jobs/idempotency";
import {
  apiKeyActor,
  failWithJson,
  invalidRequest,
  readJsonObject,
  requireApiKey,
  requireApiKeyScope,
} from "../resets/api-routes";
import type { AppEnv } from "../web/context";
import { importOptionNames, parseImportOptions } from "./import-options";
import { type ImportFileFormat, readImportRecords } from "./import-records";
import {
  findMemberImport,
  type MemberImport,
  openMemberImport,
  runMemberImport,
} from "./member-import";
import {
  deactivateMemberByExternalId,
  deleteMemberByExternalId,
  reactivateMemberByExternalId,
  upsertMemberByExternalId,
} from "./member-sync";

/** A streamed import may be large, not unbounded: past this the import stops (and can be resumed). */
export const maximumImportBodyBytes = 1024 ** 3;
const problemsListed = 1000;

const mediaTypes: Record<string, ImportFileFormat> = {
  "application/x-ndjson": "jsonl",
  "application/jsonl": "jsonl",
  "application/json-seq": "jsonl",
  "text/csv": "csv",
};

/**
 * The members API, for the service rekey protects (scope `members`): a streamed bulk import and
 * an upsert / deactivate / reactivate / delete keyed by the service's own externalId. Bearer
 * keys only, so it is CSRF-exempt like the rest of /admin/api (src/web/app.ts).
 */
export function memberApiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of [
    "/admin/api/member-imports",
    "/admin/api/member-imports/*",
    "/admin/api/members/*",
  ])
    app.use(path, requireApiKey(deps), requireApiKeyScope("members"));

  app.post("/admin/api/member-imports", async (c) => {
    const mediaType = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
    const format = mediaTypes[mediaType];
    if (!format)
      return failWithJson(c, {
        status: 415,
        code: "unsupported-media-type",
        message: "Send application/x-ndjson (JSON Lines) or text/csv with a header row.",
      });
    const options = parseImportOptions(
      Object.fromEntries(importOptionNames.map((name) => [name, c.req.query(name)])),
    );
    if (!options.ok) return failWithJson(c, invalidRequest(options.message.replaceAll("--", "")));
    const declaredLength = Number(c.req.header("content-length") ?? Number.NaN);
    if (declaredLength > maximumImportBodyBytes)
      return failWithJson(c, {
        status: 413,
        code: "payload-too-large",
        message: "Split the file: at most 1 GiB per request.",
      });
    const idempotencyKey = parseIdempotencyKeyHeader(c.req.header("idempotency-key"));
    if (idempotencyKey === "invalid")
      return failWithJson(
        c,
        invalidRequest("Idempotency-Key must be 1 to 255 visible characters."),
      );
    const key = c.get("apiKey");
    // The body is streamed, so the fingerprint is what is known before reading it: the options,
    // the format and the declared length (plus a Content-Digest if the client sends one).
    const claim = idempotencyKey
      ? await claimIdempotencyKey(
          deps.database,
          { apiKeyId: key.id, jobKind: "member-import", key: idempotencyKey },
          fingerprintRequest({
            options: options.options,
            format,
            length: c.req.header("content-length") ?? null,
            digest: c.req.header("content-digest") ?? null,
          }),
          deps.clock.now(),
        )
      : null;
    if (claim?.kind === "mismatch")
      return failWithJson(c, {
        status: 422,
        code: "idempotency-key-reused",
        message: "This Idempotency-Key was already used with a different request.",
      });
    if (claim?.kind === "in-progress")
      return failWithJson(c, {
        status: 409,
        code: "idempotency-key-in-progress",
        message: "A request with this Idempotency-Key is still being processed; retry shortly.",
      });
    if (claim?.kind === "replay") {
      const previous = await findMemberImport(deps.database, claim.jobId);
      if (previous)
        return c.json(await describeImport(deps, previous), 200, {
          Location: importUrl(deps, previous.id),
        });
    }
    const importRow = await openMemberImport(deps, {
      source: "api",
      fileName: null,
      fileFingerprint: null,
      importOptions: options.options,
      resume: false,
    });
    if (claim?.kind === "new")
      await recordIdempotentJob(deps.database, claim.claimId, importRow.id);
    const body = c.req.raw.body ? Readable.fromWeb(c.req.raw.body as never) : Readable.from([]);
    let finished: MemberImport;
    try {
      finished = await runMemberImport(deps, {
        importRow,
        records: readImportRecords(body.pipe(byteLimit(maximumImportBodyBytes)), format),
        importOptions: options.options,
        actor: apiKeyActor(c),
        // Half the cores: members keep signing in on the other half while the import wraps.
        wrapConcurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
      });
    } catch (error) {
      if (claim?.kind === "new") await releaseIdempotencyKey(deps.database, claim.claimId);
      const stopped = await findMemberImport(deps.database, importRow.id);
      deps.logger.warn({ importId: importRow.id, error: String(error) }, "member import stopped");
      return c.json(
        {
          error: {
            code: error instanceof BodyTooLarge ? "payload-too-large" : "import-stopped",
            message:
              "The import stopped; rows up to linesCommitted are stored. Send the rest again: rows are matched by externalId.",
          },
          import: stopped ? await describeImport(deps, stopped) : null,
        },
        error instanceof BodyTooLarge ? 413 : 400,
      );
    }
    return c.json(await describeImport(deps, finished), 200, {
      Location: importUrl(deps, finished.id),
    });
  });

  app.get("/admin/api/member-imports/:id{[0-9]+}", async (c) => {
    const found = await findMemberImport(deps.database, Number(c.req.param("id")));
    if (!found)
      return failWithJson(c, { status: 404, code: "not-found", message: "No such import." });
    return c.json(await describeImport(deps, found));
  });

  app.put("/admin/api/members/:externalId", async (c) => {
    const parsed = await readJsonObject(c);
    if ("status" in parsed) return failWithJson(c, parsed);
    const options = parseImportOptions(
      Object.fromEntries(importOptionNames.map((name) => [name, c.req.query(name)])),
    );
    if (!options.ok) return failWithJson(c, invalidRequest(options.message.replaceAll("--", "")));
    const outcome = await upsertMemberByExternalId(deps, {
      externalId: c.req.param("externalId"),
      fields: parsed.body,
      importOptions: options.options,
      actor: apiKeyActor(c),
    });
    if (!outcome.ok)
      return failWithJson(c, { status: 422, code: "invalid-member", message: outcome.message });
    return c.json(
      {
        memberId: outcome.memberId,
        externalId: c.req.param("externalId"),
        created: outcome.created,
      },
      outcome.created ? 201 : 200,
    );
  });

  app.post("/admin/api/members/:externalId/deactivate", async (c) => {
    const outcome = await deactivateMemberByExternalId(
      deps,
      c.req.param("externalId"),
      apiKeyActor(c),
    );
    if (!outcome) return failWithJson(c, noSuchMember);
    return c.json({ ...outcome, deactivated: true });
  });

  app.post("/admin/api/members/:externalId/reactivate", async (c) => {
    const outcome = await reactivateMemberByExternalId(
      deps,
      c.req.param("externalId"),
      apiKeyActor(c),
    );
    if (!outcome) return failWithJson(c, noSuchMember);
    return c.json({ ...outcome, deactivated: false });
  });

  app.delete("/admin/api/members/:externalId", async (c) => {
    const outcome = await deleteMemberByExternalId(deps, c.req.param("externalId"), apiKeyActor(c));
    if (outcome === "not-found") return failWithJson(c, noSuchMember);
    if (outcome === "administrator")
      return failWithJson(c, {
        status: 409,
        code: "administrator",
        message: "Administrators are managed in the console, not through the members API.",
      });
    return c.body(null, 204);
  });

  return app;
}

const noSuchMember = {
  status: 404,
  code: "not-found",
  message: "No member has this externalId.",
} as const;

class BodyTooLarge extends Error {}

function byteLimit(maximumBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maximumBytes ? new BodyTooLarge("body too large") : null, chunk);
    },
  });
}

function importUrl(deps: Deps, id: number): string {
  return new URL(`/admin/api/member-imports/${id}`, deps.config.origin).href;
}

async function describeImport(deps: Deps, found: MemberImport) {
  const problems = await deps.database
    .select({ line: memberImportProblem.lineNumber, message: memberImportProblem.message })
    .from(memberImportProblem)
    .where(eq(memberImportProblem.importId, found.id))
    .orderBy(memberImportProblem.lineNumber)
    .limit(problemsListed);
  return {
    id: found.id,
    url: importUrl(deps, found.id),
    status: found.status,
    linesCommitted: found.linesCommitted,
    counts: {
      created: found.created,
      updated: found.updated,
      storedAsIs: found.storedAsIs,
      wrapped: found.wrapped,
      withoutPassword: found.withoutPassword,
      markedResetRequired: found.markedResetRequired,
      setPasswordLinksQueued: found.setPasswordLinksQueued,
      rejected: found.rejected,
    },
    problems,
    startedAt: found.startedAt.toISOString(),
    finishedAt: found.finishedAt?.toISOString() ?? null,
  };
}
