-- CreateTable
CREATE TABLE "SelfAssessment" (
    "reportId" TEXT NOT NULL,
    "teachingScore" DOUBLE PRECISION,
    "managementScore" DOUBLE PRECISION,
    "conditions" JSONB NOT NULL DEFAULT '{}',
    "evidence" TEXT,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SelfAssessment_pkey" PRIMARY KEY ("reportId")
);

-- AddForeignKey
ALTER TABLE "SelfAssessment" ADD CONSTRAINT "SelfAssessment_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: self-assessments kept as rows (N1, N2 scores, DK conditions, MC evidence) move to the table.
-- A score written as text ("72.5 điểm") keeps its decimals, the integer column had rounded it.
INSERT INTO "SelfAssessment" ("reportId", "teachingScore", "managementScore", "conditions", "evidence", "updatedAt")
SELECT r."id",
  (SELECT CASE WHEN i."done" ~ '^[0-9]+([.][0-9]+)? điểm$' THEN split_part(i."done", ' ', 1)::float8 ELSE i."progressPercent" END FROM "ReportItem" i WHERE i."reportId" = r."id" AND i."taskCode" = 'N1'),
  (SELECT CASE WHEN i."done" ~ '^[0-9]+([.][0-9]+)? điểm$' THEN split_part(i."done", ' ', 1)::float8 ELSE i."progressPercent" END FROM "ReportItem" i WHERE i."reportId" = r."id" AND i."taskCode" = 'N2'),
  COALESCE((SELECT jsonb_object_agg(i."taskCode", i."status" = 'da_hoan_thanh') FROM "ReportItem" i WHERE i."reportId" = r."id" AND i."taskCode" LIKE 'DK%' AND i."status" IS NOT NULL), '{}'::jsonb),
  (SELECT i."done" FROM "ReportItem" i WHERE i."reportId" = r."id" AND i."taskCode" = 'MC'),
  r."updatedAt"
FROM "Report" r JOIN "Period" p ON p."id" = r."periodId"
WHERE p."kind" = 'self_assessment';

DELETE FROM "ReportItem" i USING "Report" r, "Period" p
WHERE i."reportId" = r."id" AND r."periodId" = p."id" AND p."kind" = 'self_assessment';
