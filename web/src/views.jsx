// The result views: the park at a glance, hourly dispatch of any week with storage and prices,
// the price duration curve, the reform paths, the capacities and the year-by-year plan. Every
// number comes from the API (a parkgrid result); nothing is computed here but sums and units.
import React, { useEffect, useMemo, useState } from 'react';
import { api } from './api.js';
import Chart, { colorFor } from './Chart.jsx';
import { LABELS, useT } from './i18n.js';

export function fmt(v, digits = 0) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const x = Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// A path's simple payback in words, as the printed table and the report write it
// (paths::payback_text): paths.json has null both for "undefined" (the baseline, a path without
// a solution: its saving is null too) and for "never" (nothing saved); 0 is "no extra investment".
export function paybackText(x, t) {
  const years = x.simple_payback_years;
  if (years === 0) return t('payback_none');
  if (years === null || years === undefined) {
    return x.id !== 'baseline' && Number.isFinite(x.saving_cny_per_kwh) ? t('payback_never') : '–';
  }
  return fmt(years, 1);
}

function useResult(jobId, what, query) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    if (!jobId) return undefined;
    api
      .result(jobId, what, query)
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [jobId, what, query]);
  return [data, error];
}

function Loading({ error }) {
  const { t } = useT();
  return error ? <p className="error">{error}</p> : <p className="muted">{t('loading')}</p>;
}

function Kpi({ label, value, unit, testid }) {
  return (
    <div className="kpi" data-testid={testid}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">
        {value} <span className="kpi-unit">{unit}</span>
      </div>
    </div>
  );
}

// Driven by the job's settings or the result's own typical_days (summary.json), not by the number
// of hours in the results: a plan or a run on typical days has fewer snapshots than a year but
// stands for the whole year.
export function QuickLookBanner({ hours, typicalDays }) {
  const { t } = useT();
  if (typicalDays) return <p className="banner info" data-testid="typical-days">{t('typical_days_note', { n: typicalDays })}</p>;
  if (!hours || hours >= 8760) return null;
  return <p className="banner" data-testid="quick-look">{t('quick_look', { h: hours })}</p>;
}

