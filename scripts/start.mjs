#!/usr/bin/env node
// `npm start`: everything a fresh clone needs, then the production server.
// .env (first run) -> environment check -> database setup -> `next build` -> `next start`
// on HOST:PORT (default 127.0.0.1:3000). The check comes first: a bad value should stop
// the command at once, not after a two-minute build.
import { build, checkEnvironment, loadEnvironment, serve } from "./next.mjs";
import { ensureEnvFile, prepareDatabase } from "./setup.mjs";

ensureEnvFile();
// Values already in the environment win over .env, so `PORT=4000 npm start` works.
loadEnvironment();
checkEnvironment("production");
prepareDatabase();
build();
serve("start");
