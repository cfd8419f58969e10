/**
 * Counts the requests being served, so a shutdown can let them finish (a 60,000-ID list
 * upload is seconds of work) while every new request is told at once to go elsewhere:
 * 503 with `Connection: close` (RFC 9112 s9.6) and Retry-After, which a load balancer retries
 * on another instance.
 */
export interface RequestDrain {
  wrap<Env>(
    fetch: (request: Request, env: Env) => Response | Promise<Response>,
  ): (request: Request, env: Env) => Promise<Response>;
  /** From now on, new requests are refused. */
  beginDraining(): void;
  /** Resolves true when no request is in flight, false if `timeoutInMilliseconds` ran out. */
  waitForInFlight(timeoutInMilliseconds: number): Promise<boolean>;
  readonly inFlight: number;
  readonly draining: boolean;
}

export function createRequestDrain(): RequestDrain {
  let inFlight = 0;
  let draining = false;
  const idleWaiters = new Set<() => void>();

  return {
    get inFlight() {
      return inFlight;
    },
    get draining() {
      return draining;
    },
    wrap(fetch) {
      return async (request, env) => {
        if (draining) {
          return new Response("This instance is shutting down; please retry.\n", {
            status: 503,
            headers: {
              Connection: "close",
              "Retry-After": "5",
              "Content-Type": "text/plain; charset=utf-8",
              "Cache-Control": "no-store",
            },
          });
        }
        inFlight++;
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          inFlight--;
          if (inFlight === 0) for (const resolve of idleWaiters) resolve();
        };
        // Under @hono/node-server the response is written after fetch returns: the request
        // counts until Node's response is done, so a shutdown never cuts its body off.
        const outgoing = (env as { outgoing?: NodeJS.EventEmitter } | undefined)?.outgoing;
        if (outgoing) outgoing.once("close", finish);
        try {
          return await fetch(request, env);
        } catch (error) {
          finish();
          throw error;
        } finally {
          if (!outgoing) finish();
        }
      };
    },
    beginDraining() {
      draining = true;
    },
    waitForInFlight(timeoutInMilliseconds) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = (idle: boolean) => {
          clearTimeout(timer);
          idleWaiters.delete(onIdle);
          resolve(idle);
        };
        const onIdle = () => done(true);
        const timer = setTimeout(() => done(false), timeoutInMilliseconds);
        idleWaiters.add(onIdle);
      });
    },
  };
}
