-- CreateTable
CREATE TABLE "web_session" (
    "id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,

    CONSTRAINT "web_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "web_sign_in_request" (
    "state" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "web_sign_in_request_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "web_sign_in_failure" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "web_sign_in_failure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "web_session_person_id_idx" ON "web_session"("person_id");

-- CreateIndex
CREATE INDEX "web_session_expires_at_idx" ON "web_session"("expires_at");

-- CreateIndex
CREATE INDEX "web_sign_in_request_created_at_idx" ON "web_sign_in_request"("created_at");

-- CreateIndex
CREATE INDEX "web_sign_in_failure_key_at_idx" ON "web_sign_in_failure"("key", "at");
