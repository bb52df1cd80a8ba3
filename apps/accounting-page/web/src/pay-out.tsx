import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiClient, Problem, problemOfError } from './api';
import { OutcomeDetails } from './drill-down';
import { Modal } from './modal';
import { formatMoney, plural } from './money';
import { ProblemView } from './problem-view';
import { Reimbursement, ReportRow } from './types';

type Step = { kind: 'confirm' } | { kind: 'waiting' } | { kind: 'outcome'; reimbursement: Reimbursement } | { kind: 'unknown'; reimbursementId: string; position: string };

/**
 * The pay-out of everything pending in a caregiver-month: confirm, send, then read the outcome with
 * the write's position (read-your-writes: the query API answers once the projection has folded it).
 */
export function PayOutDialog(props: { api: ApiClient; row: ReportRow; currency: string; timeZone: string; onWritten: (position: string) => void; onClose: () => void }) {
  const { api, row, currency } = props;
  const [step, setStep] = useState<Step>({ kind: 'confirm' });
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (step.kind === 'outcome' || step.kind === 'unknown') close.current?.focus();
  }, [step.kind]);

  async function readOutcome(reimbursementId: string, position: string) {
    setStep({ kind: 'waiting' });
    setProblem(undefined);
    try {
      const params = new URLSearchParams({ minPosition: position });
      const reimbursement = await api.json<Reimbursement>(`/v1/reimbursements/${encodeURIComponent(reimbursementId)}?${params.toString()}`);
      setStep({ kind: 'outcome', reimbursement });
      props.onWritten(position);
    } catch (error) {
      setProblem(problemOfError(error));
      setStep({ kind: 'unknown', reimbursementId, position });
    }
  }

  async function confirm(event: Event) {
    event.preventDefault();
    setStep({ kind: 'waiting' });
    setProblem(undefined);
    try {
      const written = await api.json<{ reimbursementId: string; position: string }>('/v1/reimbursements', {
        json: { caregiverId: row.caregiverId, month: row.month, ...(reference.trim() ? { reference: reference.trim() } : {}) },
      });
      await readOutcome(written.reimbursementId, written.position);
    } catch (error) {
      setProblem(problemOfError(error));
      setStep({ kind: 'confirm' });
    }
  }

  return (
    <Modal labelledBy="pay-out-heading" onClose={props.onClose} className="pay-out">
      <h2 id="pay-out-heading">Pay out {row.caregiverId} in {row.month}</h2>
      {step.kind === 'confirm' && (
        <form onSubmit={confirm}>
          <p>
            Request the reimbursement of everything pending for caregiver <strong>{row.caregiverId}</strong> in <strong>{row.month}</strong>: now{' '}
            <strong>{formatMoney(row.pendingCents, currency)}</strong>.
          </p>
          <label for="pay-out-reference">Payment reference (optional)</label>
          <input id="pay-out-reference" maxLength={200} value={reference} onInput={(e) => setReference(e.currentTarget.value)} />
          <ProblemView problem={problem} />
          <div class="actions">
            <button type="submit" class="primary" autofocus>
              Confirm pay-out
            </button>
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {step.kind === 'waiting' && (
        <p role="status" class="status">
          Waiting for the outcome…
        </p>
      )}
      {step.kind === 'outcome' && (
        <div role="status" class="pay-out-outcome">
          <p class="outcome-summary">
            {step.reimbursement.status === 'completed'
              ? `Completed: ${formatMoney(step.reimbursement.amountCents, currency)} for ${plural(step.reimbursement.eventIds.length, 'event')}.`
              : step.reimbursement.status === 'rejected'
                ? `Rejected: ${step.reimbursement.reason ?? 'refused'}.`
                : 'Requested; not decided yet.'}
          </p>
          <OutcomeDetails reimbursement={step.reimbursement} currency={currency} timeZone={props.timeZone} />
        </div>
      )}
      {step.kind === 'unknown' && (
        <>
          <ProblemView problem={problem} />
          <p>The request was sent; its outcome is not known yet.</p>
        </>
      )}
      {(step.kind === 'outcome' || step.kind === 'unknown') && (
        <div class="actions">
          {step.kind === 'unknown' && (
            <button type="button" onClick={() => readOutcome(step.reimbursementId, step.position)}>
              Check the outcome again
            </button>
          )}
          <button type="button" class="primary" ref={close} onClick={props.onClose}>
            Close
          </button>
        </div>
      )}
    </Modal>
  );
}
