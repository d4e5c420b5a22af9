-- Guest sessions started from one network in the last hour are counted (the guest limit).
CREATE INDEX "Session_ipAddress_createdAt_idx" ON "Session"("ipAddress", "createdAt");
