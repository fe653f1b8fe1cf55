import { neutralizeBidi } from '../report/escape';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatHtml } from '../report/html';
import { formatJson } from '../report/json';
import { formatJunit } from '../report/junit';
import { formatSarif, type SarifOptions } from '../report/sarif';
import type { ScanSummary } from '../report/summary';
import { formatText, type TextOptions } from '../report/text';
import { CliError } from './errors';

export const FORMATS = ['text', 'json', 'junit', 'sarif', 'html'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface ReportOptions extends TextOptions {
  sarif?: SarifOptions;
}

export function formatReport(summary: ScanSummary, format: ReportFormat, options: ReportOptions = {}): string {
  // No format shows a bidi control raw (it would reorder what a reader sees); the markup formats also cap each value.
  return neutralizeBidi(formatIn(summary, format, options));
}

function formatIn(summary: ScanSummary, format: ReportFormat, options: ReportOptions): string {
  switch (format) {
    case 'text':
      return formatText(summary, options);
    case 'json':
      return formatJson(summary);
    case 'junit':
      return formatJunit(summary);
    case 'sarif':
      return formatSarif(summary, options.sarif);
    case 'html':
      return formatHtml(summary);
  }
}

export function writeReportFile(file: string, content: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  } catch (error) {
    throw new CliError(`could not write the report to ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Pass a writable path to --output.`);
  }
}
