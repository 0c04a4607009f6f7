-- AlterTable
ALTER TABLE "InboundEmail" ADD COLUMN     "periodCode" TEXT,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "schoolId" TEXT;

-- AlterTable
ALTER TABLE "OutboundEmail" ADD COLUMN     "threading" JSONB;
