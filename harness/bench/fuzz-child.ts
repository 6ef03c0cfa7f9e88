// The process fuzz-apart.ts starts: one timeFuzz run, its FuzzRate as JSON on stdout, progress on stderr.
import { timeFuzz } from './fuzz-rate.js';
import type { FuzzRateRequest } from './fuzz-apart.js';

const request = JSON.parse(process.argv[2] ?? '{}') as FuzzRateRequest;
const rate = await timeFuzz(request.spec, request.dir, request.seconds, request.jobs, request.sequencesPerSession, (text) => process.stderr.write(`${text}\n`));
process.stdout.write(JSON.stringify(rate));
