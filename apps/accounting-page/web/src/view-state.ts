import { last12Months, Period } from './period';

/** What the page shows, kept in the URL so that a view can be bookmarked and shared. */
export interface ViewState extends Period {
  caregiverIds: string[];
}

const CAREGIVER_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Ids typed or pasted: separated by commas, semicolons, spaces or line breaks (a spreadsheet column too); repeats dropped. */
export function parseCaregiverIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((id) => id !== ''))];
}

export function invalidCaregiverIds(ids: string[]): string[] {
  return ids.filter((id) => !CAREGIVER_ID.test(id));
}

export function readViewState(search: string, today: Date): ViewState & { shown: boolean } {
  const params = new URLSearchParams(search);
  const fallback = last12Months(today);
  const from = params.get('from');
  const to = params.get('to');
  return {
    from: from ?? fallback.from,
    to: to ?? fallback.to,
    caregiverIds: parseCaregiverIds(params.get('caregivers') ?? ''),
    // A URL naming a period shows its report at once.
    shown: from !== null && to !== null,
  };
}

export function viewStateSearch(state: ViewState): string {
  const params = new URLSearchParams({ from: state.from, to: state.to });
  if (state.caregiverIds.length > 0) params.set('caregivers', state.caregiverIds.join(','));
  return `?${params.toString()}`;
}
