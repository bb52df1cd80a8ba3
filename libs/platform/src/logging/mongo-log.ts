import { StuckMonitorWatch } from '@reimbursements/mongo/stuck-monitor-watchdog';
import { Logger } from '@nestjs/common';

const logger = new Logger('MongoClient');

/** Says in the app's structured log that the driver's monitor of a server was stuck (stuck-monitor-watchdog.ts). */
export const logStuckMongoMonitor: NonNullable<StuckMonitorWatch['onStuck']> = (address, stuckForMs, restarted) => {
  if (restarted) logger.warn({ address, stuckForMs }, 'the MongoDB driver monitor of a server was stuck in a heartbeat; restarted it');
  else logger.error({ address, stuckForMs }, 'the MongoDB driver monitor of a server is stuck in a heartbeat and could not be restarted (driver internals changed)');
};
