-- AlterTable
ALTER TABLE "digest_subscription" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'digest',
ADD COLUMN     "weekday" INTEGER;

-- CreateIndex
CREATE INDEX "agency_action_state_proposed_at_idx" ON "agency_action"("state", "proposed_at");

-- CreateIndex
CREATE INDEX "agency_action_done_at_idx" ON "agency_action"("done_at");

-- CreateIndex
CREATE INDEX "agency_action_state_answered_at_idx" ON "agency_action"("state", "answered_at");

