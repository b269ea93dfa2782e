// Samband web console: posts forms without a page reload, shows replies, and applies live messages from the
// server-sent event stream. Every form also works without this script (the server answers with a whole page).
(function () {
  'use strict';
  var body = document.body;
  var persona = body.getAttribute('data-persona');
  var lang = body.getAttribute('data-lang') || '';
  var channel = body.getAttribute('data-channel') || '';
  var view = body.getAttribute('data-view') || 'console';
  var MAX_REPLY_GROUPS = 8;

  function query(params) {
    var search = new URLSearchParams();
    Object.keys(params).forEach(function (key) { if (params[key]) search.set(key, params[key]); });
    return search.toString();
  }

  function byMessageId(container, id) {
    var items = container.querySelectorAll('[data-message-id]');
    for (var i = 0; i < items.length; i += 1) if (items[i].getAttribute('data-message-id') === id) return items[i];
    return null;
  }

  function setRequestKey(key) {
    if (!key) return;
    document.querySelectorAll('input[name="requestKey"]').forEach(function (input) { input.value = key; });
  }

  function showReplies(html) {
    var replies = document.getElementById('replies');
    if (!replies || !html.length) return;
    var group = document.createElement('div');
    group.className = 'reply-group';
    group.innerHTML = html.join('');
    replies.insertBefore(group, replies.firstChild);
    while (replies.children.length > MAX_REPLY_GROUPS) replies.removeChild(replies.lastChild);
  }

  function afterPost(form, result) {
    showReplies(result.replies || []);
    setRequestKey(result.requestKey);
    var slot = document.getElementById('form-slot');
    if (result.form && slot) {
      slot.innerHTML = result.form;
      var first = slot.querySelector('select, textarea, input:not([type="hidden"])');
      if (first) first.focus();
    }
    if (form.id === 'command-form' && result.ok) form.querySelector('[name="text"]').value = '';
    if (form.id === 'incident-form' && result.ok && slot) {
      slot.innerHTML = '';
      var text = document.getElementById('command-text');
      if (text) text.focus();
    }
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains('js-post')) return;
    event.preventDefault();
    var button = event.submitter || form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)).toString(),
    }).then(function (response) {
      // The session ended (signed out elsewhere, revoked): back to the sign-in page.
      if (response.status === 401) { location.href = '/login?notice=ended'; throw new Error('signed out'); }
      return response.json();
    }).then(function (result) {
      afterPost(form, result);
    }).catch(function (error) {
      showReplies(['<article class="msg tone-error"><p>' + String(error && error.message || error).replace(/[<>&]/g, '') + '</p></article>']);
    }).then(function () {
      if (button) button.disabled = false;
      form.removeAttribute('aria-busy');
    });
  });

  document.addEventListener('click', function (event) {
    var close = event.target.closest && event.target.closest('[data-close-form]');
    if (!close) return;
    event.preventDefault();
    var slot = document.getElementById('form-slot');
    if (slot) slot.innerHTML = '';
    var text = document.getElementById('command-text');
    if (text) text.focus();
  });

  // Replacing a message or panel the visitor is typing in would lose their input: wait until focus leaves it.
  function replaceWhenIdle(element, html) {
    if (!element.contains(document.activeElement)) {
      element.outerHTML = html;
      return;
    }
    element.setAttribute('data-pending', 'true');
    element.addEventListener('focusout', function onLeave() {
      setTimeout(function () {
        if (element.contains(document.activeElement)) return;
        element.removeEventListener('focusout', onLeave);
        if (element.isConnected) element.outerHTML = html;
      }, 0);
    });
  }

  function scrollToEnd(list) { list.scrollTop = list.scrollHeight; }

  function onChatMessage(data) {
    var list = document.getElementById('messages');
    if (list && data.channel === channel) {
      var existing = byMessageId(list, data.messageId);
      if (existing) return replaceWhenIdle(existing, data.html);
      var atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
      var empty = list.querySelector('.empty');
      if (empty) empty.remove();
      list.insertAdjacentHTML('beforeend', data.html);
      if (atEnd) scrollToEnd(list);
      return;
    }
    if (data.kind !== 'posted') return;
    var link = document.querySelector('.channels a[data-channel="' + (window.CSS && CSS.escape ? CSS.escape(data.channel) : data.channel) + '"]');
    if (!link) return;
    var badge = link.querySelector('.badge');
    var count = badge.querySelector('.count');
    count.textContent = String(Number(count.textContent || '0') + 1);
    badge.hidden = false;
  }

  function reloadChannel() {
    var list = document.getElementById('messages');
    if (!list || !channel) return Promise.resolve();
    return fetch('/channel?' + query({ as: persona, lang: lang, channel: channel }), { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { list.innerHTML = html; scrollToEnd(list); } })
      .catch(function () { /* the next event or reconnect brings the channel up to date */ });
  }

  var panelTimer = null;
  function reloadPanels() {
    clearTimeout(panelTimer);
    panelTimer = setTimeout(function () {
      var panels = document.getElementById('panels');
      if (!panels) return;
      var incident = panels.getAttribute('data-incident') || new URLSearchParams(location.search).get('incident') || '';
      fetch('/supervisor/panels?' + query({ as: persona, lang: lang, incident: incident }), { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var wrapper = panels.cloneNode(false);
          wrapper.innerHTML = html;
          replaceWhenIdle(panels, wrapper.outerHTML);
        });
    }, 250);
  }

  var list = document.getElementById('messages');
  if (list) scrollToEnd(list);

  if (persona && window.EventSource) {
    var connectedBefore = false;
    var held = null;
    var source = new EventSource('/events?' + query({ as: persona, lang: lang, view: view }));
    // A message posted after the page was rendered and before the stream was open reached no one: the channel is
    // loaded again once the stream is open (and after every reconnect), and only then does the page say it is live.
    source.addEventListener('ready', function () {
      var reconnected = connectedBefore;
      connectedBefore = true;
      if (reconnected) reloadPanels();
      // Events that come while the channel loads are applied after it, so an older copy never replaces a newer one.
      held = held || [];
      reloadChannel().then(function () {
        var events = held || [];
        held = null;
        events.forEach(onChatMessage);
        body.setAttribute('data-live', 'on');
      });
    });
    source.addEventListener('chat', function (event) {
      var data = JSON.parse(event.data);
      if (held) held.push(data); else onChatMessage(data);
    });
    source.addEventListener('activity', reloadPanels);
    source.addEventListener('ended', function () { source.close(); body.setAttribute('data-live', 'off'); location.href = '/login?notice=ended'; });
    source.addEventListener('error', function () { body.setAttribute('data-live', 'off'); });
    window.addEventListener('pagehide', function () { source.close(); });
  }
}());
