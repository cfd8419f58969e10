import { Hono, type MiddlewareHandler } from "hono";
import { type ApiKeyScope, parseApiKeyScopes } from "../admin/api-key-scopes";
import { authenticateApiKey } from "../admin/api-keys";
import type { AuditActor } from "../audit/audit-log";
import type { Deps } from "../deps";
import {
  claimIdempotencyKey,
  fingerprintRequest,
  parseIdempotencyKeyHeader,
  recordIdempotentJob,
  releaseIdempotencyKey,
} from "../jobs/idempotency";
import type { AppContext, AppEnv } from "../web/context";
import { maximumUploadBytes, readCapped } from "../web/form";
import { RequestProblem } from "../web/problems";
import {
  type BulkResetJob,
  createBulkResetJob,
  findBulkResetJob,
  listBulkResetJobPage,
  maximumIdentifiersPerJob,
} from "./bulk-reset-jobs";
import { findAdministratorIds, readDryRunFigures } from "./bulk-reset-start";
import { withoutPasswordPart } from "./identifier-list";

export type ApiError = {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422;
  code: string;
  message: string;
};

/** A JSON error body; a 401 names the scheme the client must use (RFC 6750 s3). */
export function failWithJson(c: AppContext, error: ApiError) {
  if (error.status === 401) c.header("WWW-Authenticate", 'Bearer realm="rekey"');
  return c.json({ error: { code: error.code, message: error.message } }, error.status);
}

/**
 * Admits a request that carries a valid `Authorization: Bearer` API key; cookies are ignored.
 * Unknown, revoked and expired keys get the same 401.
 */
export function requireApiKey(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const key = header.startsWith("Bearer ")
      ? await authenticateApiKey(deps.database, deps.clock, header.slice(7).trim())
      : null;
    if (!key)
      return failWithJson(c, {
        status: 401,
        code: "unauthorized",
        message: "A valid API key is required.",
      });
    c.set("apiKey", key);
    return next();
  };
}

/**
 * Admits a request whose key holds one of `scopes`; anything else is a 403 naming the scope
 * needed (RFC 6750 s3.1, insufficient_scope). Runs after requireApiKey.
 */
export function requireApiKeyScope(...scopes: ApiKeyScope[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const held = parseApiKeyScopes(c.get("apiKey").scopes);
    const admitting = scopes.find((scope) => held.includes(scope));
    if (!admitting) {
      c.header(
        "WWW-Authenticate",
        `Bearer error="insufficient_scope", scope="${scopes.join(" ")}"`,
      );
      return c.json(
        {
          error: {
            code: "insufficient-scope",
            message: `This API key needs the scope ${scopes.join(" or ")}.`,
          },
        },
        403,
      );
    }
    c.set("apiKeyScope", admitting);
    return next();
  };
}

/** The audit actor for a request admitted by requireApiKey and requireApiKeyScope. */
export function apiKeyActor(c: AppContext): AuditActor {
  const key = c.get("apiKey");
  return { kind: "api-key", apiKeyId: key.id, name: key.name, scope: c.get("apiKeyScope") };
}

/**
 * The bulk-reset API for incident tooling. It authenticates with `Authorization: Bearer` only and
 * ignores cookies, which is why it is exempt from the CSRF check (see src/web/app.ts).
 */
