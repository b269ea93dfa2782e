-- Digests: "still open at the end of a day" reads incidents closed after that day, or not closed.
-- CreateIndex
CREATE INDEX "incident_closed_at_idx" ON "incident"("closed_at");
