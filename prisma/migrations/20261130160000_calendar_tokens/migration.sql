-- CreateTable
CREATE TABLE "calendar_token" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "holder_id" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,

    CONSTRAINT "calendar_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "calendar_token_token_hash_key" ON "calendar_token"("token_hash");

-- CreateIndex
CREATE INDEX "calendar_token_subject_type_subject_id_idx" ON "calendar_token"("subject_type", "subject_id");

