// Next.js calls register() once when a server process starts (`next start`; with
// `next dev`, when the first request compiles it), before that process handles a request.
// The work lives in instrumentation-node.ts: it uses Node.js APIs (process.exit, bcrypt),
// and this condition, written exactly so, lets Next.js leave it out of the Edge bundle.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startNodeServer } = await import("./instrumentation-node");
    await startNodeServer();
  }
}
