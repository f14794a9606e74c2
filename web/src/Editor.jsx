// The input editor: the main inputs of a scenario (load projects, candidate capacities and costs,
// the grid connection and its tariff, policy targets, the reform-path settings), field by field
// from the scenario schema. Validation is the server's, i.e. the CLI's reader: each problem comes
// back with its section, component and field and is shown beside that field.
import React, { useEffect, useMemo, useState } from 'react';
import { api } from './api.js';
import { FIELD_ZH, useT } from './i18n.js';

const SECTIONS = ['projects', 'loads', 'generators', 'storage_units', 'stores', 'links', 'grid_connections', 'policy', 'paths', 'scenario', 'snapshots'];

function toText(value, kind) {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    if (value.daily) return value.daily.join(', ');
    return '';
  }
  return String(value);
}

function parseNumber(text) {
  const s = text.trim();
  if (s === '') return undefined;
  if (s === 'inf' || s === '-inf') return s;
  const n = Number(s);
  return s !== '' && Number.isFinite(n) ? n : s; // text that is not a number goes to the reader as is
}

function FieldInput({ field, value, onChange, testid }) {
  const { t } = useT();
  const isFile = value && typeof value === 'object' && !Array.isArray(value) && value.file !== undefined;
  const isDaily = value && typeof value === 'object' && !Array.isArray(value) && Array.isArray(value.daily);
  const [text, setText] = useState(toText(value, field.kind));
  useEffect(() => setText(toText(value, field.kind)), [value, field.kind]);
  if (field.kind === 'boolean') {
    const checked = value === undefined ? field.default === 'true' : Boolean(value);
    return <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testid} />;
  }
  if (isFile) {
    return (
      <span className="file-ref" title={t('from_file')}>
        {t('from_file')} {value.file} : {value.column}
      </span>
    );
  }
  const commit = (s) => {
    setText(s);
    if (isDaily) {
      const parts = s.split(/[,\s]+/).filter(Boolean).map((x) => {
        const n = Number(x);
        return Number.isFinite(n) ? n : x;
      });
      onChange({ ...value, daily: parts });
    } else if (field.kind === 'number' || field.kind === 'integer' || field.kind === 'series') {
      onChange(parseNumber(s));
    } else if (field.kind === 'list of names') {
      onChange(s.split(',').map((x) => x.trim()).filter(Boolean));
    } else if (field.kind === 'list of numbers') {
      onChange(s.split(/[,\s]+/).filter(Boolean).map((x) => {
        const n = Number(x);
        return Number.isFinite(n) ? n : x; // the reader names what is not a number
      }));
    } else {
      onChange(s === '' ? undefined : s);
    }
  };
  return (
    <input
      type="text"
      className={isDaily ? 'wide' : ''}
      value={text}
      placeholder={field.default === 'required' ? '' : field.default.replace(/^"(.*)"$/, '$1')}
      title={isDaily ? t('daily_profile') : field.description}
      onChange={(e) => commit(e.target.value)}
      data-testid={testid}
    />
  );
}

