// parkgrid's web UI: choose a scenario, run an optimisation or the reform paths as a background
// job, follow its progress, and look at the results (and a sweep's sensitivity); edit the inputs.
// Language: 中文 / English.
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from './api.js';
import Editor from './Editor.jsx';
import Sensitivity from './Sensitivity.jsx';
import { LangContext, makeT } from './i18n.js';
import { Capacities, Dispatch, Overview, Paths, Years, fmt } from './views.jsx';

// A positive value: a quick look at the first hours; negative: the whole year on that many
// typical days (the API's typical_days); 0: every hour of the year.
const HORIZONS = [
  { value: 336, key: 'horizon_336' },
  { value: 672, key: 'horizon_672' },
  { value: 2184, key: 'horizon_2184' },
  { value: -24, key: 'horizon_td24' },
  { value: 0, key: 'horizon_full' },
];

function JobRow({ job, selected, onShow, onCancel, t }) {
  const [open, setOpen] = useState(false);
  const [log, setLog] = useState([]);
  const active = job.state === 'queued' || job.state === 'running';
  useEffect(() => {
    if (!open) return undefined;
    let live = true;
    const load = () => api.job(job.id).then((j) => live && setLog(j.log || []));
    load();
    const timer = active ? setInterval(load, 1000) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [open, job.id, active]);
  const progress =
    job.kind === 'paths' && job.state === 'running'
      ? ` · ${t('path_of')} ${Math.min(job.solves_finished + 1, job.paths_total || 5)}/${job.paths_total || 5}`
      : '';
  return (
    <li className={`job job-${job.state}${selected ? ' selected' : ''}`} data-testid={`job-${job.id}`} data-state={job.state}>
      <div className="job-head">
        <span className={`state state-${job.state}`}>{t(`state_${job.state}`)}</span>
        <strong>{job.scenario || job.scenario_name}</strong>
        <span>{t(`kind_${job.kind}`)}</span>
        {job.horizon_hours ? <span className="muted">{job.horizon_hours} h</span> : null}
        {job.typical_days ? <span className="muted">{t('typical_days_n', { n: job.typical_days })}</span> : null}
        {job.imported && <span className="muted">({t('imported')})</span>}
      </div>
      <div className="job-meta muted">
        {t('phase')}: {t(`phase_${job.phase.replaceAll(' ', '_')}`)}
        {progress}
        {!job.imported && ` · ${t('elapsed')} ${fmt(job.elapsed_s, 1)} s`}
      </div>
      {job.error && <pre className="error job-error">{job.error}</pre>}
      {(job.diagnostics || []).map((d, i) => (
        <div key={i} className="error">
          ✗ {d.message}
        </div>
      ))}
      <div className="job-actions">
        {job.state === 'done' &&
          (selected ? (
            <span className="tag">{t('shown')}</span>
          ) : (
            <button type="button" className="small" onClick={() => onShow(job)} data-testid={`show-${job.id}`}>
              {t('show')}
            </button>
          ))}
        {!job.imported && (
          <button type="button" className="small" onClick={() => onCancel(job)} data-testid={`cancel-${job.id}`}>
            {active ? t('cancel') : t('remove')}
          </button>
        )}
        {!job.imported && (
          <button type="button" className="small link" onClick={() => setOpen(!open)}>
            {t('log')} {open ? '▲' : '▼'}
          </button>
        )}
      </div>
      {open && <pre className="log">{log.slice(-30).join('\n')}</pre>}
    </li>
  );
}

export default function App() {
  const [lang, setLang] = useState(() => localStorage.getItem('parkgrid.lang') || 'zh');
  const t = useMemo(() => makeT(lang), [lang]);
  const [scenarios, setScenarios] = useState([]);
  const [scenarioId, setScenarioId] = useState('');
  const [kind, setKind] = useState('run');
  const [horizon, setHorizon] = useState(336);
  const [solver, setSolver] = useState('');
  const [jobs, setJobs] = useState([]);
  const [runId, setRunId] = useState('');
  const [pathsId, setPathsId] = useState('');
  const [sweepId, setSweepId] = useState('');
  const [tab, setTab] = useState('overview');
  const [periods, setPeriods] = useState(null);
  const [message, setMessage] = useState('');
  const [tokenNeeded, setTokenNeeded] = useState(false);
  useEffect(() => {
    const onNeeded = () => setTokenNeeded(true);
    window.addEventListener('parkgrid-token-needed', onNeeded);
    return () => window.removeEventListener('parkgrid-token-needed', onNeeded);
  }, []);

  useEffect(() => {
    localStorage.setItem('parkgrid.lang', lang);
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `parkgrid · ${t('app_title')}`;
  }, [lang, t]);

  const loadScenarios = useCallback(
    (select) =>
      api.scenarios().then((list) => {
        setScenarios(list);
        setScenarioId((old) => select || old || (list[0] && list[0].id) || '');
      }),
    [],
  );
  useEffect(() => {
    loadScenarios().catch((e) => setMessage(e.message));
  }, [loadScenarios]);

  const refreshJobs = useCallback(
    () =>
      api.jobs().then((list) => {
        setJobs(list);
        // Show the newest finished result of each kind unless one is chosen.
        const newest = (old, wanted) => (old && list.some((j) => j.id === old && j.state === 'done') ? old : (list.find((j) => wanted(j.kind) && j.state === 'done') || {}).id || '');
        setRunId((old) => newest(old, (k) => k === 'run' || k === 'plan'));
        setPathsId((old) => newest(old, (k) => k === 'paths'));
        setSweepId((old) => newest(old, (k) => k === 'sweep'));
        return list;
      }),
    [],
  );
  useEffect(() => {
    refreshJobs().catch((e) => setMessage(e.message));
  }, [refreshJobs]);
  const anyActive = jobs.some((j) => j.state === 'queued' || j.state === 'running');
  useEffect(() => {
    if (!anyActive) return undefined;
    const timer = setInterval(() => refreshJobs().catch(() => {}), 1000);
    return () => clearInterval(timer);
  }, [anyActive, refreshJobs]);

  useEffect(() => {
    setPeriods(null);
    if (!runId) return;
    // Absent: no tab. Present but unreadable: the tab says which file and column.
    api.result(runId, 'periods').then((p) => setPeriods(p.available ? p : null)).catch((e) => setPeriods({ error: e.message }));
  }, [runId]);

  const scenarioHours = (scenarios.find((x) => x.id === scenarioId) || {}).snapshots || 0;
  const runOptions = useMemo(() => {
    const o = { kind };
    // A quick look no shorter than the scenario is the whole scenario (the API refuses a
    // horizon past its snapshots).
    if (horizon > 0 && !(scenarioHours && horizon >= scenarioHours)) o.horizon_hours = horizon;
    if (horizon < 0) o.typical_days = -horizon;
    if (solver) o.solver = solver;
    return o;
  }, [kind, horizon, solver, scenarioHours]);

  const submitted = (job) => {
    setMessage('');
    setJobs((old) => [job, ...old.filter((j) => j.id !== job.id)]);
    refreshJobs();
  };
  const run = async () => {
    try {
      submitted(await api.submit({ ...runOptions, scenario: scenarioId }));
    } catch (e) {
      setMessage(e.body && e.body.diagnostics ? `${e.message}: ${e.body.diagnostics.map((d) => d.message).join('; ')}` : e.message);
    }
  };
  // When a job we started finishes, show it.
  const [watch, setWatch] = useState({});
  useEffect(() => {
    for (const j of jobs) {
      if (watch[j.id] && watch[j.id] !== 'done' && j.state === 'done') {
        if (j.kind === 'paths') setPathsId(j.id);
        else if (j.kind !== 'sweep') setRunId(j.id);
      }
    }
    const next = Object.fromEntries(jobs.map((j) => [j.id, j.state]));
    if (JSON.stringify(next) !== JSON.stringify(watch)) setWatch(next);
  }, [jobs, watch]);

  const show = (job) => {
    if (job.kind === 'paths') {
      setPathsId(job.id);
      setTab('paths');
    } else if (job.kind === 'sweep') {
      setSweepId(job.id);
      setTab('sensitivity');
    } else {
      setRunId(job.id);
      if (tab === 'paths' || tab === 'sensitivity' || tab === 'inputs') setTab('overview');
    }
  };
  const cancel = async (job) => {
    try {
      await api.cancel(job.id);
    } catch (e) {
      setMessage(e.message);
    }
    refreshJobs();
  };

  const scenario = scenarios.find((s) => s.id === scenarioId);
  const tabs = ['overview', 'dispatch', 'paths', 'capacities', ...(periods ? ['years'] : []), 'sensitivity', 'inputs'];
  const tabKey = { overview: 'tab_overview', dispatch: 'tab_dispatch', paths: 'tab_paths', capacities: 'tab_capacities', years: 'tab_years', sensitivity: 'tab_sensitivity', inputs: 'tab_inputs' };
  const needsRun = tab !== 'paths' && tab !== 'sensitivity' && tab !== 'inputs' && !runId;

  return (
    <LangContext.Provider value={{ lang, t }}>
      <header>
        <div>
          <h1 data-testid="title">{t('app_title')}</h1>
          <div className="subtitle">parkgrid · {t('app_subtitle')}</div>
        </div>
        <button type="button" className="lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
          {t('lang_switch')}
        </button>
      </header>
      {tokenNeeded && (
        <p className="error token-needed" data-testid="token-needed">
          {t('token_needed')}
        </p>
      )}
      <div className="layout">
        <aside>
          <div className="run-panel" data-testid="run-panel">
            <label>
              {t('scenario')}
              <select value={scenarioId} onChange={(e) => setScenarioId(e.target.value)} data-testid="scenario-select">
                {scenarios.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.id} ({s.name})
                  </option>
                ))}
              </select>
            </label>
            {scenario && <p className="muted small-text">{scenario.description}</p>}
            <label>
              {t('kind')}
              <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="kind-select">
                <option value="run">{t('kind_run')}</option>
                <option value="plan" disabled={scenario && !scenario.has_planning}>
                  {t('kind_plan')}
                </option>
                <option value="paths" disabled={scenario && !scenario.has_paths}>
                  {t('kind_paths')}
                </option>
              </select>
            </label>
            <label>
              {t('horizon')}
              <select value={horizon} onChange={(e) => setHorizon(Number(e.target.value))} data-testid="horizon-select">
                {HORIZONS.map((h) => (
                  <option key={h.value} value={h.value} disabled={h.value > 0 && scenarioHours > 0 && h.value > scenarioHours}>
                    {t(h.key)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('solver')}
              <select value={solver} onChange={(e) => setSolver(e.target.value)}>
                <option value="">
                  {kind === 'paths' ? 'simplex' : 'ipm'} ({t('default')})
                </option>
                <option value="ipm">ipm</option>
                <option value="simplex">simplex</option>
                <option value="choose">choose</option>
              </select>
            </label>
            <button type="button" className="primary" onClick={run} disabled={!scenarioId} data-testid="run">
              ▶ {t('run')}
            </button>
            {message && <p className="error" data-testid="run-message">{message}</p>}
          </div>
          <h3>{t('jobs')}</h3>
          {jobs.length === 0 && <p className="muted">{t('no_jobs')}</p>}
          <ul className="jobs" data-testid="jobs">
            {jobs.map((j) => (
              <JobRow key={j.id} job={j} selected={j.id === runId || j.id === pathsId || j.id === sweepId} onShow={show} onCancel={cancel} t={t} />
            ))}
          </ul>
        </aside>
        <main>
          <nav className="tabs">
            {tabs.map((k) => (
              <button type="button" key={k} className={tab === k ? 'active' : ''} onClick={() => setTab(k)} data-testid={`tab-${k}`}>
                {t(tabKey[k])}
              </button>
            ))}
          </nav>
          <div className="panel">
            {needsRun && <p className="muted">{t('no_result')}</p>}
            {tab === 'overview' && runId && <Overview jobId={runId} pathsId={pathsId} />}
            {tab === 'dispatch' && runId && <Dispatch jobId={runId} />}
            {tab === 'paths' && <Paths pathsId={pathsId} />}
            {tab === 'capacities' && runId && <Capacities jobId={runId} />}
            {tab === 'years' && periods && <Years data={periods} />}
            {tab === 'sensitivity' && <Sensitivity sweepId={sweepId} />}
            {tab === 'inputs' && (
              <Editor
                scenarioId={scenarioId}
                runOptions={runOptions}
                onSubmitted={submitted}
                onSaved={(id) => loadScenarios(id)}
              />
            )}
          </div>
        </main>
      </div>
    </LangContext.Provider>
  );
}
