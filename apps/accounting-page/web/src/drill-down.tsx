import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiClient, Problem, problemOfError } from './api';
import { formatInstant, formatMoney, plural } from './money';
import { ProblemView } from './problem-view';
import { EventsPage, LedgerEvent, Reimbursement, ReportRow } from './types';

const STATUSES = ['all', 'pending', 'reimbursed', 'voided'] as const;

/** The events behind a report row (in the business time zone), and from an event to its reimbursement. */
export function DrillDown(props: { api: ApiClient; row: ReportRow; currency: string; timeZone: string; onClose: () => void }) {
  const { api, row, currency, timeZone } = props;
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('all');
  const [events, setEvents] = useState<LedgerEvent[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [reimbursementId, setReimbursementId] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [row]);

  async function load(cursor?: string) {
    setLoading(true);
    setProblem(undefined);
    const params = new URLSearchParams({ caregiverId: row.caregiverId, month: row.month, limit: '100' });
    if (status !== 'all') params.set('status', status);
    if (cursor) params.set('cursor', cursor);
    try {
      const page = await api.json<EventsPage>(`/v1/events?${params.toString()}`);
      setEvents((shown) => (cursor ? [...shown, ...page.events] : page.events));
      setNextCursor(page.nextCursor);
    } catch (error) {
      setProblem(problemOfError(error));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    setReimbursementId(undefined);
    void load();
  }, [row, status]);

  return (
    <section class="drill-down" aria-labelledby="drill-heading" aria-busy={loading}>
      <div class="section-head">
        <h2 id="drill-heading" tabIndex={-1} ref={heading}>
          Events of {row.caregiverId} in {row.month}
        </h2>
        <button type="button" onClick={props.onClose}>
          Close events
        </button>
      </div>
      <label for="event-status">Status</label>{' '}
      <select id="event-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as (typeof STATUSES)[number])}>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <ProblemView problem={problem} />
      <div class="table-wrap">
        <table class="events">
          <caption>
            {plural(events.length, 'event')}
            {nextCursor ? ' so far' : ''}, times in {timeZone}
          </caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Time</th>
              <th scope="col" class="num">Amount</th>
              <th scope="col">Status</th>
              <th scope="col">Reimbursement or void reason</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.eventId} data-event-id={event.eventId}>
                <td>{event.eventType}</td>
                <td>
                  <time dateTime={event.occurredAt}>{formatInstant(event.occurredAt, timeZone)}</time>
                </td>
                <td class="num">{formatMoney(event.amountCents, event.currency)}</td>
                <td>
                  <span class={`badge ${event.status}`}>{event.status}</span>
                </td>
                <td>
                  {event.reimbursementId && (
                    <button type="button" aria-label={`Reimbursement of event ${event.eventId}`} onClick={() => setReimbursementId(event.reimbursementId)}>
                      Reimbursement
                    </button>
                  )}
                  {event.voidReason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextCursor && (
        <button type="button" disabled={loading} onClick={() => load(nextCursor)}>
          More events
        </button>
      )}
      {reimbursementId && <ReimbursementDetails api={api} reimbursementId={reimbursementId} currency={currency} timeZone={timeZone} onClose={() => setReimbursementId(undefined)} />}
    </section>
  );
}

function ReimbursementDetails(props: { api: ApiClient; reimbursementId: string; currency: string; timeZone: string; onClose: () => void }) {
  const [reimbursement, setReimbursement] = useState<Reimbursement>();
  const [problem, setProblem] = useState<Problem>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setReimbursement(undefined);
    props.api
      .json<Reimbursement>(`/v1/reimbursements/${encodeURIComponent(props.reimbursementId)}`)
      .then(setReimbursement)
      .catch((error) => setProblem(problemOfError(error)));
  }, [props.api, props.reimbursementId]);
  useEffect(() => heading.current?.focus(), [reimbursement]);
  return (
    <section class="reimbursement" aria-labelledby="reimbursement-heading">
      <div class="section-head">
        <h3 id="reimbursement-heading" tabIndex={-1} ref={heading}>
          Reimbursement {props.reimbursementId}
        </h3>
        <button type="button" onClick={props.onClose}>
          Close reimbursement
        </button>
      </div>
      <ProblemView problem={problem} />
      {reimbursement && <OutcomeDetails reimbursement={reimbursement} currency={props.currency} timeZone={props.timeZone} />}
    </section>
  );
}

export function OutcomeDetails({ reimbursement, currency, timeZone }: { reimbursement: Reimbursement; currency: string; timeZone: string }) {
  return (
    <dl class="outcome" data-status={reimbursement.status}>
      <dt>Status</dt>
      <dd>
        <span class={`badge ${reimbursement.status}`}>{reimbursement.status}</span>
        {reimbursement.reason ? ` (${reimbursement.reason})` : ''}
      </dd>
      <dt>Caregiver</dt>
      <dd>
        {reimbursement.caregiverId}
        {reimbursement.month ? `, ${reimbursement.month}` : ''}
      </dd>
      <dt>Amount</dt>
      <dd data-cents={reimbursement.amountCents}>{formatMoney(reimbursement.amountCents, currency)}</dd>
      <dt>Events</dt>
      <dd>{reimbursement.eventIds.length}</dd>
      {reimbursement.reference && (
        <>
          <dt>Reference</dt>
          <dd>{reimbursement.reference}</dd>
        </>
      )}
      <dt>Requested</dt>
      <dd>
        {formatInstant(reimbursement.requestedAt, timeZone)} by {reimbursement.requestedBy}
      </dd>
      {reimbursement.decidedAt && (
        <>
          <dt>Decided</dt>
          <dd>{formatInstant(reimbursement.decidedAt, timeZone)}</dd>
        </>
      )}
      {reimbursement.rejections.length > 0 && (
        <>
          <dt>Refused events</dt>
          <dd>
            <ul>
              {reimbursement.rejections.map((r) => (
                <li key={r.eventId}>
                  {r.eventId}: {r.reason}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}
