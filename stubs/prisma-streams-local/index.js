// Stand-in for @prisma/streams-local (see README.md next to this file). The real package
// runs the local event stream behind `prisma dev`; nothing else in the Prisma CLI loads it.
// Failing loudly here is the honest answer if someone does run `prisma dev` in this project.
throw new Error(
  "@prisma/streams-local is stubbed out: `prisma dev` is not used by this project. " +
    "It uses a SQLite file (`npm run setup`); see stubs/prisma-streams-local/README.md.",
);
