// DataGen review page. Generated text is untrusted: it is only ever placed with textContent or as option text,
// never with innerHTML. The token travels in an HttpOnly cookie set by the first request.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const state = { samples: [], index: -1, current: null, offset: 0, matched: 0, seq: 0 };
  const pageSize = 100;
  const filters = ['kind', 'principle', 'axis', 'status', 'verdict', 'score', 'min', 'max', 'q'];
  if (location.search.includes('token=')) {
    // The cookie now carries the token; keep it out of the address bar, history and screenshots.
    history.replaceState(null, '', '/');
  }

  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  };

  const api = async (path, options) => {
    const response = await fetch(path, Object.assign({ credentials: 'same-origin' }, options || {}));
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    return response.json();
  };

  const say = (text) => { $('status').textContent = text; };

  const fill = (select, values) => {
    for (const value of values) select.appendChild(el('option', value)).value = value;
  };

  async function loadFacets() {
    const facets = await api('/api/facets');
    $('run').textContent = `run ${facets.runId}`;
    $('simulated').hidden = !facets.simulated;
    fill($('filter-kind'), facets.kinds);
    fill($('filter-principle'), facets.principles);
    fill($('filter-axis'), facets.axes);
    fill($('filter-status'), facets.reasons);
    fill($('filter-verdict'), facets.verdicts);
    fill($('filter-score'), facets.scores);
    for (const score of facets.scores) $('sort').appendChild(el('option', `score ${score}`)).value = `score:${score}`;
    for (const axis of facets.axisNames) $('sort').appendChild(el('option', `axis ${axis}`)).value = `axis:${axis}`;
  }

  // Every list request gets a number; an answer to any but the latest is dropped, so a slow answer to an older
  // filter never replaces the list of a newer one. The server also echoes the filter it answered.
  async function loadList(keepKey) {
    const query = new URLSearchParams();
    for (const name of filters) {
      const value = $(`filter-${name}`).value;
      if (value !== '') query.set(name, value);
    }
    query.set('sort', $('sort').value);
    query.set('dir', $('dir').value);
    if ($('calibration').checked) query.set('calibration', $('calibration-size').value || '50');
    query.set('offset', String(state.offset));
    query.set('limit', String(pageSize));
    const seq = ++state.seq;
    query.set('seq', String(seq));
    const result = await api(`/api/samples?${query}`);
    if (seq !== state.seq) return;
    state.samples = result.samples;
    state.matched = result.matched;
    const first = result.matched === 0 ? 0 : result.offset + 1;
    $('count').textContent = `${result.matched} of ${result.total}` + ($('calibration').checked ? ' (calibration sample)' : '');
    $('page').textContent = `${first}–${result.offset + result.samples.length}`;
    $('prev').disabled = result.offset === 0;
    $('next').disabled = result.offset + result.samples.length >= result.matched;
    document.body.dataset.answered = String(seq);
    const list = $('list');
    list.replaceChildren();
    result.samples.forEach((sample, i) => {
      const item = el('li');
      item.dataset.key = sample.key;
      item.appendChild(el('span', `${sample.kind} · ${sample.principle} · ${sample.status}`));
      const scores = Object.entries(sample.scores).map(([k, v]) => `${k.replace('judge_', '')} ${v}`).join(' ');
      if (scores) item.appendChild(el('span', ` · ${scores}`, 'scores'));
      item.appendChild(el('span', verdictLabel(sample.verdict, sample.stale), `verdict v-${sample.stale ? 'stale' : sample.verdict || 'none'}`));
      item.appendChild(el('div', sample.preview, 'preview'));
      item.addEventListener('click', () => select(i));
      list.appendChild(item);
    });
    const keep = keepKey ? state.samples.findIndex((s) => s.key === keepKey) : -1;
    if (state.samples.length === 0) {
      state.index = -1;
      $('detail').hidden = true;
    } else {
      await select(keep >= 0 ? keep : 0);
    }
  }

  const verdictLabel = (value, stale) => value ? ` · ${value}${stale ? ' (stale: text changed since)' : ''}` : '';

  const reload = () => { state.offset = 0; loadList().catch((e) => say(e.message)); };

  const turnPage = (delta) => {
    const next = state.offset + delta * pageSize;
    if (next < 0 || next >= state.matched) return;
    state.offset = next;
    loadList().catch((e) => say(e.message));
  };

  async function select(i) {
    if (i < 0 || i >= state.samples.length) return;
    state.index = i;
    for (const item of $('list').children) item.classList.toggle('current', item.dataset.key === state.samples[i].key);
    $('list').children[i].scrollIntoView({ block: 'nearest' });
    const sample = await api(`/api/samples/${encodeURIComponent(state.samples[i].key)}`);
    state.current = sample;
    render(sample);
  }

  function render(sample) {
    $('detail').hidden = false;
    const axes = Object.entries(sample.axes).map(([k, v]) => `${k}: ${v}`).join(' · ');
    $('meta').replaceChildren(
      el('div', `${sample.kind} · ${sample.id}${sample.isReject ? ` · REJECTED by ${sample.stage}: ${sample.reason}` : ''}`),
      el('div', `${sample.principleId}${sample.principleTitle ? ` (${sample.principleTitle})` : ''}`),
      el('div', axes));
    if (sample.detail) $('meta').appendChild(el('div', `detail: ${sample.detail}`));
    const content = $('content');
    content.replaceChildren();
    if (sample.messages) {
      for (const turn of sample.messages) {
        const role = ['system', 'user', 'assistant'].includes(turn.role) ? turn.role : 'other';
        const box = el('div', null, `turn ${role}`);
        box.appendChild(el('span', turn.role, 'role'));
        box.appendChild(el('span', turn.content, 'text'));
        content.appendChild(box);
      }
    } else {
      content.appendChild(el('div', sample.text, 'prose'));
    }
    const scores = Object.entries(sample.scores);
    $('scores').replaceChildren(...(scores.length ? scores.map(([k, v]) => el('div', `${k}: ${v}`)) : [el('div', 'no judge scores')]));
    $('rationale').textContent = sample.rationale || '';
    const table = $('columns');
    table.replaceChildren();
    for (const [name, value] of Object.entries(sample.columns)) {
      const row = el('tr');
      row.appendChild(el('td', name));
      row.appendChild(el('td', value));
      table.appendChild(row);
    }
    $('history').replaceChildren(...sample.history.map(historyItem));
    const latest = sample.history[sample.history.length - 1];
    showVerdict(latest);
    $('note').value = latest && latest.note ? latest.note : '';
  }

  const historyItem = (v) => el('li', `${v.createdAt} ${v.reviewer}: ${v.value}${v.note ? ` (${v.note})` : ''}${v.stale ? ' [stale: given on an earlier text]' : ''}`);

  function showVerdict(latest) {
    const badge = $('verdict');
    badge.textContent = latest ? `${latest.value} by ${latest.reviewer}${latest.stale ? ' (stale: given on an earlier text, not applied)' : ''}` : 'unreviewed';
    badge.className = latest ? `verdict-${latest.stale ? 'stale' : latest.value}` : '';
  }

  async function judge(value) {
    if (!state.current) return;
    const key = state.current.key;
    const saved = await api('/api/verdicts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-DataGen-Review': '1' },
      body: JSON.stringify({ key, verdict: value, note: $('note').value, reviewer: $('reviewer').value }),
    });
    state.current.history.push(saved);
    $('history').appendChild(historyItem(saved));
    showVerdict(saved);
    const entry = state.samples[state.index];
    entry.verdict = saved.value;
    entry.stale = false;
    const badge = $('list').children[state.index].querySelector('.verdict');
    badge.textContent = verdictLabel(saved.value, false);
    badge.className = `verdict v-${saved.value}`;
    say(`${key}: ${saved.value}`);
  }

  const latestValue = () => {
    const history = state.current ? state.current.history : [];
    return history.length ? history[history.length - 1].value : 'flagged';
  };

  document.addEventListener('keydown', (event) => {
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName);
    if (event.key === 'Escape') { document.activeElement.blur(); return; }
    if (typing) {
      if (event.key === 'Enter' && document.activeElement.id === 'note' && !event.shiftKey) {
        event.preventDefault();
        judge(latestValue()).catch((e) => say(e.message));
        document.activeElement.blur();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = {
      j: () => select(state.index + 1), ArrowDown: () => select(state.index + 1),
      k: () => select(state.index - 1), ArrowUp: () => select(state.index - 1),
      a: () => judge('accepted'), r: () => judge('rejected'), f: () => judge('flagged'),
      n: () => $('note').focus(),
      PageDown: () => turnPage(1), PageUp: () => turnPage(-1),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      Promise.resolve(action()).catch((e) => say(e.message));
    }
  });

  $('accept').addEventListener('click', () => judge('accepted').catch((e) => say(e.message)));
  $('reject').addEventListener('click', () => judge('rejected').catch((e) => say(e.message)));
  $('flag').addEventListener('click', () => judge('flagged').catch((e) => say(e.message)));
  for (const name of filters) $(`filter-${name}`).addEventListener('change', reload);
  $('filter-q').addEventListener('input', reload);
  for (const id of ['sort', 'dir', 'calibration', 'calibration-size']) $(id).addEventListener('change', reload);
  $('prev').addEventListener('click', () => turnPage(-1));
  $('next').addEventListener('click', () => turnPage(1));
  async function loadAgreement() {
    const tables = await api('/api/agreement');
    const table = $('agreement');
    const head = el('tr');
    for (const name of ['group', 'rows', 'both keep', 'judge keeps, reviewer rejects', 'judge drops, reviewer accepts', 'both drop', 'agreement', 'kappa', '95% interval']) head.appendChild(el('th', name));
    table.replaceChildren(head);
    const round = (x) => (x === null || x === undefined ? '-' : String(Math.round(x * 1000) / 1000));
    for (const t of tables) {
      const row = el('tr');
      for (const cell of [t.group, t.rows, t.bothKeep, t.judgeKeepReviewerReject, t.judgeDropReviewerAccept, t.bothDrop, round(t.agreement),
        t.kappa === null ? 'undefined' : round(t.kappa), t.low === null ? '-' : `${round(t.low)} to ${round(t.high)}`]) row.appendChild(el('td', cell));
      table.appendChild(row);
    }
    $('agreement-note').textContent = tables.length
      ? `Disagreeing rows: ${tables[0].disagreements.slice(0, 50).join(', ') || 'none'}`
      : 'No accepted or rejected verdict on a row the judge decided yet.';
  }

  async function loadStability() {
    const kinds = await api('/api/stability');
    const table = $('stability');
    const head = el('tr');
    for (const name of ['re-judge stability', 're-judged', 'keep flips', 'share', 'any score changed', 'changed per criterion or gate']) head.appendChild(el('th', name));
    table.replaceChildren(...(kinds.length ? [head] : []));
    const round = (x) => (x === null || x === undefined ? '-' : String(Math.round(x * 1000) / 1000));
    for (const k of kinds) {
      const per = [...Object.entries(k.scoreFlips), ...Object.entries(k.gateFlips).map(([g, n]) => [`gate ${g}`, n])].map(([name, n]) => `${name} ${n}`).join(', ');
      const row = el('tr');
      for (const cell of [k.kind, k.judgedTwice, k.keepFlips, round(k.keepFlipShare), k.anyScoreFlip, per]) row.appendChild(el('td', cell));
      table.appendChild(row);
    }
    $('stability-note').textContent = kinds.length
      ? 'A seeded sample judged twice (quality.judge.stability); the first verdict stands.'
      : 'No re-judge stability in this run (quality.judge.stability.sample is 0).';
  }

  $('agreement-panel').addEventListener('toggle', () => { if ($('agreement-panel').open) { loadAgreement().catch((e) => say(e.message)); loadStability().catch((e) => say(e.message)); } });
  $('reviewer').value = localStorage.getItem('datagen.reviewer') || '';
  $('reviewer').addEventListener('change', () => localStorage.setItem('datagen.reviewer', $('reviewer').value));

  loadFacets().then(() => loadList()).then(() => { document.body.dataset.ready = '1'; }).catch((e) => say(e.message));
})();
