/** The mail-reading thread (reader.ts): parse and analyse one mail at a time. */
import { workerData } from "node:worker_threads";
import type { SchoolRef } from "../../registry/school-names.ts";
import { readMail, type ReaderSetup, type ReaderTask } from "./reader.ts";

const setup = workerData as ReaderSetup;
/** The last school list received, parsed once (the same string comes with every mail of a batch). */
let schoolsJson = "";
let schools: SchoolRef[] = [];

export default function read(task: ReaderTask) {
  if (task.schoolsJson !== schoolsJson) [schoolsJson, schools] = [task.schoolsJson, JSON.parse(task.schoolsJson) as SchoolRef[]];
  return readMail(Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength), schools, task.receivedAt, setup);
}
