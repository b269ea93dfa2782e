-- CreateEnum
CREATE TYPE "ActionState" AS ENUM ('proposed', 'accepted', 'declined', 'done');

-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "lead_agency_id" TEXT;

-- CreateTable
CREATE TABLE "agency_action" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "agency_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "state" "ActionState" NOT NULL DEFAULT 'proposed',
    "due_at" TIMESTAMPTZ(3),
    "proposed_by" TEXT NOT NULL,
    "proposed_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_by" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "decline_reason" TEXT,
    "done_by" TEXT,
    "done_at" TIMESTAMPTZ(3),
    "done_note" TEXT,
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "next_escalation_at" TIMESTAMPTZ(3),

    CONSTRAINT "agency_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "situation_report" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "agency_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "situation" TEXT NOT NULL,
    "actions" TEXT NOT NULL,
    "needs" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "situation_report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agency_action_next_escalation_at_idx" ON "agency_action"("next_escalation_at");

-- CreateIndex
CREATE INDEX "agency_action_agency_id_state_idx" ON "agency_action"("agency_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "agency_action_incident_id_seq_key" ON "agency_action"("incident_id", "seq");

-- CreateIndex
CREATE INDEX "situation_report_incident_id_created_at_idx" ON "situation_report"("incident_id", "created_at");

-- AddForeignKey
ALTER TABLE "agency_action" ADD CONSTRAINT "agency_action_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "situation_report" ADD CONSTRAINT "situation_report_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

