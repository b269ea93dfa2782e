-- CreateTable
CREATE TABLE "inbox_request" (
    "id" BIGSERIAL NOT NULL,
    "request_key" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_by" TEXT,
    "claimed_until" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "via" TEXT NOT NULL DEFAULT 'request',

    CONSTRAINT "inbox_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "inbox_request_request_key_key" ON "inbox_request"("request_key");

-- CreateIndex
CREATE INDEX "inbox_request_status_claimed_until_idx" ON "inbox_request"("status", "claimed_until");

