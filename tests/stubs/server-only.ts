// Vitest runs lib/ modules outside Next.js, where the real "server-only" package throws on
// import. The guard matters in the app bundle, not in a test process, so it is empty here.
export {};
