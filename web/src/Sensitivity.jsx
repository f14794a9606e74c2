// The Sensitivity view: a sweep folder of `parkgrid sweep` (docs/sweep.md) as the server gives it
// (GET /api/jobs/ID/sweep): the distribution of each figure (mean, P10, P50, P90), the share of
// samples in which each reform path is cheapest, the tornado (one at a time), Morris mu*/sigma or
// Sobol S1/ST, and the chosen figure against each parameter. Every number is read from the
// sweep's CSV files; nothing is estimated here.
import React, { useEffect, useMemo, useState } from 'react';
import { api } from './api.js';
import Chart, { colorFor } from './Chart.jsx';
import { useT } from './i18n.js';
import { fmt } from './views.jsx';

const PATH_IDS = ['baseline', 'linkage', 'distribution', 'integration', 'combined'];

// A figure's value with a precision that suits its size (as the report's).
export function sig(v) {
  if (v === null || v === undefined || v === '' || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e4) return fmt(v, 0);
  if (a >= 100) return fmt(v, 1);
  if (a >= 1) return fmt(v, 3);
  return fmt(v, 4);
}

// The figure shown first: the average cost of supply (run), or the price of the path that is
// cheapest in most samples (paths).
function keyFigure(sweep, shares) {
  if (sweep.run === 'paths') {
    const best = shares.reduce((a, b) => (b.share > a.share ? b : a), { id: 'combined', share: -1 });
    return `${best.id}.price_cny_per_kwh`;
  }
  return sweep.figures.includes('average_cost_cny_per_kwh') ? 'average_cost_cny_per_kwh' : sweep.figures[0];
}

function pathLabel(t, id) {
  return PATH_IDS.includes(id) ? t(`path_${id}`) : id;
}

function Tornado({ rows, figure, t }) {
  const option = useMemo(() => {
    const r = rows.filter((x) => x.figure === figure).sort((a, b) => Math.abs(a.swing) - Math.abs(b.swing));
    if (!r.length) return null;
    const base = r[0].base;
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps) =>
          ps
            .map((p) => {
              const x = r[p.dataIndex];
              const at = p.seriesIndex === 0 ? x.low_at : x.high_at;
              return `${x.parameter} = ${at}: ${sig(base + p.value)}`;
            })
            .join('<br>'),
      },
      legend: { bottom: 0 },
      grid: { left: 200, right: 40, top: 20, bottom: 60 },
      xAxis: { type: 'value', name: `${t('delta_from_base')} (${t('base')} ${sig(base)})`, nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: r.map((x) => x.parameter) },
      series: [
        { name: t('low_value'), type: 'bar', stack: 'd', color: '#5470c6', data: r.map((x) => x.low - base) },
        { name: t('high_value'), type: 'bar', stack: 'd', color: '#ee6666', data: r.map((x) => x.high - base) },
      ],
    };
  }, [rows, figure, t]);
  if (!option) return <p className="muted">{t('no_indices_for_figure')}</p>;
  return <Chart option={option} height={Math.max(200, 60 + 34 * rows.filter((x) => x.figure === figure).length)} testid="chart-tornado" />;
}

function Indices({ rows, figure, morris, t }) {
  const option = useMemo(() => {
    const r = rows.filter((x) => x.figure === figure);
    if (!r.length) return null;
    const keys = morris ? ['mu_star', 'sigma'] : ['S1', 'ST'];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => sig(v) },
      legend: { bottom: 0 },
      grid: { left: 200, right: 40, top: 20, bottom: 50 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: r.map((x) => x.parameter) },
      series: keys.map((k, i) => ({
        name: k === 'mu_star' ? 'mu*' : k,
        type: 'bar',
        color: colorFor('', i),
        data: r.map((x) => (Number.isFinite(x[k]) ? x[k] : null)),
      })),
    };
  }, [rows, figure, morris]);
  if (!option) return <p className="muted">{t('no_indices_for_figure')}</p>;
  return <Chart option={option} height={Math.max(200, 60 + 40 * rows.filter((x) => x.figure === figure).length)} testid={morris ? 'chart-morris' : 'chart-sobol'} />;
}

function Scatter({ results, parameter, columns, t }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: (p) => `${p.seriesName}<br>${parameter} = ${sig(p.value[0])}: ${sig(p.value[1])}` },
      legend: columns.length > 1 ? { bottom: 0 } : undefined,
      grid: { left: 80, right: 30, top: 20, bottom: columns.length > 1 ? 100 : 45 },
      xAxis: { type: 'value', name: parameter, nameLocation: 'middle', nameGap: 26, scale: true },
      yAxis: { type: 'value', scale: true },
      series: columns.map((c, i) => ({
        name: c.label,
        type: 'scatter',
        symbolSize: 7,
        color: colorFor('', i),
        data: results.rows
          .filter((r) => Number.isFinite(r[`p.${parameter}`]) && Number.isFinite(r[c.column]))
          .map((r) => [r[`p.${parameter}`], r[c.column]]),
      })),
    }),
    [results, parameter, columns],
  );
  return (
    <div className="scatter-cell">
      <h4>
        {t('against')} {parameter}
      </h4>
      <Chart option={option} height={columns.length > 1 ? 330 : 260} testid={`chart-scatter-${parameter}`} />
    </div>
  );
}