export function bulkResetApiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/api/*", requireApiKey(deps));

  app.post("/admin/api/bulk-resets", requireApiKeyScope("bulk-reset"), async (c) => {
    const idempotencyKey = parseIdempotencyKeyHeader(c.req.header("idempotency-key"));
    if (idempotencyKey === "invalid")
      return failWithJson(
        c,
        invalidRequest("Idempotency-Key must be 1 to 255 visible characters."),
      );
    const parsed = await readJsonObject(c);
    if ("status" in parsed) return failWithJson(c, parsed);
    const request = validateBulkResetRequest(parsed.body);
    if ("status" in request) return failWithJson(c, request);
    const key = c.get("apiKey");
    // A client that timed out while 60,000 IDs were stored retries with the same key and gets
    // the job it already created, never a second one.
    const claim = idempotencyKey
      ? await claimIdempotencyKey(
          deps.database,
          { apiKeyId: key.id, jobKind: "bulk-reset", key: idempotencyKey },
          fingerprintRequest(request),
          deps.clock.now(),
        )
      : null;
    if (claim?.kind === "mismatch") return failWithJson(c, idempotencyKeyReused);
    if (claim?.kind === "in-progress") return failWithJson(c, idempotencyKeyInProgress);
    if (claim?.kind === "replay") {
      const job = await findBulkResetJob(deps.database, claim.jobId);
      if (job) return c.json(describeJob(deps, job), 202, { Location: jobUrl(deps, job.id) });
    }
    let job: BulkResetJob;
    try {
      const { includeAdministrators, ...listed } = request;
      job = await createBulkResetJob(deps, {
        ...listed,
        source: "api",
        actor: apiKeyActor(c),
        // Administrators in the list are left out unless named in includeAdministrators.
        administrators: {
          policy: "exclude-unlisted",
          includedMemberIds: await findAdministratorIds(deps.database, includeAdministrators),
        },
      });
    } catch (error) {
      if (claim?.kind === "new") await releaseIdempotencyKey(deps.database, claim.claimId);
      throw error;
    }
    if (claim?.kind === "new") await recordIdempotentJob(deps.database, claim.claimId, job.id);
    return c.json(describeJob(deps, job), 202, { Location: jobUrl(deps, job.id) });
  });

  // Newest first, a page at a time: `before` is the ID the previous page ended at (keyset
  // paging, so a job created meanwhile neither repeats nor skips a row).
  app.get("/admin/api/bulk-resets", requireApiKeyScope("read-only", "bulk-reset"), async (c) => {
    const limitText = c.req.query("limit") ?? String(defaultJobsPerPage);
    const beforeText = c.req.query("before");
    const limit = Number(limitText);
    if (!/^[0-9]{1,4}$/.test(limitText) || limit < 1 || limit > maximumJobsPerPage)
      return failWithJson(c, invalidRequest(`limit must be 1 to ${maximumJobsPerPage}.`));
    if (beforeText !== undefined && !/^[1-9][0-9]{0,15}$/.test(beforeText))
      return failWithJson(c, invalidRequest("before must be a job ID."));
    const page = await listBulkResetJobPage(deps.database, {
      limit,
      beforeId: beforeText === undefined ? null : Number(beforeText),
    });
    const last = page.jobs.at(-1);
    const next =
      page.more && last
        ? new URL(`/admin/api/bulk-resets?limit=${limit}&before=${last.id}`, deps.config.origin)
            .href
        : null;
    return c.json({ jobs: page.jobs.map((job) => describeJob(deps, job)), next });
  });

  app.get(
    "/admin/api/bulk-resets/:id{[0-9]+}",
    requireApiKeyScope("read-only", "bulk-reset"),
    async (c) => {
      const job = await findBulkResetJob(deps.database, Number(c.req.param("id")));
      if (!job) return failWithJson(c, { status: 404, code: "not-found", message: "No such job." });
      return c.json(describeJob(deps, job));
    },
  );

  // Other /admin/api routers are mounted before this one (src/web/app.ts): this answers the rest.
  app.all("/admin/api/*", (c) =>
    failWithJson(c, { status: 404, code: "not-found", message: "No such endpoint." }),
  );
  return app;
}

const defaultJobsPerPage = 20;
const maximumJobsPerPage = 100;

const idempotencyKeyReused: ApiError = {
  status: 422,
  code: "idempotency-key-reused",
  message: "This Idempotency-Key was already used with a different request.",
};
const idempotencyKeyInProgress: ApiError = {
  status: 409,
  code: "idempotency-key-in-progress",
  message: "A request with this Idempotency-Key is still being processed; retry shortly.",
};

function jobUrl(deps: Deps, id: number): string {
  return new URL(`/admin/api/bulk-resets/${id}`, deps.config.origin).href;
}

function describeJob(deps: Deps, job: BulkResetJob) {
  return {
    id: job.id,
    url: jobUrl(deps, job.id),
    status: job.status,
    dryRun: job.dryRun,
    reason: job.reason,
    total: job.total,
    processed: job.processed,
    progress: job.total === 0 ? 1 : job.processed / job.total,
    counts: {
      matched: job.matched,
      unknown: job.unknown,
      alreadyPending: job.alreadyPending,
      duplicates: job.duplicates,
      recentEmailChanges: job.recentEmailChanges,
      administratorsExcluded: job.administratorsExcluded,
    },
    options: {
      revokeSessions: job.revokeSessions,
      invalidatePassword: job.invalidatePassword,
      notifyMembers: job.notifyMembers,
    },
    dryRunCounts: readDryRunFigures(job),
    confirmedEmails: job.confirmedEmails,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

async function readJsonBody(c: AppContext): Promise<{ value: unknown } | ApiError> {
  const contentType = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/json") {
    return { status: 415, code: "unsupported-media-type", message: "Send application/json." };
  }
  try {
    const body = await readCapped(c.req.raw.body, maximumUploadBytes);
    return { value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)) };
  } catch (error) {
    if (error instanceof RequestProblem && error.status === 413) {
      return { status: 413, code: "payload-too-large", message: "The body is too large." };
    }
    return { status: 400, code: "invalid-json", message: "The body is not valid UTF-8 JSON." };
  }
}

export function invalidRequest(message: string): ApiError {
  return { status: 400, code: "invalid-request", message };
}

/** The body as a JSON object, or the error to answer with. */
export async function readJsonObject(
  c: AppContext,
): Promise<{ body: Record<string, unknown> } | ApiError> {
  const parsed = await readJsonBody(c);
  if ("status" in parsed) return parsed;
  const { value } = parsed;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return invalidRequest("The body must be a JSON object.");
  return { body: value as Record<string, unknown> };
}

