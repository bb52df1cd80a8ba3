import { InMemoryReportReader } from './in-memory-report-reader';
import { reportReaderContract } from './report-reader.contract';

describe('InMemoryReportReader', () => {
  reportReaderContract(async ({ caregivers, applied, monthWrites }) => new InMemoryReportReader(new Map(Object.entries(caregivers)), applied, [], monthWrites));
});
