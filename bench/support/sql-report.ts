import { ReportRow } from '@reimbursements/domain/reports/monthly-report';
import { Client } from 'pg';
import { note } from './report';

/** One generated event, as the plain SQL table of the naive design holds it. */
export interface SqlEvent {
  caregiverId: string;
  occurredAt: Date;
  /** The calendar month in the business time zone. */
  month: string;
  eventType: string;
  amountCents: number;
  status: 'pending' | 'reimbursed';
}

/** A report row, as the API answers it. */
export type SqlReportRow = ReportRow;

/**
 * The seed service's design, done fairly: the events in a plain PostgreSQL table with an index on
 * (caregiver, time) and a month column in the business time zone, and the report computed per
 * request with GROUP BY.
 */
export class SqlReport {
  private constructor(
    private readonly admin: Client,
    private readonly client: Client,
    readonly database: string,
  ) {}

  static async create(url: string, database: string): Promise<SqlReport> {
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const target = new URL(url);
    target.pathname = `/${database}`;
    const client = new Client({ connectionString: target.toString() });
    await client.connect();
    await client.query(`CREATE TABLE events (
      caregiver_id text NOT NULL, occurred_at timestamptz NOT NULL, month text NOT NULL,
      event_type text NOT NULL, amount_cents integer NOT NULL, status text NOT NULL)`);
    return new SqlReport(admin, client, database);
  }

  async insert(events: SqlEvent[]): Promise<void> {
    await this.client.query(
      `INSERT INTO events SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::int[], $6::text[])`,
      [
        events.map((e) => e.caregiverId),
        events.map((e) => e.occurredAt.toISOString()),
        events.map((e) => e.month),
        events.map((e) => e.eventType),
        events.map((e) => e.amountCents),
        events.map((e) => e.status),
      ],
    );
  }

  /**
   * After the load, as an operator would: the index, a vacuum with fresh statistics, and a
   * checkpoint, so that neither autovacuum nor the next checkpoint takes up the million rows just
   * written in the middle of the timed requests (this PostgreSQL serves FerretDB too).
   */
  async index(): Promise<void> {
    await this.client.query('CREATE INDEX events_caregiver_time ON events (caregiver_id, occurred_at)');
    await this.client.query('VACUUM (ANALYZE) events');
    // A superuser's or pg_checkpoint's right (the default URL's user is postgres).
    await this.client.query('CHECKPOINT').catch((error: Error) => note(`no CHECKPOINT after the load: ${error.message}`));
  }

  /** The report's rows in (caregiverId, month) order, the months `from`..`to` in `timeZone`. */
  async report(caregiverIds: string[], from: string, to: string, timeZone: string): Promise<SqlReportRow[]> {
    const result = await this.client.query<{ caregiver_id: string; month: string; event_type: string; n: number; total: string; pending: string; reimbursed: string }>(
      `SELECT caregiver_id, month, event_type, count(*)::int AS n, sum(amount_cents)::bigint AS total,
              coalesce(sum(amount_cents) FILTER (WHERE status = 'pending'), 0)::bigint AS pending,
              coalesce(sum(amount_cents) FILTER (WHERE status = 'reimbursed'), 0)::bigint AS reimbursed
         FROM events
        WHERE caregiver_id = ANY($1)
          AND occurred_at >= ($2::timestamp AT TIME ZONE $4)
          AND occurred_at < (($3::timestamp + interval '1 month') AT TIME ZONE $4)
        GROUP BY caregiver_id, month, event_type
        ORDER BY caregiver_id COLLATE "C", month, event_type COLLATE "C"`,
      [caregiverIds, `${from}-01`, `${to}-01`, timeZone],
    );
    const rows: SqlReportRow[] = [];
    for (const r of result.rows) {
      let row = rows[rows.length - 1];
      if (!row || row.caregiverId !== r.caregiver_id || row.month !== r.month) {
        row = { caregiverId: r.caregiver_id, month: r.month, eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0, byType: [] };
        rows.push(row);
      }
      row.eventCount += r.n;
      row.totalCents += Number(r.total);
      row.pendingCents += Number(r.pending);
      row.reimbursedCents += Number(r.reimbursed);
      row.byType.push({ eventType: r.event_type, count: r.n, totalCents: Number(r.total) });
    }
    return rows;
  }

  async drop(): Promise<void> {
    await this.client.end();
    await this.admin.query(`DROP DATABASE IF EXISTS ${this.database}`);
    await this.admin.end();
  }
}
