import { TerminusModule } from '@nestjs/terminus';

/**
 * Terminus without its own log line: a failed readiness check is logged once, at warn, by
 * ProblemDetailsFilter as it answers 503 (terminus logs each failure at error, every probe).
 */
export const QuietTerminusModule = TerminusModule.forRoot({ logger: false });