function validateBulkResetRequest(body: Record<string, unknown>) {
  const ids = body.loginIds;
  if (!Array.isArray(ids) || ids.length === 0)
    return invalidRequest("loginIds must be a non-empty array of login IDs or e-mail addresses.");
  if (ids.length > maximumIdentifiersPerJob)
    return invalidRequest(`loginIds may hold at most ${maximumIdentifiersPerJob} entries.`);
  if (!ids.every((id) => typeof id === "string" && id.trim() !== "" && id.length <= 320)) {
    return invalidRequest(
      "Every entry of loginIds must be a non-empty string of at most 320 characters.",
    );
  }
  const reason = typeof body.reason === "string" ? body.reason.trim() : "";
  if (reason.length < 1 || reason.length > 500)
    return invalidRequest("reason must be a string of 1 to 500 characters.");
  const flag = (name: string, fallback: boolean): boolean | ApiError => {
    const flagValue = body[name];
    if (flagValue === undefined) return fallback;
    return typeof flagValue === "boolean"
      ? flagValue
      : invalidRequest(`${name} must be true or false.`);
  };
  const flags = {
    dryRun: flag("dryRun", false),
    revokeSessions: flag("revokeSessions", true),
    invalidatePassword: flag("invalidatePassword", true),
    notifyMembers: flag("notifyMembers", true),
  };
  for (const flagValue of Object.values(flags))
    if (typeof flagValue !== "boolean") return flagValue;
  const included = body.includeAdministrators ?? [];
  if (
    !Array.isArray(included) ||
    included.length > 200 ||
    !included.every((id) => typeof id === "string" && id.length <= 320)
  )
    return invalidRequest(
      "includeAdministrators must be an array of at most 200 login IDs or e-mail addresses.",
    );
  return {
    includeAdministrators: included as string[],
    // A combo list's "identifier:password" entries keep only their identifier (never stored).
    identifiers: (ids as string[]).map((id) => withoutPasswordPart(id.trim()).identifier),
    reason,
    ...(flags as Record<keyof typeof flags, boolean>),
  };
}
