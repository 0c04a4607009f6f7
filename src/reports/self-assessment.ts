/** The annual self-assessment form as data (src/reports/self-assessment.yaml), validated on load. */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";

const schema = z.object({
  groups: z.array(z.object({ code: z.string(), title: z.string(), max: z.number().int().positive() })).length(2),
  conditions: z.array(z.object({ code: z.string(), title: z.string(), verified: z.boolean() })),
});
export type SelfAssessmentForm = z.infer<typeof schema>;

export function loadSelfAssessmentForm(file = path.join(import.meta.dirname, "self-assessment.yaml")): SelfAssessmentForm {
  const parsed = schema.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed.data;
}

let shipped: SelfAssessmentForm | undefined;
/** The shipped form, read once (for code that has no form passed in). */
export const shippedSelfAssessmentForm = (): SelfAssessmentForm => (shipped ??= loadSelfAssessmentForm());
