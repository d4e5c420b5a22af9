#!/usr/bin/env node
// `npm run grade -- --lighthouse`: Lighthouse (mobile defaults: a Moto G Power on slow 4G,
// 4× CPU slowdown) on the pages a first-time shopper sees: `/`, a product page, `/cart`
// holding an item, and `/login`. Prints the median score of each category over several
// runs, and exits 1 when any is under 0.95. Needs a production build (`npm run build`);
// no cluster, no network: the pages come from 127.0.0.1 and Chromium is Debian's.
//
//   npm run grade -- --lighthouse                  starts the build on a fresh database
//   npm run grade -- --lighthouse --runs 5 --port 3110
//   npm run grade -- --lighthouse http://127.0.0.1:3000   an already running shop
//
// The score of the performance category depends on how busy the machine is (it measures
// time under a simulated slow phone). Run it on an idle machine; the median of several
// runs per page irons out a single slow one.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { userAgents } from "lighthouse/core/config/constants.js";
import { chromium } from "@playwright/test";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const THRESHOLD = 0.95;
const CATEGORIES = [
  ["performance", "performance"],
  ["accessibility", "accessibility"],
  ["best-practices", "best practices"],
  ["seo", "SEO"],
];
// The performance score's inputs, printed so a low score says what was slow.
const METRICS = [
  ["first-contentful-paint", "FCP ms"],
  ["largest-contentful-paint", "LCP ms"],
  ["total-blocking-time", "TBT ms"],
  ["cumulative-layout-shift", "CLS"],
  ["speed-index", "SI ms"],
];
const PRODUCT = "/products/ceramic-mug";
const chromePath = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
// The same flags as the e2e suite's: Chromium must not try to reach Google's services.
const QUIET_CHROMIUM = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export async function gradeLighthouse(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { lighthouse: { type: "boolean" }, runs: { type: "string", default: "3" }, port: { type: "string", default: "3110" } },
    allowPositionals: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 15) throw new Error("--runs must be a whole number from 1 to 15");

  let server;
  let base = positionals[0];
  if (!base) {
    if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
      console.error("No production build: run `npm run build` first.");
      return 2;
    }
    base = `http://127.0.0.1:${values.port}`;
    server = await startShop(values.port, base);
  }

  try {
    const cookie = await cartCookie(base);
    const pages = [
      { label: "/", url: `${base}/` },
      { label: PRODUCT, url: `${base}${PRODUCT}` },
      { label: "/cart (1 item)", url: `${base}/cart`, headers: { Cookie: cookie } },
      { label: "/login", url: `${base}/login` },
    ];
    const rows = [];
    for (const page of pages) rows.push({ ...page, ...(await measure(page, runs)) });
    return printTable(base, runs, rows);
  } finally {
    server?.kill("SIGTERM");
  }
}

