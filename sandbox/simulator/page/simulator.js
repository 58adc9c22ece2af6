// The simulator page: the person's calendar (from the Graph emulator, through /sim/api), the open appointment
// in read or compose form, the real task pane in an iframe hosted by office-host.js, and the ERP's records.
(function () {
  'use strict';

  var REFRESH_MS = 3000;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var fields = {
    subject: $('field-subject'),
    start: $('field-start'),
    end: $('field-end'),
    location: $('field-location'),
  };
  var person = null;
  var opened = 0;
  /** Office's display language for the pane: `?lang=es-ES` on the simulator's URL (default en-US). */
  var language = new URLSearchParams(window.location.search).get('lang') || 'en-US';
  var host = null;
  /** The open appointment: restId null until a new one is saved; pending* hold what Outlook keeps before a save. */
  var current = null;

  async function api(path, method, body) {
    var response = await fetch('/sim/api' + path, {
      method: method || 'GET',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    var data = await response.json();
    if (!response.ok) throw new Error(data.detail || data.title || 'HTTP ' + response.status);
    return data;
  }

  function toLocalInput(iso) {
    return iso ? iso.slice(0, 16) : '';
  }
  function fromLocalInput(value) {
    return value ? new Date(value + ':00Z').toISOString() : '';
  }
  function toEws(restId) {
    return restId.replace(/-/g, '/').replace(/_/g, '+');
  }
  function when(event) {
    return event.start.slice(0, 10) + ' ' + event.start.slice(11, 16) + '–' + event.end.slice(11, 16);
  }
  function say(text) {
    $('item-message').textContent = text;
  }

  function formValues() {
    return {
      subject: fields.subject.value,
      start: fromLocalInput(fields.start.value),
      end: fromLocalInput(fields.end.value),
      location: fields.location.value,
    };
  }

  function showItem(event, mode) {
    $('item-empty').hidden = true;
    $('item-form').hidden = false;
    $('item-mode').textContent =
      mode === 'read'
        ? 'Read mode (you are an attendee)'
        : event
          ? 'Compose mode (you organize it)'
          : 'New appointment (not saved)';
    fields.subject.value = event ? event.subject : '';
    fields.start.value = toLocalInput(event ? event.start : nextHour(0));
    fields.end.value = toLocalInput(event ? event.end : nextHour(1));
    fields.location.value = event ? event.location : '';
    Object.keys(fields).forEach(function (name) {
      fields[name].readOnly = mode === 'read';
    });
    $('save-item').hidden = mode === 'read';
    showCategories();
    say('');
  }

  function showCategories() {
    var list = current.event ? current.event.categories : current.pendingCategories;
    $('field-categories').textContent = list.length ? list.join(', ') : 'none';
  }

  function nextHour(plus) {
    var d = new Date();
    d.setUTCMinutes(0, 0, 0);
    d.setUTCHours(d.getUTCHours() + 1 + plus);
    return d.toISOString();
  }

  /** Opens the pane for the current item; a pinned pane that is open already is told the item changed. */
  function openPane() {
    var frame = $('pane-frame');
    if ($('pin-pane').checked && !frame.hidden && frame.getAttribute('src')) {
      host.itemChanged();
      return;
    }
    frame.hidden = false;
    opened += 1;
    frame.src = '/addin/taskpane.html?open=' + opened;
  }

  async function openEvent(restId) {
    var event = await api('/events/' + encodeURIComponent(restId));
    current = {
      restId: restId,
      event: event,
      mode: event.isOrganizer ? 'compose' : 'read',
      pendingProps: {},
      pendingCategories: [],
    };
    showItem(event, current.mode);
    markSelected();
    openPane();
  }

  function newEvent() {
    current = { restId: null, event: null, mode: 'compose', pendingProps: {}, pendingCategories: [] };
    showItem(null, 'compose');
    markSelected();
    openPane();
  }

  /** Outlook's Save: a new appointment is created without sending invitations, then its custom properties. */
  async function save() {
    var values = formValues();
    if (current.restId) {
      current.event = await api('/events/' + encodeURIComponent(current.restId), 'PATCH', values);
    } else {
      var created = await api('/events', 'POST', Object.assign(values, { categories: current.pendingCategories }));
      if (Object.keys(current.pendingProps).length) {
        await api('/events/' + encodeURIComponent(created.id) + '/custom-properties', 'PUT', {
          properties: current.pendingProps,
        });
      }
      current.restId = created.id;
      current.event = created;
    }
    say('Saved.');
    void refreshCalendar();
    return current.restId;
  }

  var item = {
    snapshot: function () {
      if (current.mode !== 'read') return { mode: 'compose' };
      var e = current.event;
      return {
        mode: 'read',
        itemId: toEws(current.restId),
        subject: e.subject,
        start: e.start,
        end: e.end,
        location: e.location,
        organizer: { displayName: '', emailAddress: '' },
        attendees: e.attendees || [],
      };
    },
    attendees: function () {
      return current.event ? current.event.attendees || [] : [];
    },
    getField: function (name) {
      return formValues()[name];
    },
    setField: function (name, value) {
      fields[name].value = name === 'start' || name === 'end' ? toLocalInput(value) : value;
    },
    restId: function () {
      return current.restId;
    },
    save: save,
    customProperties: async function () {
      if (!current.restId) return current.pendingProps;
      return (await api('/events/' + encodeURIComponent(current.restId) + '/custom-properties')).properties;
    },
    saveCustomProperties: async function (properties) {
      if (!current.restId) {
        current.pendingProps = properties;
        return undefined;
      }
      await api('/events/' + encodeURIComponent(current.restId) + '/custom-properties', 'PUT', {
        properties: properties,
      });
      return undefined;
    },
    categories: function () {
      return current.event ? current.event.categories : current.pendingCategories;
    },
    setCategories: async function (list) {
      if (current.restId)
        current.event = await api('/events/' + encodeURIComponent(current.restId), 'PATCH', { categories: list });
      else current.pendingCategories = list;
      showCategories();
      return undefined;
    },
  };

  function markSelected() {
    document.querySelectorAll('#event-list button').forEach(function (button) {
      button.setAttribute('aria-current', String(current !== null && button.dataset.id === current.restId));
    });
  }

  async function refreshCalendar() {
    var events = (await api('/events')).value;
    var list = $('event-list');
    list.replaceChildren.apply(
      list,
      events.map(function (event) {
        var li = document.createElement('li');
        var button = document.createElement('button');
        button.type = 'button';
        button.dataset.id = event.id;
        button.textContent = event.subject || '(no title)';
        var detail = document.createElement('div');
        detail.className = 'muted';
        detail.textContent = when(event) + (event.categories.length ? ' · ' + event.categories.join(', ') : '');
        button.appendChild(detail);
        button.addEventListener('click', function () {
          openEvent(event.id).catch(showError);
        });
        li.appendChild(button);
        return li;
      }),
    );
    markSelected();
  }

  async function refreshErp() {
    var rows = (await api('/erp/events')).value;
    var body = $('erp-rows');
    body.replaceChildren.apply(
      body,
      rows.map(function (row) {
        var tr = document.createElement('tr');
        [row.id, row.name, row.allday ? row.start.slice(0, 10) : row.start.slice(0, 16), row.owner].forEach(
          function (text) {
            var td = document.createElement('td');
            td.textContent = String(text);
            tr.appendChild(td);
          },
        );
        return tr;
      }),
    );
  }

  function showError(error) {
    say('Error: ' + error.message);
  }

  host = createOfficeHost({
    language: function () {
      return language;
    },
    paneFrame: $('pane-frame'),
    dialog: $('dialog'),
    dialogFrame: $('dialog-frame'),
    dialogClose: $('dialog-close'),
    person: function () {
      return person;
    },
    item: function () {
      return item;
    },
  });

  $('new-event').addEventListener('click', newEvent);
  $('erp-refresh').addEventListener('click', function () {
    refreshErp().catch(showError);
  });
  $('item-form').addEventListener('submit', function (event) {
    event.preventDefault();
    save().catch(showError);
  });

  api('/person')
    .then(function (p) {
      person = {
        displayName: p.displayName,
        emailAddress: p.emailAddress,
        timeZone: p.timeZone,
        accountType: 'enterprise',
      };
      $('person').textContent = p.displayName + ' <' + p.emailAddress + '>';
      return Promise.all([refreshCalendar(), refreshErp()]);
    })
    .catch(showError);
  setInterval(function () {
    refreshCalendar().catch(showError);
    refreshErp().catch(showError);
  }, REFRESH_MS);
})();
