export { copyFromPod, copyToPod, KubexCopyError, type CopyOptions, type CopyResult } from "./cp.js";
export type { SkippedEntry } from "./local-files.js";
