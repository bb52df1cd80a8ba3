import { useEffect, useState } from 'preact/hooks';
import { ApiClient, Problem, problemOfError } from './api';
import { MonthlyChart } from './chart';
import { formatMoney, plural } from './money';
import { ProblemView } from './problem-view';
import { MonthlyReport, ReportRow } from './types';
import { ViewState } from './view-state';

export const PAGE_SIZES = [10, 25, 50, 100, 250];

function reportBody(view: ViewState) {
  return { from: view.from, to: view.to, ...(view.caregiverIds.length > 0 ? { caregiverIds: view.caregiverIds } : {}) };
}

/**
 * The monthly report of the view: totals and the chart over the whole result, the rows page by page
 * (the totals stay, whichever page is shown), CSV downloads of every row.
 */
export function Report(props: {
  api: ApiClient;
  view: ViewState;
  pageSize: number;
  onPageSize: (size: number) => void;
  /** Set after a write: the report then reflects at least that write. */
  minPosition?: string;
  canPayOut: boolean;
  onDrillDown: (row: ReportRow, currency: string, timeZone: string) => void;
  onPayOut: (row: ReportRow, currency: string, timeZone: string) => void;
}) {
  const { api, view, pageSize } = props;
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  // The answer shown, and which page it is (the caption and pager follow what is on screen, not what is asked).
  const [shown, setShown] = useState<{ report: MonthlyReport; page: number }>();
  const report = shown?.report;
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [downloadProblem, setDownloadProblem] = useState<Problem>();
  const cursor = cursors[cursors.length - 1];
  const asked = cursors.length;

  // A new view or page size starts at the first page.
  useEffect(() => setCursors([undefined]), [view, pageSize]);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setProblem(undefined);
    api
      .json<MonthlyReport>('/v1/reports/monthly/query', {
        json: { ...reportBody(view), limit: pageSize, ...(cursor ? { cursor } : {}), ...(props.minPosition ? { minPosition: props.minPosition } : {}) },
      })
      .then((answer) => current && setShown({ report: answer, page: asked }))
      .catch((error) => current && setProblem(problemOfError(error)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, view, pageSize, cursor, asked, props.minPosition]);

  async function download(format: 'csv' | 'csv-excel') {
    setDownloadProblem(undefined);
    try {
      const response = await api.call('/v1/reports/monthly/query', { json: { ...reportBody(view), format }, accept: 'text/csv' });
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `monthly-report-${view.from}-${view.to}${format === 'csv-excel' ? '-excel' : ''}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setDownloadProblem(problemOfError(error));
    }
  }

  const money = (cents: number) => formatMoney(cents, report?.currency ?? 'SEK');
  const page = shown?.page ?? 1;
  return (
    <section class="report" aria-labelledby="report-heading" aria-busy={loading}>
      <h2 id="report-heading">
        Monthly report {view.from} – {view.to}
      </h2>
      <p class="status" role="status">
        {loading ? 'Loading…' : report ? `${plural(report.totals.eventCount, 'event')} in ${plural(report.totalsByMonth.length, 'month')}.` : ''}
      </p>
      <ProblemView problem={problem} />
      {report && (
        <>
          <dl class="totals" aria-label="Totals for the whole result">
            {(
              [
                ['Total', 'total', money(report.totals.totalCents)],
                ['Pending', 'pending', money(report.totals.pendingCents)],
                ['Reimbursed', 'reimbursed', money(report.totals.reimbursedCents)],
                ['Events', 'events', String(report.totals.eventCount)],
              ] as const
            ).map(([label, id, value]) => (
              <div key={id}>
                <dt>{label}</dt>
                <dd data-testid={id}>{value}</dd>
              </div>
            ))}
          </dl>
          <MonthlyChart months={report.totalsByMonth} currency={report.currency} />
          <div class="toolbar">
            <button type="button" onClick={() => download('csv-excel')}>
              Download CSV for Excel
            </button>
            <button type="button" onClick={() => download('csv')}>
              Download CSV
            </button>
            <label for="page-size">Rows per page</label>
            <select id="page-size" value={String(pageSize)} onChange={(e) => props.onPageSize(Number(e.currentTarget.value))}>
              {[...new Set([...PAGE_SIZES, pageSize])]
                .sort((a, b) => a - b)
                .map((size) => (
                  <option key={size} value={String(size)}>
                    {size}
                  </option>
                ))}
            </select>
          </div>
          <ProblemView problem={downloadProblem} />
          {report.rows.length === 0 ? (
            <p>No events in this period.</p>
          ) : (
            <div class="table-wrap">
              <table class="rows">
                <caption>
                  Per caregiver and month, page {page}
                  {report.nextCursor || page > 1 ? '' : ' (all rows)'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Caregiver</th>
                    <th scope="col">Month</th>
                    <th scope="col" class="num">Events</th>
                    <th scope="col" class="num">Total</th>
                    <th scope="col" class="num">Pending</th>
                    <th scope="col" class="num">Reimbursed</th>
                    <th scope="col">By type</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((row) => (
                    <tr key={`${row.caregiverId}#${row.month}`} data-caregiver={row.caregiverId} data-month={row.month}>
                      <th scope="row">{row.caregiverId}</th>
                      <td>{row.month}</td>
                      <td class="num">{row.eventCount}</td>
                      <td class="num" data-cents={row.totalCents}>{money(row.totalCents)}</td>
                      <td class="num" data-cents={row.pendingCents}>{money(row.pendingCents)}</td>
                      <td class="num" data-cents={row.reimbursedCents}>{money(row.reimbursedCents)}</td>
                      <td>
                        <ul class="by-type">
                          {row.byType.map((t) => (
                            <li key={t.eventType}>
                              {t.eventType}: {t.count} · {money(t.totalCents)}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td class="row-actions">
                        <button type="button" aria-label={`Events of ${row.caregiverId} in ${row.month}`} onClick={() => props.onDrillDown(row, report.currency, report.timeZone)}>
                          Events
                        </button>
                        {props.canPayOut && row.pendingCents > 0 && (
                          <button type="button" aria-label={`Pay out ${row.caregiverId} in ${row.month}`} onClick={() => props.onPayOut(row, report.currency, report.timeZone)}>
                            Pay out
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      Whole result
                    </th>
                    <td class="num">{report.totals.eventCount}</td>
                    <td class="num">{money(report.totals.totalCents)}</td>
                    <td class="num">{money(report.totals.pendingCents)}</td>
                    <td class="num">{money(report.totals.reimbursedCents)}</td>
                    <td colSpan={2} />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {(page > 1 || report.nextCursor) && (
            <nav class="pager" aria-label="Pages of the report">
              <button type="button" disabled={asked === 1 || loading} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous page
              </button>
              <span>Page {page}</span>
              <button type="button" disabled={!report.nextCursor || loading} onClick={() => report.nextCursor && setCursors([...cursors, report.nextCursor])}>
                Next page
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
