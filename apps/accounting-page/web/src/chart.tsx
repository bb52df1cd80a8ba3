import { scaleBand, scaleLinear } from 'd3-scale';
import { formatMoney } from './money';
import { Totals } from './types';

const WIDTH = 960;
const HEIGHT = 280;
const MARGIN = { top: 12, right: 12, bottom: 44, left: 96 };

/**
 * Pending and reimbursed per month over the whole result, stacked (d3-scale for the scales; the
 * bars are SVG in the page, each with a text alternative). A table of the same numbers follows it.
 */
export function MonthlyChart(props: { months: (Totals & { month: string })[]; currency: string }) {
  const { months, currency } = props;
  if (months.length === 0) return null;
  const x = scaleBand<string>()
    .domain(months.map((m) => m.month))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const max = Math.max(...months.map((m) => m.totalCents), 1);
  const y = scaleLinear().domain([0, max]).nice(5).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const labelEvery = Math.ceil(months.length / 12);
  const money = (cents: number) => formatMoney(cents, currency);
  return (
    <figure class="chart">
      <figcaption id="chart-caption">Pending and reimbursed per month, whole result</figcaption>
      <ul class="legend" aria-hidden="true">
        <li>
          <span class="swatch reimbursed" /> Reimbursed
        </li>
        <li>
          <span class="swatch pending" /> Pending
        </li>
      </ul>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-labelledby="chart-caption" class="chart-svg">
        <g class="axis" aria-hidden="true">
          {y.ticks(5).map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} class="grid" />
              <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" text-anchor="end">
                {money(tick)}
              </text>
            </g>
          ))}
          {months.map((m, i) =>
            i % labelEvery === 0 ? (
              <text key={m.month} x={(x(m.month) ?? 0) + x.bandwidth() / 2} y={HEIGHT - MARGIN.bottom + 18} text-anchor="middle">
                {m.month}
              </text>
            ) : null,
          )}
        </g>
        {months.map((m) => {
          const width = Math.min(x.bandwidth(), 72);
          const left = (x(m.month) ?? 0) + (x.bandwidth() - width) / 2;
          const reimbursedTop = y(m.reimbursedCents);
          const pendingTop = y(m.reimbursedCents + m.pendingCents);
          const label = `${m.month}: pending ${money(m.pendingCents)}, reimbursed ${money(m.reimbursedCents)}`;
          return (
            <g key={m.month} class="bar" role="img" aria-label={label} data-month={m.month} data-pending-cents={m.pendingCents} data-reimbursed-cents={m.reimbursedCents}>
              <title>{label}</title>
              <rect class="reimbursed" x={left} width={width} y={reimbursedTop} height={y(0) - reimbursedTop} />
              <rect class="pending" x={left} width={width} y={pendingTop} height={reimbursedTop - pendingTop} />
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
