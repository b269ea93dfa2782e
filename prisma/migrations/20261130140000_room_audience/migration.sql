-- AlterTable
ALTER TABLE "agency" ADD COLUMN     "notify" TEXT NOT NULL DEFAULT 'full';

-- AlterTable
ALTER TABLE "address" ADD COLUMN     "audience" TEXT NOT NULL DEFAULT 'agency',
ADD COLUMN     "cleared" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "room_audience" (
    "platform" "Platform" NOT NULL,
    "workspace" TEXT NOT NULL DEFAULT '',
    "channel" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "room_audience_pkey" PRIMARY KEY ("platform","workspace","channel")
);


-- Hand-added: person addresses are personal chats; only known values are stored.
UPDATE "address" SET "audience" = 'personal' WHERE "owner_type" = 'person';
ALTER TABLE "address" ADD CONSTRAINT "address_audience_check" CHECK ("audience" IN ('personal', 'agency', 'shared'));
ALTER TABLE "address" ADD CONSTRAINT "address_cleared_check" CHECK (NOT ("cleared" AND "audience" = 'shared'));
ALTER TABLE "agency" ADD CONSTRAINT "agency_notify_check" CHECK ("notify" IN ('full', 'by-reference'));
