-- Effectively once delivery: a claim that may have reached the platform without an outcome on record leaves its time
-- here, so the next claim asks the platform (by idempotency key) before it sends again.
-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "sending_since" TIMESTAMPTZ(3);
