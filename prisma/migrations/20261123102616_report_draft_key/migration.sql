-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "draftKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Report_draftKey_key" ON "Report"("draftKey");
