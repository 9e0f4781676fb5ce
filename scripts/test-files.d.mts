/** Which test files a run takes, as paths relative to `root` (see test-files.mjs). */
export function selectTestFiles(root: string, args: readonly string[]): string[];
