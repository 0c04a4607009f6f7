/** The mail-reading thread (reader.ts): parse and analyse one mail at a time. */
import { workerData } from "node:worker_threads";
import { readMail, type ReaderSetup, type ReaderTask } from "./reader.ts";

const setup = workerData as ReaderSetup;

export default function read(task: ReaderTask) {
  return readMail(Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength), task.schools, task.receivedAt, setup);
}
