/**
 * The /docs page's script, served inline. It reads /openapi.json and builds the page with DOM
 * calls only: every string from the document lands in textContent or an attribute value,
 * never in innerHTML. The API key stays in this page's memory and is sent only to this origin.
 */
export const DOCS_JS = String.raw`
(function () {
  'use strict';
  var state = { key: '', doc: null };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function resolve(schema) {
    var seen = 0;
    while (schema && schema.$ref && seen++ < 10) {
      var parts = schema.$ref.replace(/^#\//, '').split('/');
      var target = state.doc;
      parts.forEach(function (p) { target = target ? target[p] : undefined; });
      schema = target;
    }
    return schema || {};
  }

  function typeLabel(s) {
    s = resolve(s);
    if (s.enum) return s.enum.map(function (v) { return JSON.stringify(v); }).join(' | ');
    if (s.const !== undefined) return JSON.stringify(s.const);
    if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map(typeLabel).join(' | ');
    if (s.type === 'array') return typeLabel(s.items || {}) + '[]';
    if (Array.isArray(s.type)) return s.type.join(' | ');
    return s.type || (s.properties ? 'object' : 'any');
  }

  function constraints(s) {
    var out = [];
    ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'pattern', 'format', 'default'].forEach(function (k) {
      // a format (date-time, email...) says what its generated pattern would only obscure
      if (s[k] !== undefined && !(k === 'pattern' && s.format)) out.push(k + ': ' + JSON.stringify(s[k]));
    });
    return out.join(', ');
  }

  function tree(schema, depth) {
    var s = resolve(schema);
    if (s.type === 'array' && s.items) s = resolve(s.items);
    var alternatives = s.anyOf || s.oneOf;
    if (!s.properties && alternatives && depth <= 4) {
      var shown = alternatives.map(function (alt, i) {
        var sub = tree(alt, depth + 1);
        var a = resolve(alt);
        return sub ? el('li', null, [el('span', { className: 'type', text: 'one of (' + (i + 1) + ')' }), a.description ? el('span', { className: 'desc', text: ' : ' + a.description }) : null, sub]) : null;
      }).filter(Boolean);
      if (shown.length) return el('ul', { className: 'tree' }, shown);
    }
    var props = s.properties || {};
    var names = Object.keys(props);
    if (!names.length || depth > 4) return null;
    var required = s.required || [];
    return el('ul', { className: 'tree' }, names.map(function (name) {
      var p = resolve(props[name]);
      return el('li', null, [
        el('code', { text: name }), ' ',
        el('span', { className: 'type', text: typeLabel(p) }),
        required.indexOf(name) >= 0 ? el('span', { className: 'req', text: ' required' }) : null,
        constraints(p) ? el('span', { className: 'desc', text: ' (' + constraints(p) + ')' }) : null,
        p.description ? el('span', { className: 'desc', text: ' : ' + p.description }) : null,
        tree(p, depth + 1)
      ]);
    }));
  }

  function example(schema, depth) {
    var s = resolve(schema);
    if (depth > 4) return null;
    if (s.default !== undefined) return s.default;
    if (s.enum) return s.enum[0];
    if (s.anyOf || s.oneOf) return example((s.anyOf || s.oneOf)[0], depth + 1);
    var t = Array.isArray(s.type) ? s.type[0] : s.type;
    if (t === 'object' || s.properties) {
      var out = {};
      (s.required || []).forEach(function (k) { out[k] = example((s.properties || {})[k] || {}, depth + 1); });
      return out;
    }
    if (t === 'array') return [];
    if (t === 'number' || t === 'integer') return s.minimum !== undefined ? s.minimum : 0;
    if (t === 'boolean') return true;
    if (t === 'string') return '';
    return null;
  }

  function shellQuote(v) { return "'" + String(v).replace(/'/g, "'\\''") + "'"; }

  function tryForm(path, method, op) {
    var params = op.parameters || [];
    var inputs = {};
    var form = el('form', { className: 'try' });
    params.forEach(function (p) {
      var input = el('input', { name: p.name, placeholder: p.in + (p.required ? ', required' : '') });
      if (p.name === 'project') input.value = 'demo';
      inputs[p.name] = { input: input, where: p.in };
      form.appendChild(el('label', null, [el('span', { text: p.name + ' (' + p.in + ')' }), input]));
    });
    var body = null;
    var media = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
    if (media) {
      body = el('textarea', { spellcheck: 'false' });
      body.value = JSON.stringify(example(media.schema || {}, 0), null, 2);
      form.appendChild(el('label', null, [el('span', { text: 'JSON body' }), body]));
    }
    var send = el('button', { type: 'submit', text: 'Send request' });
    var status = el('div', { className: 'status' });
    var curl = el('pre', { className: 'curl' });
    var out = el('pre', { className: 'response' });
    form.appendChild(send);
    form.appendChild(status);
    form.appendChild(curl);
    form.appendChild(out);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var url = path;
      var query = new URLSearchParams();
      Object.keys(inputs).forEach(function (name) {
        var v = inputs[name].input.value;
        if (inputs[name].where === 'path') url = url.replace('{' + name + '}', encodeURIComponent(v));
        else if (inputs[name].where === 'query' && v !== '') query.append(name, v);
      });
      var qs = query.toString();
      if (qs) url += '?' + qs;
      var headers = {};
      if (state.key) headers['authorization'] = 'Bearer ' + state.key;
      var init = { method: method.toUpperCase(), headers: headers };
      if (body) { headers['content-type'] = 'application/json'; init.body = body.value; }
      var shown = ['curl -s', '-X ' + method.toUpperCase()];
      if (state.key) shown.push('-H ' + shellQuote('Authorization: Bearer ' + state.key));
      if (body) shown.push('-H ' + shellQuote('content-type: application/json'), '-d ' + shellQuote(body.value.replace(/\s*\n\s*/g, ' ')));
      shown.push(shellQuote(location.origin + url));
      curl.textContent = shown.join(' ');
      status.textContent = 'Sending...';
      status.className = 'status';
      out.textContent = '';
      fetch(url, init).then(function (res) {
        status.textContent = res.status + ' ' + res.statusText + '  ' + (res.headers.get('content-type') || '');
        status.className = 'status ' + (res.ok ? 'ok' : 'err');
        return res.text().then(function (text) {
          try { out.textContent = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { out.textContent = text; }
        });
      }).catch(function (e) { status.textContent = 'Request failed: ' + e.message; status.className = 'status err'; });
    });
    return form;
  }

  function operation(path, method, op) {
    var scope = op['x-required-scope'];
    var head = el('summary', null, [
      el('span', { className: 'method m-' + method, text: method }),
      el('span', { className: 'path', text: path }),
      el('span', { className: 'summary', text: op.summary || '' }),
      el('span', { className: 'scope' + (scope ? '' : ' public'), title: 'the API key scope this route needs', text: scope ? 'scope: ' + scope : 'public' })
    ]);
    var details = el('details', { className: 'op', 'data-search': (method + ' ' + path + ' ' + (op.summary || '') + ' ' + (scope || '')).toLowerCase() }, [head]);
    var built = false;
    details.addEventListener('toggle', function () {
      if (!details.open || built) return;
      built = true;
      var body = el('div', { className: 'body' });
      var params = op.parameters || [];
      if (params.length) {
        body.appendChild(el('h3', { text: 'Parameters' }));
        body.appendChild(el('table', null, [
          el('tr', null, ['Name', 'In', 'Type', 'Description'].map(function (h) { return el('th', { text: h }); }))
        ].concat(params.map(function (p) {
          var s = resolve(p.schema || {});
          return el('tr', null, [
            el('td', null, [el('code', { text: p.name }), p.required ? el('span', { className: 'req', text: ' required' }) : null]),
            el('td', { text: p.in }),
            el('td', null, [el('span', { className: 'type', text: typeLabel(s) })]),
            el('td', { className: 'desc', text: [p.description || s.description || '', constraints(s)].filter(Boolean).join('; ') })
          ]);
        }))));
      }
      var media = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
      if (media) {
        body.appendChild(el('h3', { text: 'Request body (application/json)' }));
        body.appendChild(tree(media.schema || {}, 0) || el('p', { className: 'desc', text: typeLabel(media.schema || {}) }));
      }
      Object.keys(op.responses || {}).forEach(function (code) {
        var r = op.responses[code];
        var types = Object.keys(r.content || {});
        body.appendChild(el('h3', { text: 'Response ' + code + (types.length ? ' (' + types.join(', ') + ')' : '') + ': ' + (r.description || '') }));
        var json = r.content && (r.content['application/json'] || r.content['application/problem+json']);
        if (json && json.schema) body.appendChild(tree(json.schema, 0) || el('p', { className: 'desc', text: typeLabel(json.schema) }));
      });
      body.appendChild(el('h3', { text: 'Try it' }));
      body.appendChild(tryForm(path, method, op));
      details.appendChild(body);
    });
    return details;
  }

  function render(doc) {
    state.doc = doc;
    var byTag = {};
    Object.keys(doc.paths || {}).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        var tag = (op.tags && op.tags[0]) || 'other';
        (byTag[tag] = byTag[tag] || []).push(operation(path, method, op));
      });
    });
    var nav = document.getElementById('nav');
    var main = document.getElementById('main');
    document.getElementById('title').textContent = (doc.info && doc.info.title ? doc.info.title : 'API') + ' ' + (doc.info && doc.info.version ? doc.info.version : '');
    Object.keys(byTag).forEach(function (tag, i) {
      var id = 'tag-' + i;
      nav.appendChild(el('a', { href: '#' + id }, [tag, el('span', { className: 'count', text: String(byTag[tag].length) })]));
      main.appendChild(el('section', { className: 'tag', id: id }, [el('h2', { text: tag })].concat(byTag[tag])));
    });
  }

  document.getElementById('key').addEventListener('input', function (e) { state.key = e.target.value.trim(); });
  document.getElementById('filter').addEventListener('input', function (e) {
    var q = e.target.value.trim().toLowerCase();
    document.querySelectorAll('details.op').forEach(function (d) { d.hidden = q !== '' && d.getAttribute('data-search').indexOf(q) < 0; });
    document.querySelectorAll('section.tag').forEach(function (s) { s.hidden = !s.querySelector('details.op:not([hidden])'); });
  });
  fetch('/openapi.json').then(function (r) {
    if (!r.ok) throw new Error('/openapi.json answered ' + r.status);
    return r.json();
  }).then(render).catch(function (e) {
    document.getElementById('main').appendChild(el('p', { id: 'error', text: 'Could not load /openapi.json: ' + e.message }));
  });
})();
`;
