// Stand-in Office host script: loaded by the task pane (and the sign-in dialog page) in place of Microsoft's
// office.js. It implements the Office.js surface the add-in uses and asks the simulator page, its parent window,
// for everything Outlook knows, over postMessage as the real host does. It implements nothing the pane does not use.
(function () {
  'use strict';

  var origin = window.location.origin;
  var host = window.parent;
  var pending = new Map();
  var nextId = 1;
  var eventHandlers = new Map();
  var ITEM_CHANGED = 'olkItemSelectedChanged';

  function call(method, args) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending.set(id, { resolve: resolve, reject: reject });
      host.postMessage({ officeStandIn: 'request', id: id, method: method, args: args || {} }, origin);
    });
  }

  window.addEventListener('message', function (event) {
    if (event.source !== host || event.origin !== origin) return;
    var data = event.data;
    if (!data) return;
    if (data.officeStandIn === 'response') {
      var entry = pending.get(data.id);
      if (!entry) return;
      pending.delete(data.id);
      if (data.error) entry.reject(data.error);
      else entry.resolve(data.result);
    } else if (data.officeStandIn === 'event') {
      // A pinned pane stays open while the person selects another appointment: Office swaps the item first.
      if (data.type === ITEM_CHANGED && Office.context) {
        Office.context.mailbox.item = data.payload && data.payload.item ? itemOf(data.payload.item) : null;
      }
      (eventHandlers.get(data.type) || []).forEach(function (handler) {
        handler(data.payload);
      });
    }
  });

  /** Office's AsyncResult: the value, or a failure with Office's error object. */
  function asyncResult(value, error, asyncContext) {
    if (error) {
      var failure = {
        code: error.code,
        name: error.name || String(error.code),
        message: error.message || String(error),
      };
      return { status: 'failed', value: undefined, error: failure, asyncContext: asyncContext };
    }
    return { status: 'succeeded', value: value, error: undefined, asyncContext: asyncContext };
  }

  /** Office's (options?, callback?) tail of every *Async method, served by a promise. */
  function settle(tail, promise) {
    var callback = null;
    var options = {};
    for (var i = 0; i < tail.length; i++) {
      if (typeof tail[i] === 'function') callback = tail[i];
      else if (tail[i] && typeof tail[i] === 'object') options = tail[i];
    }
    promise.then(
      function (value) {
        if (callback) callback(asyncResult(value, null, options.asyncContext));
      },
      function (error) {
        if (callback) callback(asyncResult(undefined, error, options.asyncContext));
      },
    );
  }

  function rest(args, from) {
    return Array.prototype.slice.call(args, from);
  }

  function versionAtLeast(given, wanted) {
    var a = String(given).split('.').map(Number);
    var b = String(wanted || '1.1')
      .split('.')
      .map(Number);
    for (var i = 0; i < Math.max(a.length, b.length); i++) {
      if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
    }
    return true;
  }

  /** EWS ids use standard base64; REST ids are URL-safe ('/' -> '-', '+' -> '_'). */
  function toRestId(ewsId) {
    return ewsId.replace(/\//g, '-').replace(/\+/g, '_');
  }
  function toEwsId(restId) {
    return restId.replace(/-/g, '/').replace(/_/g, '+');
  }

  function customProperties(properties) {
    var values = Object.assign({}, properties);
    return {
      get: function (name) {
        return values[name];
      },
      set: function (name, value) {
        values[name] = value;
      },
      remove: function (name) {
        delete values[name];
      },
      getAll: function () {
        return Object.assign({}, values);
      },
      saveAsync: function () {
        settle(arguments, call('saveCustomProperties', { properties: values }));
      },
    };
  }

  function categoriesApi() {
    return {
      getAsync: function () {
        settle(arguments, call('getCategories'));
      },
      addAsync: function (names) {
        settle(rest(arguments, 1), call('addCategories', { names: names }));
      },
      removeAsync: function (names) {
        settle(rest(arguments, 1), call('removeCategories', { names: names }));
      },
    };
  }

  /** A compose-mode property (subject, start, end, location): getAsync/setAsync against the open form. */
  function composeField(name, isTime) {
    return {
      getAsync: function () {
        settle(
          arguments,
          call('getField', { name: name }).then(function (value) {
            return isTime ? new Date(value) : value;
          }),
        );
      },
      setAsync: function (value) {
        var wire = isTime ? new Date(value).toISOString() : value;
        settle(rest(arguments, 1), call('setField', { name: name, value: wire }));
      },
    };
  }

  function loadCustomPropertiesAsync() {
    settle(arguments, call('loadCustomProperties').then(customProperties));
  }

  /** Office's EmailAddressDetails for the attendees of one type. */
  function details(attendees, type) {
    return (attendees || [])
      .filter(function (a) {
        return a.type === type;
      })
      .map(function (a) {
        return { displayName: a.name, emailAddress: a.email, recipientType: 'externalUser' };
      });
  }

  /** add/removeHandlerAsync on an object: handlers kept per event type, called when the page sends the event. */
  function handlerApi() {
    return {
      addHandlerAsync: function (type, handler) {
        eventHandlers.set(type, (eventHandlers.get(type) || []).concat([handler]));
        settle(rest(arguments, 2), Promise.resolve());
      },
      removeHandlerAsync: function (type) {
        eventHandlers.delete(type);
        settle(rest(arguments, 1), Promise.resolve());
      },
    };
  }

  function readItem(item) {
    return Object.assign(
      {
        itemType: 'appointment',
        itemId: item.itemId,
        subject: item.subject,
        start: new Date(item.start),
        end: new Date(item.end),
        location: item.location,
        organizer: item.organizer,
        requiredAttendees: details(item.attendees, 'required'),
        optionalAttendees: details(item.attendees, 'optional'),
        categories: categoriesApi(),
        loadCustomPropertiesAsync: loadCustomPropertiesAsync,
      },
      handlerApi(),
    );
  }

  function attendeesField(type) {
    return {
      getAsync: function () {
        settle(
          arguments,
          call('getAttendees').then(function (list) {
            return details(list, type);
          }),
        );
      },
    };
  }

  function itemOf(snapshot) {
    return snapshot.mode === 'read' ? readItem(snapshot) : composeItem();
  }

  function composeItem() {
    return Object.assign(handlerApi(), {
      itemType: 'appointment',
      requiredAttendees: attendeesField('required'),
      optionalAttendees: attendeesField('optional'),
      subject: composeField('subject', false),
      start: composeField('start', true),
      end: composeField('end', true),
      location: composeField('location', false),
      categories: categoriesApi(),
      loadCustomPropertiesAsync: loadCustomPropertiesAsync,
      getItemIdAsync: function () {
        settle(arguments, call('getItemId'));
      },
      saveAsync: function () {
        settle(arguments, call('saveItem'));
      },
    });
  }

  function dialogHandle() {
    return {
      addEventHandler: function (type, handler) {
        eventHandlers.set(type, (eventHandlers.get(type) || []).concat([handler]));
      },
      close: function () {
        eventHandlers.delete(Office.EventType.DialogMessageReceived);
        eventHandlers.delete(Office.EventType.DialogEventReceived);
        void call('closeDialog');
      },
    };
  }

  var Office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    HostType: { Outlook: 'Outlook' },
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    EventType: {
      DialogMessageReceived: 'dialogMessageReceived',
      DialogEventReceived: 'dialogEventReceived',
      ItemChanged: ITEM_CHANGED,
      AppointmentTimeChanged: 'olkAppointmentTimeChanged',
      RecipientsChanged: 'olkRecipientsChanged',
      RecurrenceChanged: 'olkRecurrenceChanged',
    },
    CoercionType: { Text: 'text', Html: 'html' },
    MailboxEnums: {
      ItemType: { Message: 'message', Appointment: 'appointment' },
      RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' },
    },
    context: null,
    auth: {
      getAccessToken: function (options) {
        return call('getAccessToken', { options: options || {} });
      },
    },
    onReady: function (callback) {
      return ready.then(function (info) {
        if (callback) callback(info);
        return info;
      });
    },
  };

  function contextOf(init) {
    var supported = init.requirements || {};
    return {
      officeTheme: init.theme,
      displayLanguage: init.displayLanguage || 'en-US',
      requirements: {
        isSetSupported: function (name, version) {
          return supported[name] !== undefined && versionAtLeast(supported[name], version);
        },
      },
      mailbox: {
        item: init.item ? itemOf(init.item) : null,
        userProfile: init.user,
        addHandlerAsync: handlerApi().addHandlerAsync,
        removeHandlerAsync: handlerApi().removeHandlerAsync,
        diagnostics: { hostName: init.hostName, hostVersion: init.hostVersion, OWAView: 'ThreeColumns' },
        convertToRestId: function (id) {
          return toRestId(id);
        },
        convertToEwsId: function (id) {
          return toEwsId(id);
        },
      },
      ui: {
        displayDialogAsync: function (url) {
          var tail = rest(arguments, 1);
          var options = tail.find(function (a) {
            return a && typeof a === 'object';
          });
          settle(tail, call('displayDialog', { url: url, options: options || {} }).then(dialogHandle));
        },
        messageParent: function (message) {
          void call('messageParent', { message: String(message) });
        },
      },
    };
  }

  var ready = call('init').then(function (init) {
    Office.context = contextOf(init);
    return { host: 'Outlook', platform: 'OfficeOnline' };
  });

  window.Office = Office;
})();
