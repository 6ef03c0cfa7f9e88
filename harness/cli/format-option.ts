// The repeatable `--format NAME` option of `run` and `merge`: each value is checked against the
// report formats as it is parsed, so a typo is a usage error before any case runs.
import { InvalidArgumentError } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../report/reporters.js';

export function collectFormat(value: string, previous: readonly ReportFormat[] | undefined): ReportFormat[] {
  if (!(REPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`--format takes one of ${REPORT_FORMATS.join(', ')}, not "${value}"`);
  return [...(previous ?? []), value as ReportFormat];
}
