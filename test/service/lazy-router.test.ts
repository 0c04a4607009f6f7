/** The dashboard's code is loaded on the first request under /dashboard, once, and never for other paths. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express, { Router } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { lazyRouter } from "../../src/http/lazy-router.ts";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(load: () => Promise<Router>): Promise<string> {
  const app = express();
  app.use(lazyRouter("/dashboard", load));
  app.get("/other", (_req, res) => void res.send("other"));
  app.use((_req, res) => void res.status(404).send("none"));
  server = http.createServer(app);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const inner = () => {
  const r = Router();
  r.get("/dashboard", (_req, res) => void res.send("board"));
  r.get("/dashboard/schools", (req, res) => void res.send(`schools ${req.query.q ?? ""}`));
  return r;
};

describe("lazyRouter", () => {
  it("loads on the first request under the prefix, once, with the full path and query", async () => {
    let loads = 0;
    const url = await serve(async () => (loads++, inner()));
    expect(await (await fetch(`${url}/other`)).text()).toBe("other");
    expect((await fetch(`${url}/dashboardx`)).status).toBe(404);
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([fetch(`${url}/dashboard`), fetch(`${url}/dashboard/schools?q=x`)]);
    expect([await a.text(), await b.text()]).toEqual(["board", "schools x"]);
    expect((await fetch(`${url}/dashboard/missing`)).status).toBe(404);
    expect(loads).toBe(1);
  });

  it("answers 500 when loading fails and tries again on the next request", async () => {
    let loads = 0;
    const url = await serve(async () => {
      if (loads++ === 0) throw new Error("disk hiccup");
      return inner();
    });
    expect((await fetch(`${url}/dashboard`)).status).toBe(500);
    expect(await (await fetch(`${url}/dashboard`)).text()).toBe("board");
    expect(loads).toBe(2);
  });
});
