import { useState } from 'preact/hooks';
import { last12Months, lastYear, Period, periodProblem, thisYear } from './period';
import { invalidCaregiverIds, parseCaregiverIds, ViewState } from './view-state';

/** The period (with shortcuts) and the caregivers, typed or pasted. */
export function Filters(props: { view: ViewState; scoped: boolean; onShow: (view: ViewState) => void }) {
  const [from, setFrom] = useState(props.view.from);
  const [to, setTo] = useState(props.view.to);
  const [caregivers, setCaregivers] = useState(props.view.caregiverIds.join('\n'));
  const [problem, setProblem] = useState<string>();
  const ids = parseCaregiverIds(caregivers);

  function show(period: Period = { from, to }) {
    const wrong = invalidCaregiverIds(ids);
    const problemText =
      periodProblem(period) ??
      (wrong.length > 0 ? `Not a caregiver id: ${wrong.slice(0, 3).join(', ')}${wrong.length > 3 ? ` and ${wrong.length - 3} more` : ''}.` : undefined) ??
      (ids.length > 10_000 ? 'At most 10 000 caregivers at a time.' : undefined);
    setProblem(problemText);
    if (problemText === undefined) props.onShow({ ...period, caregiverIds: ids });
  }

  function shortcut(period: Period) {
    setFrom(period.from);
    setTo(period.to);
    show(period);
  }

  const today = new Date();
  return (
    <form
      class="filters"
      aria-label="What to show"
      onSubmit={(event) => {
        event.preventDefault();
        show();
      }}
    >
      <fieldset class="period">
        <legend>Period</legend>
        <div class="field">
          <label for="from">From month</label>
          <input id="from" name="from" type="month" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="to">To month</label>
          <input id="to" name="to" type="month" required value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        <div class="shortcuts" role="group" aria-label="Period shortcuts">
          <button type="button" onClick={() => shortcut(thisYear(today))}>This year</button>
          <button type="button" onClick={() => shortcut(lastYear(today))}>Last year</button>
          <button type="button" onClick={() => shortcut(last12Months(today))}>Last 12 months</button>
        </div>
      </fieldset>
      <div class="field caregivers">
        <label for="caregivers">Caregivers</label>
        <textarea
          id="caregivers"
          name="caregivers"
          rows={3}
          spellcheck={false}
          aria-describedby="caregivers-hint"
          value={caregivers}
          onInput={(e) => setCaregivers(e.currentTarget.value)}
        />
        <p id="caregivers-hint" class="hint">
          Type or paste ids, separated by commas, spaces or line breaks.{' '}
          {ids.length === 0
            ? props.scoped
              ? 'None: every caregiver you manage.'
              : 'None: every caregiver.'
            : `${ids.length} caregiver${ids.length === 1 ? '' : 's'}.`}
        </p>
      </div>
      <div class="actions">
        <button type="submit" class="primary">Show report</button>
      </div>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
