/** The CLI's programmatic entry, for src/index.ts and the demo. */
export { runCli, buildProgram } from './program';
export { runScan, type CliIo, type ScanRequest, type ScanOutcome } from './scan';
export { EXIT, CliError, type ExitCode } from './errors';
export { FORMATS, formatReport, type ReportFormat } from './outputs';
export { baselineFromSummary, parseBaseline, serializeBaseline, BASELINE_VERSION, type BaselineFile } from './baseline';
