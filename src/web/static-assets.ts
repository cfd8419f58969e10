import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { Hono } from "hono";
import { projectPath } from "../runtime-paths";
import type { AppEnv } from "./context";

const staticFolder = projectPath("views", "static");
const contentTypes: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

export interface StaticAssets {
  /** The fingerprinted URL of a file in views/static, e.g. "/static/app.3f2a9c1d0e.css". */
  pathFor(name: string): string;
  register(app: Hono<AppEnv>): void;
}

/**
 * Static files are read and fingerprinted once at start. Only these exact URLs are publicly
 * cacheable; any other /static path is a 404 like everywhere else.
 */
export function loadStaticAssets(names: readonly string[]): StaticAssets {
  const byName = new Map<string, string>();
  const byPath = new Map<string, { body: Buffer; contentType: string }>();
  for (const name of names) {
    const body = readFileSync(resolve(staticFolder, name));
    const extension = extname(name);
    const fingerprint = createHash("sha256").update(body).digest("hex").slice(0, 16);
    const path = `/static/${name.slice(0, -extension.length)}.${fingerprint}${extension}`;
    byName.set(name, path);
    byPath.set(path, { body, contentType: contentTypes[extension] ?? "application/octet-stream" });
  }
  return {
    pathFor(name) {
      const path = byName.get(name);
      if (!path) throw new TypeError(`unknown static asset ${name}`);
      return path;
    },
    register(app) {
      app.get("/static/:file", (c) => {
        const asset = byPath.get(c.req.path);
        if (!asset) return c.notFound();
        c.set("publicAsset", true);
        return c.body(new Uint8Array(asset.body), 200, { "Content-Type": asset.contentType });
      });
    },
  };
}