export function Overview({ jobId, pathsId }) {
  const { t, lang } = useT();
  const [s, error] = useResult(jobId, 'summary');
  const [files] = useResult(jobId, 'files');
  if (!s) return <Loading error={error} />;
  const cap = s.capacities || [];
  const builtPower = cap.filter((c) => c.quantity !== 'energy_mwh').reduce((a, c) => a + (c.built || 0), 0);
  const builtEnergy = cap.filter((c) => c.quantity === 'energy_mwh').reduce((a, c) => a + (c.built || 0), 0);
  const cats = costCategories(s);
  const costOption = {
    grid: { left: 170, right: 40, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: t('million_cny'), nameLocation: 'middle', nameGap: 22 },
    yAxis: { type: 'category', data: cats.map((c) => (lang === 'zh' ? c.name_zh : c.name_en)), inverse: true },
    series: [
      {
        type: 'bar',
        data: cats.map((c) => ({
          value: +((c.sign * (s.cost_by_category[c.key] || 0)) / 1e6).toFixed(2),
          itemStyle: { color: c.sign < 0 ? '#90caf9' : '#1e88e5' },
        })),
        label: { show: true, position: 'right', formatter: (p) => fmt(p.value, 1) },
      },
    ],
  };
  return (
    <div>
      <QuickLookBanner hours={s.job && s.job.horizon_hours} typicalDays={(s.job && s.job.typical_days) || s.typical_days} />
      <h2>
        {s.scenario} · {t('status')}: <span data-testid="status">{t(`status_${s.status}`)}</span>
      </h2>
      <div className="kpis" data-testid="kpis">
        <Kpi testid="kpi-cost" label={t('kpi_cost')} value={fmt(s.average_cost_cny_per_kwh, 4)} unit={lang === 'zh' ? '元/千瓦时' : 'CNY/kWh'} />
        <Kpi testid="kpi-green" label={t('kpi_green')} value={fmt(100 * s.green_share, 1)} unit="%" />
        <Kpi testid="kpi-co2" label={t('kpi_co2')} value={fmt(s.co2_t / 1e6, 3)} unit="Mt" />
        <Kpi label={t('kpi_co2_intensity')} value={fmt(s.co2_kg_per_kwh, 3)} unit="kg/kWh" />
        <Kpi testid="kpi-load" label={t('kpi_load')} value={fmt(s.load_energy_mwh / 1e6, 3)} unit="TWh" />
        <Kpi label={t('kpi_total_cost')} value={fmt(s.objective_cny / 1e6, 1)} unit={lang === 'zh' ? '百万元' : 'million CNY'} />
        <Kpi label={t('kpi_built_power')} value={fmt(builtPower, 0)} unit="MW" />
        <Kpi label={t('kpi_built_energy')} value={fmt(builtEnergy, 0)} unit="MWh" />
        <Kpi label={t('kpi_renewable')} value={fmt(s.renewable_generation_mwh / 1e3, 1)} unit="GWh" />
        <Kpi label={t('kpi_res_capacity')} value={fmt(100 * s.renewable_capacity_share, 1)} unit="%" />
        <Kpi label={t('kpi_curtailment')} value={fmt(s.curtailment_mwh / 1e3, 1)} unit="GWh" />
        <Kpi label={t('kpi_import')} value={fmt(s.grid_import_mwh / 1e3, 1)} unit="GWh" />
        <Kpi label={t('kpi_export')} value={fmt(s.grid_export_mwh / 1e3, 1)} unit="GWh" />
        {s.heat && (
          <>
            <Kpi testid="kpi-heat-load" label={t('kpi_heat_load')} value={fmt(s.heat.load_mwh / 1e3, 1)} unit="GWh" />
            <Kpi testid="kpi-heat-price" label={t('kpi_heat_price')} value={s.heat.price_cny_per_mwh == null ? '–' : fmt(s.heat.price_cny_per_mwh, 1)} unit={lang === 'zh' ? '元/兆瓦时' : 'CNY/MWh'} />
            <Kpi label={t('kpi_heat_green')} value={fmt(100 * s.heat.green_share, 1)} unit="%" />
            <Kpi label={t('kpi_heat_co2')} value={fmt(s.heat.co2_t / 1e3, 1)} unit="kt" />
          </>
        )}
      </div>
      {s.heat && s.heat.supply && s.heat.supply.length > 0 && (
        <>
          <h3>{t('heat_supply')}</h3>
          <table className="table" data-testid="heat-supply">
            <tbody>
              {s.heat.supply.map((h) => (
                <tr key={h.name}>
                  <td>{h.name}</td>
                  <td>{h.family === 'storage_unit' || h.family === 'store' ? t('heat_discharged') : h.family === 'transfer' ? t('heat_passed_on') : h.family}</td>
                  <td className="n">{fmt(h.heat_mwh / 1e3, 2)} GWh</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>{t('cost_breakdown')} ({t('million_cny')})</h3>
      <Chart option={costOption} height={260} testid="chart-costs" />
      <h3>{t('downloads')}</h3>
      <ul className="files" data-testid="downloads">
        <li>
          <a href={api.reportUrl(jobId, pathsId)} target="_blank" rel="noreferrer" data-testid="report-link">
            {t('report')}
          </a>
        </li>
        {(files || []).map((f) => (
          <li key={f}>
            <a href={api.fileUrl(jobId, f)} download>
              {f}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Dispatch({ jobId }) {
  const { t } = useT();
  const [week, setWeek] = useState(0);
  const [s] = useResult(jobId, 'summary');
  const [d, error] = useResult(jobId, 'dispatch', `start=${week * 168}&hours=168`);
  const [pd] = useResult(jobId, 'price-duration');
  useEffect(() => setWeek(0), [jobId]);
  const weeks = s ? Math.max(1, Math.ceil(s.hours / 168)) : 1;
  const option = useMemo(() => {
    if (!d) return null;
    const series = [];
    d.supply.forEach((x, i) =>
      series.push({ name: x.name, type: 'line', stack: 'supply', areaStyle: { opacity: 0.85 }, symbol: 'none', lineStyle: { width: 0 }, color: colorFor(x.kind, i), data: x.values }),
    );
    d.consumption.forEach((x, i) =>
      series.push({ name: x.name, type: 'line', stack: 'use', areaStyle: { opacity: 0.85 }, symbol: 'none', lineStyle: { width: 0 }, color: colorFor(x.kind, i + 1), data: x.values.map((v) => (v === null ? null : -v)) }),
    );
    series.push({ name: t('load'), type: 'line', symbol: 'none', color: '#d32f2f', lineStyle: { width: 2 }, data: d.load });
    // Committable (coal) units: the least output of the units online, a dashed line each.
    (d.min_output_mw || []).forEach((x) =>
      series.push({ name: t('min_load_line', { name: x.name }), type: 'line', symbol: 'none', color: '#37474f', lineStyle: { width: 1.5, type: 'dashed' }, data: x.values }),
    );
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt(v, 1)} MW` },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 70 },
      xAxis: { type: 'category', data: d.snapshots.map((s2) => s2.slice(5).replace('T', ' ')), axisLabel: { interval: 23 } },
      yAxis: { type: 'value', name: 'MW' },
      series,
    };
  }, [d, t]);
  const socOption = useMemo(() => {
    if (!d || d.soc.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt(v, 1)} MWh` },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: d.snapshots.map((s2) => s2.slice(5).replace('T', ' ')), axisLabel: { interval: 23 } },
      yAxis: { type: 'value', name: 'MWh' },
      series: d.soc.map((x, i) => ({ name: x.name, type: 'line', symbol: 'none', color: colorFor('', i), data: x.values })),
    };
  }, [d]);
  const unitsOption = useMemo(() => {
    if (!d || !d.units_online || d.units_online.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => fmt(v, 2) },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: d.snapshots.map((s2) => s2.slice(5).replace('T', ' ')), axisLabel: { interval: 23 } },
      yAxis: { type: 'value', name: t('units_axis'), minInterval: 1 },
      series: d.units_online.map((x, i) => ({ name: x.name, type: 'line', step: 'end', symbol: 'none', color: colorFor('', i), data: x.values })),
    };
  }, [d, t]);
  const priceOption = useMemo(() => {
    if (!d || d.prices.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt(v, 1)} CNY/MWh` },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: d.snapshots.map((s2) => s2.slice(5).replace('T', ' ')), axisLabel: { interval: 23 } },
      yAxis: { type: 'value', name: 'CNY/MWh' },
      series: d.prices.map((x, i) => ({ name: x.name, type: 'line', step: 'end', symbol: 'none', color: colorFor('', i), data: x.values })),
    };
  }, [d]);
  // Heat (docs/formulation.md "Heat"): the heat buses' balance, storage level and price.
  const heatOption = useMemo(() => {
    if (!d || !d.heat) return null;
    const h = d.heat;
    const series = [];
    h.supply.forEach((x, i) =>
      series.push({ name: x.name, type: 'line', stack: 'supply', areaStyle: { opacity: 0.85 }, symbol: 'none', lineStyle: { width: 0 }, color: colorFor(x.kind, i), data: x.values }),
    );
    h.consumption.forEach((x, i) =>
      series.push({ name: x.name, type: 'line', stack: 'use', areaStyle: { opacity: 0.85 }, symbol: 'none', lineStyle: { width: 0 }, color: colorFor(x.kind, i + 1), data: x.values.map((v) => (v === null ? null : -v)) }),
    );
    series.push({ name: t('heat_load'), type: 'line', symbol: 'none', color: '#d32f2f', lineStyle: { width: 2 }, data: h.load });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt(v, 1)} MW_th` },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 70 },
      xAxis: { type: 'category', data: d.snapshots.map((s2) => s2.slice(5).replace('T', ' ')), axisLabel: { interval: 23 } },
      yAxis: { type: 'value', name: 'MW_th' },
      series,
    };
  }, [d, t]);
  const heatLevelOption = useMemo(() => {
    if (!d || !d.heat || d.heat.levels.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt(v, 1)} MWh_th` },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: d.snapshots.map((s2) => s2.slice(5).replace('T', ' ')), axisLabel: { interval: 23 } },
      yAxis: { type: 'value', name: 'MWh_th' },
      series: d.heat.levels.map((x, i) => ({ name: x.name, type: 'line', symbol: 'none', color: colorFor('', i), data: x.values })),
    };
  }, [d]);
  const heatPriceOption = useMemo(() => {
    if (!d || !d.heat || d.heat.prices.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt(v, 1)} CNY/MWh_th` },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: d.snapshots.map((s2) => s2.slice(5).replace('T', ' ')), axisLabel: { interval: 23 } },
      yAxis: { type: 'value', name: 'CNY/MWh_th' },
      series: d.heat.prices.map((x, i) => ({ name: x.name, type: 'line', step: 'end', symbol: 'none', color: colorFor('', i), data: x.values })),
    };
  }, [d]);
  const durationOption = useMemo(() => {
    if (!pd || pd.buses.length === 0) return null;
    const n = pd.buses[0].values.length;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt(v, 1)} CNY/MWh` },
      legend: { top: 0, right: 30 },
      grid: { left: 70, right: 30, top: 30, bottom: 45 },
      xAxis: { type: 'value', min: 1, max: n, name: t('hours_ranked'), nameLocation: 'middle', nameGap: 25 },
      yAxis: { type: 'value', name: 'CNY/MWh' },
      series: pd.buses.map((b, i) => ({ name: b.name, type: 'line', symbol: 'none', color: colorFor('', i), data: b.values.map((v, k) => [k + 1, v]) })),
    };
  }, [pd, t]);
  return (
    <div>
      <QuickLookBanner hours={s && s.hours} typicalDays={s && s.typical_days} />
      <div className="week-picker" data-testid="week-picker">
        <button type="button" onClick={() => setWeek(Math.max(0, week - 1))} disabled={week === 0}>
          ◀ {t('prev_week')}
        </button>
        <label>
          {t('week')}{' '}
          <select value={week} onChange={(e) => setWeek(Number(e.target.value))} data-testid="week-select">
            {Array.from({ length: weeks }, (_, i) => (
              <option key={i} value={i}>
                {i + 1}
              </option>
            ))}
          </select>{' '}
          {t('of_weeks', { n: weeks })}
        </label>
        <button type="button" onClick={() => setWeek(Math.min(weeks - 1, week + 1))} disabled={week >= weeks - 1}>
          {t('next_week')} ▶
        </button>
        {d && d.snapshots.length > 0 && (
          <span className="muted">
            {d.snapshots[0]} – {d.snapshots[d.snapshots.length - 1]}
          </span>
        )}
      </div>
      <h3>{t('dispatch_title')}</h3>
      {option ? <Chart option={option} height={380} testid="chart-dispatch" /> : <Loading error={error} />}
      {unitsOption && (
        <>
          <h3>{t('units_online_title')}</h3>
          <Chart option={unitsOption} height={200} testid="chart-units-online" />
        </>
      )}
      <h3>{t('soc_title')}</h3>
      {socOption ? <Chart option={socOption} height={240} testid="chart-soc" /> : d && <p className="muted">{t('no_storage')}</p>}
      <h3>{t('week_prices')}</h3>
      {priceOption && <Chart option={priceOption} height={220} testid="chart-week-prices" />}
      {heatOption && (
        <>
          <h3>{t('heat_dispatch_title')}</h3>
          <Chart option={heatOption} height={320} testid="chart-heat-dispatch" />
          {heatLevelOption && (
            <>
              <h3>{t('heat_levels_title')}</h3>
              <Chart option={heatLevelOption} height={220} testid="chart-heat-levels" />
            </>
          )}
          {heatPriceOption && (
            <>
              <h3>{t('heat_prices_title')}</h3>
              <Chart option={heatPriceOption} height={200} testid="chart-heat-prices" />
            </>
          )}
        </>
      )}
      <h3>{t('duration_title')}</h3>
      {durationOption ? <Chart option={durationOption} height={280} testid="chart-duration" /> : <Loading />}
    </div>
  );
}

// The cost categories as summary.json lists them (written once, in parkgrid's
// analysis::cost_categories); a summary.json without the list is labelled by its keys.
function costCategories(s) {
  if (Array.isArray(s.cost_categories)) return s.cost_categories;
  return Object.keys(s.cost_by_category || {}).map((key) => ({ key, name_en: key, name_zh: key, sign: 1 }));
}

// The waterfall's parts as paths.json lists them (written once, in parkgrid's paths::waterfall_parts);
// a paths.json without the list is labelled by its keys.
function waterfallParts(p) {
  if (Array.isArray(p.waterfall_parts)) return p.waterfall_parts;
  const keys = Object.keys((p.paths[0] && p.paths[0].waterfall_cny_per_kwh) || {}).filter((k) => k !== 'total');
  return keys.map((key) => ({ key, name_en: key, name_zh: key }));
}

export function Paths({ pathsId }) {
  const { t, lang } = useT();
  const [p, error] = useResult(pathsId, 'paths');
  const [job, setJob] = useState(null);
  useEffect(() => {
    setJob(null);
    if (pathsId) api.job(pathsId).then(setJob).catch(() => setJob(null));
  }, [pathsId]);
  const option = useMemo(() => {
    if (!p) return null;
    const names = p.paths.map((x) => (lang === 'zh' ? x.name_zh : x.name_en));
    const series = waterfallParts(p).filter(({ key }) => p.paths.some((x) => Math.abs(x.waterfall_cny_per_kwh[key] || 0) > 1e-9)).map(({ key: k, name_en, name_zh }, i) => ({
      name: lang === 'zh' ? name_zh : name_en,
      type: 'bar',
      stack: 'price',
      color: colorFor('', i),
      data: p.paths.map((x) => +(x.waterfall_cny_per_kwh[k] || 0).toFixed(4)),
    }));
    series.push({
      name: t('total'),
      type: 'line',
      symbol: 'diamond',
      symbolSize: 10,
      color: '#222',
      lineStyle: { opacity: 0 },
      label: { show: true, position: 'top', formatter: (v) => fmt(v.value, 4), fontWeight: 'bold' },
      data: p.paths.map((x) => (Number.isFinite(x.price_cny_per_kwh) ? +x.price_cny_per_kwh.toFixed(4) : null)),
    });
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${fmt(v, 4)} CNY/kWh` },
      legend: { bottom: 0 },
      grid: { left: 70, right: 30, top: 30, bottom: 100 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, width: 150, overflow: 'break' } },
      yAxis: { type: 'value', name: lang === 'zh' ? '元/千瓦时' : 'CNY/kWh' },
      series,
    };
  }, [p, t, lang]);
  if (!pathsId) return <p className="muted">{t('no_paths')}</p>;
  if (!p) return <Loading error={error} />;
  return (
    <div>
      <QuickLookBanner hours={job && job.horizon_hours} typicalDays={(job && job.typical_days) || p.typical_days} />
      <h2>
        {p.scenario} · {p.tariff}
      </h2>
      <h3>{t('paths_title')}</h3>
      <Chart option={option} height={420} testid="chart-paths" />
      <table className="table" data-testid="paths-table">
        <thead>
          <tr>
            <th>{t('path')}</th>
            <th>{t('status')}</th>
            <th>{t('price')}</th>
            <th>{t('saving')}</th>
            <th>{t('green')}</th>
            <th>{t('co2_kwh')}</th>
            <th>{t('investment')}</th>
            <th>{t('payback')}</th>
          </tr>
        </thead>
        <tbody>
          {p.paths.map((x) => (
            <tr key={x.id}>
              <td>{lang === 'zh' ? x.name_zh : x.name_en}</td>
              <td>{t(`status_${x.status}`)}</td>
              <td className="n">{fmt(x.price_cny_per_kwh, 4)}</td>
              <td className="n">{fmt(x.saving_cny_per_kwh, 4)}</td>
              <td className="n">{fmt(100 * x.green_share, 1)} %</td>
              <td className="n">{fmt(x.co2_kg_per_kwh, 3)}</td>
              <td className="n">{fmt(x.investment_cny / 1e6, 1)}</td>
              <td className="n">{paybackText(x, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.paths.some((x) => x.heat_load_mwh > 0) && (
        <>
          <h3>{t('paths_heat_title')}</h3>
          <table className="table" data-testid="paths-heat">
            <thead>
              <tr>
                <th>{t('path')}</th>
                <th>{t('heat_load_gwh')}</th>
                <th>{t('heat_price_mwh')}</th>
                <th>{t('heat_cost_m')}</th>
                <th>{t('heat_co2_kt')}</th>
              </tr>
            </thead>
            <tbody>
              {p.paths.map((x) => (
                <tr key={x.id}>
                  <td>{lang === 'zh' ? x.name_zh : x.name_en}</td>
                  <td className="n">{fmt(x.heat_load_mwh / 1e3, 1)}</td>
                  <td className="n">{x.heat_price_cny_per_mwh == null ? '–' : fmt(x.heat_price_cny_per_mwh, 1)}</td>
                  <td className="n">{x.heat_price_cny_per_mwh == null ? '–' : fmt(x.heat_cost_cny / 1e6, 1)}</td>
                  <td className="n">{x.heat_co2_t == null ? '–' : fmt(x.heat_co2_t / 1e3, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>{t('reform_built')}</h3>
      <table className="table">
        <tbody>
          {p.paths.map((x) => (
            <tr key={x.id}>
              <td>{lang === 'zh' ? x.name_zh : x.name_en}</td>
              <td>
                {x.built.filter((b) => b.built >= 0.5).map((b) => `${b.name} ${fmt(b.built, 0)} ${b.quantity === 'energy_mwh' ? 'MWh' : 'MW'}`).join(', ') || '–'}
                {(x.infeasibility || []).map((v, i) => (
                  <div key={i} className="error">
                    ✗ {v.message}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Capacities({ jobId }) {
  const { t } = useT();
  const [caps, error] = useResult(jobId, 'capacities');
  if (!caps) return <Loading error={error} />;
  return (
    <table className="table" data-testid="capacities-table">
      <thead>
        <tr>
          <th>{t('component')}</th>
          <th>{t('type')}</th>
          <th>{t('unit')}</th>
          <th>{t('existing')}</th>
          <th>{t('optimal')}</th>
          <th>{t('built')}</th>
          <th>{t('energy_gwh')}</th>
          <th>{t('full_load_hours')}</th>
        </tr>
      </thead>
      <tbody>
        {caps.map((c) => (
          <tr key={`${c.family}-${c.name}-${c.quantity}`} className={c.built > 1e-6 ? 'built' : ''}>
            <td>{c.name}</td>
            <td>{t(`family_${c.family}`)}</td>
            <td>{c.quantity === 'energy_mwh' ? 'MWh' : 'MW'}</td>
            <td className="n">{fmt(c.existing, 1)}</td>
            <td className="n">{fmt(c.optimal, 1)}</td>
            <td className="n">{c.extendable ? fmt(c.built, 1) : '–'}</td>
            <td className="n">{c.energy_mwh === null ? '–' : fmt(c.energy_mwh / 1e3, 1)}</td>
            <td className="n">{fmt(c.full_load_hours, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Multi-period planning (OUT/periods.csv, OUT/period_capacities.csv): columns by header name.
export function Years({ data }) {
  if (data.error) return <p className="error">{data.error}</p>;
  return <YearsCharts data={data} />;
}

function YearsCharts({ data }) {
  const { t } = useT();
  const rows = data.periods.rows;
  const years = rows.map((r) => String(r.year));
  const col = (name) => (data.periods.columns.includes(name) ? rows.map((r) => r[name]) : null);
  const cost = col('cost_of_supply_cny_per_kwh');
  const green = col('green_share');
  const inv = col('investment_cny');
  const lineOption = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 70, right: 70, top: 30, bottom: 50 },
    xAxis: { type: 'category', data: years },
    yAxis: [
      { type: 'value', name: 'CNY/kWh' },
      { type: 'value', name: '%', max: 100 },
    ],
    series: [
      cost && { name: t('kpi_cost'), type: 'line', data: cost, color: '#1e88e5' },
      green && { name: t('kpi_green'), type: 'line', yAxisIndex: 1, data: green.map((g) => +(100 * g).toFixed(1)), color: '#43a047' },
    ].filter(Boolean),
  };
  const invOption = inv && {
    tooltip: { trigger: 'axis' },
    grid: { left: 70, right: 30, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', name: 'M CNY' },
    series: [{ type: 'bar', data: inv.map((v) => +(v / 1e6).toFixed(1)), color: '#43a047' }],
  };
  let capOption = null;
  if (data.capacities) {
    // Power capacities (MW) only: energy capacities (MWh) do not stack with them.
    const mw = data.capacities.rows.filter((r) => r.unit === undefined || r.unit === 'MW');
    const names = [...new Set(mw.map((r) => r.name))];
    capOption = {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 70, right: 30, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', name: 'MW' },
      series: names.map((n, i) => ({
        name: n,
        type: 'bar',
        stack: 'built',
        color: colorFor('', i),
        data: years.map((y) => mw.filter((r) => String(r.year) === y && r.name === n).reduce((a, r) => a + (r.built || 0), 0)),
      })),
    };
  }
  return (
    <div data-testid="years">
      <h3>{t('years_title')}</h3>
      <Chart option={lineOption} height={280} testid="chart-years" />
      {invOption && (
        <>
          <h3>{t('years_investment')}</h3>
          <Chart option={invOption} height={240} testid="chart-years-investment" />
        </>
      )}
      {capOption && (
        <>
          <h3>{t('years_capacities')}</h3>
          <Chart option={capOption} height={280} testid="chart-years-capacities" />
        </>
      )}
      <table className="table">
        <thead>
          <tr>
            {data.periods.columns.map((c) => (
              <th key={c} title={c}>
                {LABELS[`col_${c}`] ? t(`col_${c}`) : c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {data.periods.columns.map((c) => (
                <td key={c} className={typeof r[c] === 'number' ? 'n' : ''}>
                  {c === 'year' || typeof r[c] !== 'number' ? r[c] : fmt(r[c], Math.abs(r[c]) < 10 ? 4 : 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