/** The production build on a fresh, seeded SQLite database (the e2e suite's own server script). */
async function startShop(port, base) {
  const server = spawn(process.execPath, [path.join(root, "scripts/e2e-server.mjs")], {
    cwd: root,
    env: { ...process.env, E2E_PORT: port, E2E_DATA_DIR: ".tmp/lighthouse" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (server.exitCode !== null) throw new Error(`the shop exited with code ${server.exitCode}`);
    const up = await fetch(`${base}/api/health`).then((response) => response.ok, () => false);
    if (up) return server;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  server.kill("SIGTERM");
  throw new Error(`the shop did not answer on ${base} within two minutes`);
}

/**
 * A guest session holding one item, made the way a shopper makes it (Add to cart), in a
 * browser that presents Lighthouse's own mobile user agent: the shop binds a session to
 * its browser and OS, and would end one that changed from desktop Linux to Android.
 */
async function cartCookie(base) {
  const browser = await chromium.launch({ executablePath: chromePath, args: QUIET_CHROMIUM });
  try {
    const context = await browser.newContext({ userAgent: userAgents.mobile });
    const page = await context.newPage();
    await page.goto(`${base}${PRODUCT}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("status").filter({ hasText: "Added to cart." }).waitFor();
    const cookies = await context.cookies(base);
    return cookies.map(({ name, value }) => `${name}=${value}`).join("; ");
  } finally {
    await browser.close();
  }
}

/** The median of each category's score over `runs` cold loads, and the page's LCP element. */
async function measure(page, runs) {
  const scores = Object.fromEntries(CATEGORIES.map(([id]) => [id, []]));
  const metrics = Object.fromEntries(METRICS.map(([id]) => [id, []]));
  let lcpElement = "";
  let version = "";
  let backForward = "";
  for (let run = 0; run < runs; run += 1) {
    // A new browser per run: nothing cached from the run before, as for a first visit.
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ["--headless=new", "--no-sandbox", ...QUIET_CHROMIUM] });
    try {
      const result = await lighthouse(page.url, { port: chrome.port, output: "json", logLevel: "error", extraHeaders: page.headers });
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`Lighthouse returned nothing for ${page.url}`);
      if (lhr.runtimeError) throw new Error(`${page.url}: ${lhr.runtimeError.message}`);
      for (const [id] of CATEGORIES) scores[id].push(lhr.categories[id].score ?? 0);
      for (const [id] of METRICS) metrics[id].push(lhr.audits[id]?.numericValue ?? Number.NaN);
      version = lhr.lighthouseVersion;
      // Whether a Back to this page is served from the back/forward cache, and if not why.
      const bfcache = lhr.audits["bf-cache"];
      backForward ||= bfcache?.score === 1 ? "restored" : (bfcache?.details?.items ?? []).map((item) => String(item.reason?.formattedDefault ?? item.reason)).join("; ") || "not measured";
      lcpElement ||= lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? "";
    } finally {
      await chrome.kill();
    }
  }
  const medians = (lists) => Object.fromEntries(Object.entries(lists).map(([id, list]) => [id, median(list)]));
  return { scores: medians(scores), metrics: medians(metrics), lcpElement, version, backForward };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function printTable(base, runs, rows) {
  console.log(`Lighthouse ${rows[0]?.version ?? ""}, mobile defaults, ${base}, median of ${runs} run${runs === 1 ? "" : "s"} per page; pass: ≥ ${THRESHOLD}\n`);
  const header = ["page".padEnd(18), ...CATEGORIES.map(([, label]) => label.padStart(15))].join("");
  console.log(header);
  let failed = 0;
  for (const row of rows) {
    const cells = CATEGORIES.map(([id]) => {
      const score = row.scores[id];
      if (score < THRESHOLD) failed += 1;
      return `${score.toFixed(2)}${score < THRESHOLD ? " FAIL" : ""}`.padStart(15);
    });
    console.log([row.label.padEnd(18), ...cells].join(""));
  }
  console.log(`\n${"metrics (median)".padEnd(18)}${METRICS.map(([, label]) => label.padStart(10)).join("")}`);
  for (const row of rows) {
    const cells = METRICS.map(([id]) => (id === "cumulative-layout-shift" ? row.metrics[id].toFixed(3) : String(Math.round(row.metrics[id]))).padStart(10));
    console.log([row.label.padEnd(18), ...cells].join(""));
  }
  console.log("\nLargest contentful paint:");
  for (const row of rows) console.log(`  ${row.label.padEnd(16)} ${row.lcpElement.replace(/\s+/g, " ").slice(0, 160)}`);
  console.log("\nBack/forward cache:");
  for (const row of rows) console.log(`  ${row.label.padEnd(16)} ${row.backForward}`);
  console.log(failed === 0 ? "\nAll scores pass." : `\n${failed} score${failed === 1 ? "" : "s"} under ${THRESHOLD}.`);
  return failed === 0 ? 0 : 1;
}