export default function Sensitivity({ sweepId }) {
  const { t } = useT();
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [figure, setFigure] = useState('');
  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    setFigure('');
    if (!sweepId) return undefined;
    api
      .result(sweepId, 'sweep')
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [sweepId]);
  const derived = useMemo(() => {
    if (!data) return null;
    const summary = data.summary.rows;
    const shares = summary.filter((r) => String(r.figure).startsWith('cheapest.')).map((r) => ({ id: r.figure.slice(9), share: r.mean, samples: r.samples }));
    const failed = (summary.find((r) => r.figure === 'infeasible_or_failed') || {}).samples || 0;
    const figures = summary.filter((r) => !String(r.figure).startsWith('cheapest.') && r.figure !== 'infeasible_or_failed');
    const optimal = data.results.rows.filter((r) => r.status === 'optimal').length;
    return { shares, failed, figures, optimal, key: keyFigure(data.sweep, shares) };
  }, [data]);
  if (!sweepId) return <p className="muted">{t('no_sweep')}</p>;
  if (error) return <p className="error">{error}</p>;
  if (!data || !derived) return <p className="muted">{t('loading')}</p>;
  const { sweep, sensitivity, results } = data;
  const shown = figure || derived.key;
  const sens = sensitivity ? sensitivity.rows : [];
  const tornado = sensitivity && sensitivity.columns.includes('swing');
  const morris = sensitivity && sensitivity.columns.includes('mu_star');
  const numeric = sweep.parameters.filter((p) => results.rows.every((r) => Number.isFinite(r[`p.${p}`])));
  // the scatter's series: the figure, or for a sweep of the paths that figure of every path
  const suffix = sweep.run === 'paths' ? shown.slice(shown.indexOf('.') + 1) : '';
  const columns = sweep.run === 'paths' ? PATH_IDS.map((id) => ({ column: `${id}.${suffix}`, label: pathLabel(t, id) })) : [{ column: shown, label: shown }];
  const shareOption = derived.shares.length
    ? {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${fmt(v, 1)} %` },
        grid: { left: 200, right: 40, top: 10, bottom: 30 },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
        yAxis: { type: 'category', data: derived.shares.map((s) => pathLabel(t, s.id)) },
        series: [{ type: 'bar', color: '#3ba272', label: { show: true, position: 'right', formatter: (p) => `${fmt(p.value, 1)} %` }, data: derived.shares.map((s) => 100 * s.share) }],
      }
    : null;
  return (
    <div data-testid="sensitivity">
      <h2>
        {sweep.name} · {t(`design_${sweep.design || ''}`)}
      </h2>
      <p className="muted" data-testid="sweep-meta">
        {t('samples')}: {results.rows.length} ({derived.optimal} {t('n_optimal')}, {derived.failed} {t('infeasible_or_failed')}) · {t('each_sample')}: {sweep.run === 'paths' ? t('kind_paths') : sweep.run === 'plan' ? t('kind_plan') : t('one_year')}
        {sweep.typical_days > 0 ? ` · ${t('typical_days_n', { n: sweep.typical_days })}` : ''} · {t('parameters')}: {sweep.parameters.join(', ')}
      </p>
      {shareOption && (
        <>
          <h3>{t('cheapest_share')}</h3>
          <Chart option={shareOption} height={220} testid="chart-cheapest" />
        </>
      )}
      <h3>{t('sweep_summary')}</h3>
      <table className="table" data-testid="sweep-summary">
        <thead>
          <tr>
            <th>{t('figure')}</th>
            <th>{t('samples')}</th>
            <th>{t('mean')}</th>
            <th>P10</th>
            <th>P50</th>
            <th>P90</th>
            <th>{t('min')}</th>
            <th>{t('max')}</th>
          </tr>
        </thead>
        <tbody>
          {derived.figures.map((r) => (
            <tr key={r.figure} className={r.figure === shown ? 'selected' : ''}>
              <td>{r.figure}</td>
              <td className="n">{r.samples}</td>
              <td className="n">{sig(r.mean)}</td>
              <td className="n">{sig(r.p10)}</td>
              <td className="n">{sig(r.p50)}</td>
              <td className="n">{sig(r.p90)}</td>
              <td className="n">{sig(r.min)}</td>
              <td className="n">{sig(r.max)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="figure-select">
        {t('figure_shown')}{' '}
        <select value={shown} onChange={(e) => setFigure(e.target.value)} data-testid="figure-select">
          {sweep.figures.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <h3>{tornado ? t('tornado') : morris ? t('morris') : sensitivity ? t('sobol') : t('sensitivity')}</h3>
      {!sensitivity && <p className="muted">{t('no_indices')}</p>}
      {tornado && <Tornado rows={sens} figure={shown} t={t} />}
      {sensitivity && !tornado && <Indices rows={sens} figure={shown} morris={morris} t={t} />}
      <h3>{t('scatter')}</h3>
      {numeric.length < sweep.parameters.length && <p className="muted">{t('not_numeric', { names: sweep.parameters.filter((p) => !numeric.includes(p)).join(', ') })}</p>}
      <div className="scatter-grid">
        {numeric.map((p) => (
          <Scatter key={p} results={results} parameter={p} columns={columns} t={t} />
        ))}
      </div>
    </div>
  );
}
