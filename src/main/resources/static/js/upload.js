// Manual upload: each chosen file is sent as the raw request body (so it streams into the vault
// whatever its size) with a progress bar, then the page polls its runs until each has an outcome.
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  if (!form || !window.XMLHttpRequest || !window.fetch) {
    return; // the form posts the files itself
  }
  var district = form.getAttribute('data-district');
  var token = form.querySelector('input[name="_csrf"]').value;
  var input = document.getElementById('files');
  var list = document.getElementById('progress');
  var table = document.getElementById('results');
  var body = table.querySelector('tbody');
  var live = document.getElementById('results-live');
  var empty = document.getElementById('results-empty');
  var pending = [];
  var states = {};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function send(file) {
    return new Promise(function (resolve) {
      var item = el('li');
      var label = el('span', file.name + ' ');
      var bar = el('progress');
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute('aria-label', 'Upload of ' + file.name);
      var state = el('span', ' waiting', 'muted');
      item.appendChild(label);
      item.appendChild(bar);
      item.appendChild(state);
      list.appendChild(item);
      var xhr = new XMLHttpRequest();
      xhr.open('POST', '/districts/' + encodeURIComponent(district) + '/upload');
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
      xhr.setRequestHeader('X-CSRF-TOKEN', token);
      // Marks the request as the page's own, so an ended session answers 401/403, not a redirect.
      xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((e.loaded * 100) / e.total);
          state.textContent = ' ' + bar.value + '%';
        }
      };
      xhr.onload = function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = {}; }
        if (xhr.status === 202) {
          bar.value = 100;
          state.textContent = ' received, checking';
          (answer.runs || []).forEach(function (id) { pending.push(id); states[id] = state; });
        } else if (xhr.status === 401 || xhr.status === 403) {
          state.textContent = ' not sent: your session ended; sign in again and resend it';
          state.className = 'problem';
        } else {
          state.textContent = ' not sent: ' + (answer.error || ('the hub answered ' + xhr.status));
          state.className = 'problem';
        }
        resolve();
      };
      xhr.onerror = function () {
        state.textContent = ' not sent: the connection failed; send it again';
        state.className = 'problem';
        resolve();
      };
      xhr.send(file);
    });
  }

  function row(r) {
    var tr = el('tr');
    tr.setAttribute('data-run', r.run);
    var a = el('a', r.run);
    a.href = r.href;
    var td = el('td');
    td.appendChild(a);
    tr.appendChild(td);
    tr.appendChild(el('td', r.file));
    tr.appendChild(el('td', r.dataSet || ''));
    var st = el('td');
    st.appendChild(el('span', r.done ? r.status : 'PROCESSING', 'status ' + r.status));
    tr.appendChild(st);
    tr.appendChild(el('td', r.message || ''));
    tr.appendChild(el('td', r.errors, 'num'));
    tr.appendChild(el('td', r.warnings, 'num'));
    return tr;
  }

  function poll() {
    if (pending.length === 0) { return; }
    fetch('/districts/' + encodeURIComponent(district) + '/upload/runs?ids=' + pending.join(','),
      { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (res) { return res.json(); })
      .then(function (runs) {
        var finished = [];
        runs.forEach(function (r) {
          var old = body.querySelector('tr[data-run="' + r.run + '"]');
          var fresh = row(r);
          if (old) { body.replaceChild(fresh, old); } else { body.appendChild(fresh); }
          if (r.done) { finished.push(r); }
        });
        table.classList.remove('hidden');
        if (empty) { empty.remove(); empty = null; }
        finished.forEach(function (r) {
          pending = pending.filter(function (id) { return id !== r.run; });
          live.textContent = r.file + ': ' + r.status + (r.message ? ', ' + r.message : '');
          if (states[r.run]) { states[r.run].textContent = ' ' + r.status.toLowerCase(); }
        });
        if (pending.length > 0) { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    if (files.length === 0) { return; }
    var button = form.querySelector('button');
    button.disabled = true;
    files.reduce(function (p, f) { return p.then(function () { return send(f); }); }, Promise.resolve())
      .then(function () {
        button.disabled = false;
        form.reset();
        poll();
      });
  });
}());
