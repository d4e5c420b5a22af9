-- A one-time, server-side message for a session's pages (a cart merged at sign-in).
ALTER TABLE "Session" ADD COLUMN "notice" TEXT;