function Fields({ section, schema, table, index, notes, problems, onField }) {
  const { t, lang } = useT();
  const fields = schema.fields.filter((f) => f.name !== 'name' || !schema.array);
  return (
    <div className="fields">
      {fields.map((f) => {
        const key = `${section}|${index}|${f.name}`;
        const errs = problems[key] || [];
        const note = notes[key];
        const testid = `field-${section}-${index}-${f.name}`;
        return (
          <div
            key={f.name}
            className={`field${errs.length ? ' has-error' : ''}${table[f.name] === undefined ? ' unset' : ''}${table[f.name] && table[f.name].daily ? ' wide' : ''}`}
          >
            <label title={f.description}>
              {lang === 'zh' && FIELD_ZH[f.name] ? `${FIELD_ZH[f.name]} ` : ''}
              <code>{f.name}</code>
              {f.unit && <span className="unit"> [{f.unit}]</span>}
            </label>
            <FieldInput field={f} value={table[f.name]} onChange={(v) => onField(f.name, v)} testid={testid} />
            {note && <div className="note">{note}</div>}
            {errs.map((d, i) => (
              <div key={i} className="field-error" data-testid={`error-${section}-${index}-${f.name}`}>
                ✗ {t('error')}: {d.value !== '' ? `${d.field} = ${d.value}: ` : ''}
                {d.expected}
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}

export default function Editor({ scenarioId, runOptions, onSubmitted, onSaved }) {
  const { t } = useT();
  const [schema, setSchema] = useState(null);
  const [info, setInfo] = useState(null);
  const [doc, setDoc] = useState(null);
  const [diags, setDiags] = useState([]);
  const [message, setMessage] = useState('');
  const [edited, setEdited] = useState(false);
  const [saveId, setSaveId] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.schema().then(setSchema).catch((e) => setMessage(e.message));
  }, []);
  useEffect(() => {
    if (!scenarioId) return;
    setInfo(null);
    setDoc(null);
    setMessage('');
    api
      .scenario(scenarioId)
      .then((s) => {
        setInfo(s);
        setDoc(s.document);
        setDiags(s.diagnostics || []);
        setEdited(false);
        setSaveId(`${s.id}_edit`);
      })
      .catch((e) => setMessage(e.message));
  }, [scenarioId]);

  const schemaOf = useMemo(() => Object.fromEntries((schema || []).map((s) => [s.name, s])), [schema]);
  const notes = useMemo(() => {
    const m = {};
    for (const n of (info && info.notes) || []) m[`${n.section}|${n.index}|${n.field}`] = n.note;
    return m;
  }, [info]);
  const { problems, others } = useMemo(() => {
    const p = {};
    const o = [];
    for (const d of diags) {
      const sec = schemaOf[d.section];
      const known = sec && sec.fields.some((f) => f.name === d.field) && (sec.array ? d.index >= 0 : true);
      if (known) {
        const key = `${d.section}|${sec.array ? d.index : -1}|${d.field}`;
        (p[key] = p[key] || []).push(d);
      } else {
        o.push(d);
      }
    }
    return { problems: p, others: o };
  }, [diags, schemaOf]);

  if (!schema || !doc) return <p className={message ? 'error' : 'muted'}>{message || t('loading')}</p>;

  const setField = (section, index, name, value) => {
    setDoc((old) => {
      const next = structuredClone(old);
      const table = index >= 0 ? next[section][index] : (next[section] = next[section] || {});
      if (value === undefined) delete table[name];
      else table[name] = value;
      return next;
    });
    setEdited(true);
  };
  // A scenario with [[projects]] grows by projects (stage, start year, ramp-up); else by loads.
  const growSection = doc && doc.projects !== undefined ? 'projects' : 'loads';
  const addLoad = () => {
    setDoc((old) => {
      const next = structuredClone(old);
      const bus = (next.buses || []).find((b) => (b.carrier || 'electricity') === 'electricity');
      const list = (next[growSection] = next[growSection] || []);
      const item = { name: `new_project_${list.length + 1}`, bus: bus ? bus.name : '', demand_mw: 0 };
      if (growSection === 'projects') {
        const start = String((next.snapshots && next.snapshots.start) || '2025').slice(0, 4);
        Object.assign(item, { stage: 'planned', start_year: Number(start) || 2025 });
      }
      list.push(item);
      return next;
    });
    setEdited(true);
  };
  const removeAt = (section, index) => {
    setDoc((old) => {
      const next = structuredClone(old);
      next[section].splice(index, 1);
      return next;
    });
    setEdited(true);
  };
  const handle = (e) => {
    if (e.body && e.body.diagnostics) {
      setDiags(e.body.diagnostics);
      setMessage(t('problems', { n: e.body.diagnostics.length }));
    } else {
      setMessage(e.message);
    }
  };
  const validate = async () => {
    setBusy(true);
    try {
      const r = await api.validate(scenarioId, doc);
      setDiags(r.diagnostics);
      setMessage(r.ok ? t('valid') : t('problems', { n: r.diagnostics.length }));
    } catch (e) {
      handle(e);
    }
    setBusy(false);
  };
  const runEdited = async () => {
    setBusy(true);
    try {
      const job = await api.submit({ ...runOptions, scenario: scenarioId, document: doc });
      setDiags([]);
      setMessage('');
      onSubmitted(job);
    } catch (e) {
      handle(e);
    }
    setBusy(false);
  };
  const save = async () => {
    setBusy(true);
    try {
      const s = await api.save(saveId, scenarioId, doc);
      setDiags([]);
      setMessage(`${t('saved')}: ${s.id}`);
      onSaved(s.id);
    } catch (e) {
      handle(e);
    }
    setBusy(false);
  };

  return (
    <div className="editor" data-testid="editor">
      <p className="muted">{t('editor_intro')}</p>
      <div className="editor-actions">
        <button type="button" onClick={validate} disabled={busy} data-testid="validate">
          {t('validate')}
        </button>
        <button type="button" onClick={runEdited} disabled={busy} data-testid="run-edited">
          {t('run_edited')}
        </button>
        <input value={saveId} onChange={(e) => setSaveId(e.target.value)} placeholder={t('new_id')} data-testid="save-id" />
        <button type="button" onClick={save} disabled={busy} data-testid="save">
          {t('save_as')}
        </button>
        {edited && (
          <button type="button" onClick={() => { setDoc(info.document); setDiags(info.diagnostics || []); setEdited(false); setMessage(''); }}>
            {t('reset')}
          </button>
        )}
        {edited && <span className="tag">{t('edited')}</span>}
        {message && (
          <span className={diags.length ? 'error' : 'ok'} data-testid="editor-message">
            {message}
          </span>
        )}
      </div>
      {others.length > 0 && (
        <div className="problems" data-testid="other-problems">
          <strong>{t('other_problems')}</strong>
          <ul>
            {others.map((d, i) => (
              <li key={i}>{d.message}</li>
            ))}
          </ul>
        </div>
      )}
      {SECTIONS.filter((s) => schemaOf[s] && (doc[s] !== undefined || s === 'policy')).map((s) => {
        const sec = schemaOf[s];
        return (
          <section key={s} className="edit-section">
            <h3>{t(`sec_${s}`)}</h3>
            {sec.array ? (
              <>
                {(doc[s] || []).map((item, i) => (
                  <details key={i} className="component" open={Object.keys(problems).some((k) => k.startsWith(`${s}|${i}|`)) || s === growSection}>
                    <summary>
                      <input
                        className="name"
                        value={item.name || ''}
                        onChange={(e) => setField(s, i, 'name', e.target.value)}
                        onClick={(e) => e.stopPropagation()}
                        data-testid={`field-${s}-${i}-name`}
                      />
                      {(problems[`${s}|${i}|name`] || []).map((d, k) => (
                        <span key={k} className="field-error">✗ {d.expected}</span>
                      ))}
                      {(s === 'loads' || s === 'projects') && (
                        <button type="button" className="small" onClick={() => removeAt(s, i)}>
                          {t('delete')}
                        </button>
                      )}
                    </summary>
                    <Fields section={s} schema={sec} table={item} index={i} notes={notes} problems={problems} onField={(n, v) => setField(s, i, n, v)} />
                  </details>
                ))}
                {s === growSection && (
                  <button type="button" onClick={addLoad} data-testid="add-load">
                    + {t('add_load')}
                  </button>
                )}
              </>
            ) : (
              <Fields section={s} schema={sec} table={doc[s] || {}} index={-1} notes={notes} problems={problems} onField={(n, v) => setField(s, -1, n, v)} />
            )}
          </section>
        );
      })}
    </div>
  );
}
