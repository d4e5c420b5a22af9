#!/usr/bin/env node
// `npm run cluster`: the shop as it would run on several machines. One build, the
// migrations and demo data applied to the PostgreSQL database of DATABASE_URL, three
// production instances on 127.0.0.1:3001-3003, and nginx in front of them:
//
//   https://localhost:8443   TLS (a self-signed certificate in data/tls/), round-robin over
//                            the three instances, no sticky sessions
//   http://localhost:8080    301 to the HTTPS address
//
// The instances trust exactly one proxy (TRUSTED_PROXY_COUNT=1) for the client's address
// and protocol, and send every security header themselves (one HSTS header, from the
// app). Any instance can serve any request: sessions, throttle counters and the activity
// log live in the one database, so a revocation through one instance holds on the next
// request to any other. Ctrl-C stops everything.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shop npm run cluster
//   npm run cluster -- --no-build       serve the current build (the e2e suite does)
//
// nginx's access log (.tmp/cluster/access.log) names the instance that served each request
// (`upstream=127.0.0.1:3002`), and .tmp/cluster/instances.json lists each instance's pid:
// tests/e2e/cluster.spec.ts reads both, to see the load spread and to kill an instance.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { databaseProvider } from "../lib/database-provider.mjs";
import { build, checkEnvironment, loadEnvironment } from "./next.mjs";
import { ensureEnvFile, prepareDatabase } from "./setup.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

export const CLUSTER = {
  ports: [3001, 3002, 3003],
  httpsPort: 8443,
  httpPort: 8080,
  url: "https://localhost:8443",
  tlsDir: path.join(root, "data/tls"),
  nginxDir: path.join(root, ".tmp/cluster"),
};

function fail(message) {
  console.error(message);
  process.exit(1);
}

export function findNginx() {
  for (const candidate of [process.env.NGINX_PATH, "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

/** A self-signed certificate for localhost, made once with openssl and kept in data/tls/. */
export function ensureCertificate() {
  const cert = path.join(CLUSTER.tlsDir, "cert.pem");
  const key = path.join(CLUSTER.tlsDir, "key.pem");
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  mkdirSync(CLUSTER.tlsDir, { recursive: true, mode: 0o700 });
  const result = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
    { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" },
  );
  if (result.status !== 0) fail(`Making a certificate with openssl failed:\n${result.stderr}`);
  console.log(`Made a self-signed certificate for localhost: ${path.relative(root, cert)}`);
  return { cert, key };
}

function nginxConfig({ cert, key }) {
  const dir = CLUSTER.nginxDir;
  return `# Written by scripts/cluster.mjs at every start.
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }

http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server_tokens off;
  log_format upstream '$remote_addr "$request" $status upstream=$upstream_addr';
  access_log ${dir}/access.log upstream;

  # Round-robin, no stickiness: any instance can serve any session.
  upstream shop {
${CLUSTER.ports.map((port) => `    server 127.0.0.1:${port};`).join("\n")}
    keepalive 16;
  }

  server {
    listen 127.0.0.1:${CLUSTER.httpPort};
    server_name localhost;
    return 301 https://localhost:${CLUSTER.httpsPort}$request_uri;
  }

  server {
    listen 127.0.0.1:${CLUSTER.httpsPort} ssl http2;
    server_name localhost;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:shop_tls:1m;
    client_max_body_size 1m;

    location / {
      proxy_pass http://shop;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      # The instances trust exactly this one proxy: the right-most X-Forwarded-For entry
      # (the address nginx saw) and X-Forwarded-Proto (https). See TRUSTED_PROXY_COUNT.
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # An instance that is down is skipped for reads; a POST (an order, a sign-in) is
      # never sent twice, nginx's default for non-idempotent requests.
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
    }
  }
}
`;
}

function healthy(url, ca) {
  return new Promise((resolve) => {
    const request = https.get(url, { ca, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("error", () => resolve(false));
    request.on("timeout", () => request.destroy());
  });
}

async function waitFor(check, what) {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (await check()) return;
    await sleep(500);
  }
  throw new Error(`${what} did not come up.`);
}

const children = [];
let stopping = false;

/** Stops every instance and nginx (SIGQUIT: it finishes the requests in flight), then exits. */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((resolve) => child.once("exit", resolve)));
  for (const child of running) child.kill(child.name === "nginx" ? "SIGQUIT" : "SIGTERM");
  await Promise.all(exited);
  process.exit(code);
}

async function main() {
  ensureEnvFile();
  loadEnvironment();
  const url = process.env.DATABASE_URL;
  let provider = null;
  try {
    provider = databaseProvider(url);
  } catch {
    // reported below
  }
  if (provider !== "postgresql") {
    fail(
      "npm run cluster needs a PostgreSQL DATABASE_URL: several instances share one database, and SQLite is a file on one machine.\n" +
        "For example: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shop npm run cluster",
    );
  }
  const nginx = findNginx();
  if (!nginx) fail("npm run cluster needs nginx: apt-get install -y nginx (or set NGINX_PATH).");

  checkEnvironment("production");
  prepareDatabase();
  if (!process.argv.includes("--no-build")) build();
  const tls = ensureCertificate();
  mkdirSync(CLUSTER.nginxDir, { recursive: true });
  const configFile = path.join(CLUSTER.nginxDir, "nginx.conf");
  writeFileSync(configFile, nginxConfig(tls));
  writeFileSync(path.join(CLUSTER.nginxDir, "access.log"), "");

  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(0));

  for (const port of CLUSTER.ports) {
    const instance = spawn(process.execPath, ["scripts/server.mjs"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        AUTH_URL: CLUSTER.url,
        TRUSTED_PROXY_COUNT: "1",
        MAIL_OUTBOX_DIR: process.env.MAIL_OUTBOX_DIR || path.join(root, "data/outbox"),
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    instance.name = `instance ${port}`;
    children.push(instance);
  }
  const front = spawn(nginx, ["-c", configFile, "-p", CLUSTER.nginxDir, "-g", "daemon off;"], { stdio: ["ignore", "inherit", "inherit"] });
  front.name = "nginx";
  children.push(front);
  // Any child ending on its own (a crashed instance, nginx refusing its config) is reported;
  // the rest keep serving, as they would behind a real load balancer.
  for (const child of children) {
    child.on("exit", (code, signal) => {
      if (!stopping) console.error(`${child.name} exited (${signal ?? code}).`);
      if (!stopping && child.name === "nginx") void stop(1);
    });
  }

  writeFileSync(
    path.join(CLUSTER.nginxDir, "instances.json"),
    `${JSON.stringify(children.filter((child) => child.name !== "nginx").map((child, i) => ({ port: CLUSTER.ports[i], pid: child.pid })))}\n`,
  );
  const ca = readFileSync(tls.cert);
  for (const port of CLUSTER.ports) await waitFor(() => fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false), `The instance on port ${port}`);
  await waitFor(() => healthy(`${CLUSTER.url}/api/health`, ca), "nginx");
  console.log(`Shop: ${CLUSTER.url}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    void stop(1);
  });
}
