import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { OUTAGE_DATA_DIR } from "./tests/e2e/outage-paths";
import { SHORT_SUDO } from "./tests/e2e/short-sudo";
import { SHORT_TIMEOUTS } from "./tests/e2e/short-timeouts";

// The e2e suite runs against the production build (`next build` first; `npm test` does
// it) on its own port, with its own database file created fresh for each run.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
// A second server, with timeouts short enough to watch a session expire in real time.
const SHORT_TIMEOUTS_PORT = PORT + 1;
// A third, started with its database missing, to watch the app ride out an outage.
const OUTAGE_PORT = PORT + 2;
// A fourth, with a step-up (sudo) window of a few seconds, to watch it close. A server of
// its own rather than the short-timeouts one: there a session dies of idleness after 4
// seconds, so a test could not tell "asked for the password again" from "signed out".
// Five seconds, not less: a test that has just confirmed must still be inside the window
// when it presses the next button, on a loaded two-core machine too.
const SHORT_SUDO_PORT = PORT + 3;
// A fifth, with a per-address limit of 3 failed sign-ins, for throttling-address.spec.ts:
// once it blocks this machine's address, nothing else on that server can sign in.
const THROTTLE_PORT = PORT + 4;
// `npm run cluster`: three instances behind nginx over HTTPS, on PostgreSQL.
const CLUSTER_URL = "https://localhost:8443";

// Every test comes from 127.0.0.1: the per-address limits are raised on the servers that
// many tests share, so they do not add up across tests (the throttle server tests them).
const SHARED_ADDRESS_LIMITS = {
  SIGNIN_IP_FREE_FAILURES: "1000000",
  REGISTRATIONS_PER_IP_PER_HOUR: "1000000",
  PASSWORD_RESETS_PER_IP_PER_HOUR: "1000000",
};

// Offline machines cannot download Playwright's browsers; Debian's chromium works. A
// laptop with `npx playwright install` done uses Playwright's own Chromium instead.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

const desktopChrome = devices["Desktop Chrome"];

const browser = {
  ...desktopChrome,
  launchOptions: {
    executablePath: chromiumPath,
    args: [
      // Without these, Chromium keeps trying to reach Google's services.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      // One user agent for every context, also those a spec opens with browser.newContext()
      // (which get the browser's own, not the project's): the hijack signal treats a session
      // cookie moved to another browser as stolen, and the specs that copy a cookie between
      // contexts mean "the same browser" unless they set another user agent on purpose.
      `--user-agent=${desktopChrome.userAgent}`,
    ],
  },
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  // Empties the list of secrets the log audit looks for (tests/e2e/fixtures.ts).
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "chromium", use: browser, testIgnore: /(timeouts|limits|outage|step-up|throttling-address|cluster|log-audit)\.spec\.ts/ },
    {
      name: "short-timeouts",
      use: { ...browser, baseURL: `http://localhost:${SHORT_TIMEOUTS_PORT}` },
      // The second server also keeps the default guest-session limit, which limits.spec.ts floods.
      testMatch: /(timeouts|limits)\.spec\.ts/,
    },
    {
      name: "outage",
      use: { ...browser, baseURL: `http://localhost:${OUTAGE_PORT}` },
      testMatch: /outage\.spec\.ts/,
    },
    {
      name: "short-sudo",
      use: { ...browser, baseURL: `http://localhost:${SHORT_SUDO_PORT}` },
      testMatch: /step-up\.spec\.ts/,
    },
    {
      name: "throttle",
      use: { ...browser, baseURL: `http://localhost:${THROTTLE_PORT}` },
      testMatch: /throttling-address\.spec\.ts/,
    },
    {
      // Three instances behind nginx over HTTPS, on PostgreSQL (scripts/e2e-cluster.mjs).
      name: "cluster",
      use: { ...browser, baseURL: CLUSTER_URL, ignoreHTTPSErrors: true },
      testMatch: /cluster\.spec\.ts/,
    },
    {
      // Last, once every other project has finished: no server log of the run may hold a
      // token or cookie value that a browser held (tests/e2e/fixtures.ts records them).
      name: "log-audit",
      use: browser,
      testMatch: /log-audit\.spec\.ts/,
      dependencies: ["chromium", "short-timeouts", "outage", "short-sudo", "throttle", "cluster"],
    },
  ],
  webServer: [
    {
      command: "node scripts/e2e-server.mjs",
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      // Every guest in the suite comes from 127.0.0.1: the hourly per-network guest limit is
      // raised here so tests do not share it, and tested on the second server instead.
      env: { E2E_PORT: String(PORT), GUEST_SESSIONS_PER_HOUR: "100000", ...SHARED_ADDRESS_LIMITS },
    },
    {
      command: "node scripts/e2e-server.mjs",
      url: `http://localhost:${SHORT_TIMEOUTS_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        E2E_PORT: String(SHORT_TIMEOUTS_PORT),
        E2E_DATA_DIR: ".tmp/e2e-short-timeouts",
        SESSION_IDLE_TIMEOUT_SECONDS: String(SHORT_TIMEOUTS.idleSeconds),
        SESSION_ABSOLUTE_TIMEOUT_SECONDS: String(SHORT_TIMEOUTS.absoluteSeconds),
        ...SHARED_ADDRESS_LIMITS,
      },
    },
    {
      // No migration and no seed: the folder of its database is missing, and
      // tests/e2e/outage.spec.ts moves a database into place while the server runs. Ready
      // means serving the site icon, which needs no database.
      command: "node scripts/e2e-server.mjs",
      url: `http://localhost:${OUTAGE_PORT}/icon.svg`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { E2E_PORT: String(OUTAGE_PORT), E2E_DATA_DIR: OUTAGE_DATA_DIR, E2E_DATABASE: "absent" },
    },
    {
      command: "node scripts/e2e-server.mjs",
      url: `http://localhost:${SHORT_SUDO_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        E2E_PORT: String(SHORT_SUDO_PORT),
        E2E_DATA_DIR: ".tmp/e2e-short-sudo",
        SUDO_WINDOW_SECONDS: String(SHORT_SUDO.windowSeconds),
        // The step-up spec tells its devices apart by user agent (a Firefox context beside
        // the Chrome one), and Chromium sends some requests of a context whose user agent
        // is overridden under its launch user agent instead: the browser binding would end
        // those sessions as stolen. It is tested on the main server (hijack.spec.ts).
        SESSION_BIND_USER_AGENT: "false",
        GUEST_SESSIONS_PER_HOUR: "100000",
        ...SHARED_ADDRESS_LIMITS,
      },
    },
    {
      command: "node scripts/e2e-server.mjs",
      url: `http://localhost:${THROTTLE_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { E2E_PORT: String(THROTTLE_PORT), E2E_DATA_DIR: ".tmp/e2e-throttle", SIGNIN_IP_FREE_FAILURES: "3" },
    },
    {
      // `npm run cluster` on the current build and a fresh PostgreSQL database. Its ports
      // are the cluster's own (3001-3003, 8443, 8080), not derived from E2E_PORT.
      command: "node scripts/e2e-cluster.mjs",
      url: `${CLUSTER_URL}/api/health`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});
