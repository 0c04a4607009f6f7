-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "basedOnId" TEXT,
ALTER COLUMN "version" DROP NOT NULL;

-- CreateTable
CREATE TABLE "DialogueState" (
    "conversationId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DialogueState_pkey" PRIMARY KEY ("conversationId","accountId")
);

-- CreateTable
CREATE TABLE "InboundUpdate" (
    "id" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "updateId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "InboundUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboundUpdate_status_createdAt_idx" ON "InboundUpdate"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundUpdate_channel_updateId_key" ON "InboundUpdate"("channel", "updateId");

-- AddForeignKey
ALTER TABLE "DialogueState" ADD CONSTRAINT "DialogueState_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DialogueState" ADD CONSTRAINT "DialogueState_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "ChatAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: a form in progress moves to its sender (the last writer in the chat), then the old column goes.
INSERT INTO "DialogueState" ("conversationId", "accountId", "state", "updatedAt")
SELECT "id", "accountId", "state", "updatedAt" FROM "Conversation"
WHERE "state" IS NOT NULL AND "accountId" IS NOT NULL;

ALTER TABLE "Conversation" DROP COLUMN "state";

-- Data: drafts have no version number until filed, each belongs to its author, what they started from is basedOnId.
UPDATE "Report" SET "basedOnId" = "supersedesId", "supersedesId" = NULL, "version" = NULL,
  "draftKey" = "schoolId" || ':' || "periodId" || ':' || COALESCE("createdById", 'office')
WHERE "status" = 'draft';
