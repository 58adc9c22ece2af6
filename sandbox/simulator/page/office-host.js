// The Office host's side of the stand-in: answers the requests office-stand-in.js sends from the task pane and
// the add-in's dialog (postMessage, same origin), using the item the simulator page has open. No UI of its own
// beyond the dialog overlay.
(function () {
  'use strict';

  var origin = window.location.origin;
  /** What Outlook on the web reports: no nested app authentication, so the pane uses Office SSO. */
  var REQUIREMENTS = { Mailbox: '1.13', IdentityAPI: '1.3', DialogApi: '1.2' };
  /** Office's event type names the stand-in uses (Office.EventType values). */
  var ITEM_CHANGED = 'olkItemSelectedChanged';
  var RECIPIENTS_CHANGED = 'olkRecipientsChanged';
  var THEME = {
    bodyBackgroundColor: '#ffffff',
    bodyForegroundColor: '#242424',
    controlBackgroundColor: '#ffffff',
    controlForegroundColor: '#242424',
  };

  function officeError(code, name, message) {
    return { code: code, name: name, message: message };
  }

  async function postJson(path, method, body) {
    var response = await fetch(path, {
      method: method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    var data = await response.json();
    if (!response.ok) throw new Error(data.detail || data.title || 'HTTP ' + response.status);
    return data;
  }

  /**
   * `item` is the page's open appointment: { snapshot(), getField(name), setField(name, value), save() -> restId,
   * restId(), customProperties(), saveCustomProperties(p), categories(), setCategories(list) }.
   */
  function createOfficeHost(options) {
    var paneFrame = options.paneFrame;
    var dialog = options.dialog;
    var dialogFrame = options.dialogFrame;

    function toEws(restId) {
      return restId.replace(/-/g, '/').replace(/_/g, '+');
    }

    function sendEvent(type, payload) {
      if (paneFrame.contentWindow) {
        paneFrame.contentWindow.postMessage({ officeStandIn: 'event', type: type, payload: payload }, origin);
      }
    }

    function closeDialog() {
      dialog.hidden = true;
      dialogFrame.removeAttribute('src');
    }

    var handlers = {
      init: function (_args, role) {
        return {
          role: role,
          hostName: 'OutlookWebApp',
          hostVersion: '20261101.01',
          theme: THEME,
          requirements: REQUIREMENTS,
          displayLanguage: options.language(),
          user: options.person(),
          item: role === 'taskpane' ? options.item().snapshot() : null,
        };
      },
      getAttendees: function () {
        return options.item().attendees();
      },
      getField: function (args) {
        return options.item().getField(args.name);
      },
      setField: function (args) {
        options.item().setField(args.name, args.value);
        return undefined;
      },
      getItemId: function () {
        var restId = options.item().restId();
        if (!restId) throw officeError(9049, 'ItemNotSaved', 'The item has not been saved yet.');
        return toEws(restId);
      },
      saveItem: async function () {
        return toEws(await options.item().save());
      },
      loadCustomProperties: function () {
        return options.item().customProperties();
      },
      saveCustomProperties: function (args) {
        return options.item().saveCustomProperties(args.properties);
      },
      getCategories: function () {
        return options
          .item()
          .categories()
          .map(function (name) {
            return { displayName: name, color: 'Preset0' };
          });
      },
      addCategories: function (args) {
        var current = options.item().categories();
        var added = args.names.filter(function (n) {
          return current.indexOf(n) < 0;
        });
        return options.item().setCategories(current.concat(added));
      },
      removeCategories: function (args) {
        var kept = options
          .item()
          .categories()
          .filter(function (n) {
            return args.names.indexOf(n) < 0;
          });
        return options.item().setCategories(kept);
      },
      getAccessToken: async function (args) {
        try {
          var answer = await postJson('/sim/api/token', 'POST', {
            authChallenge: args.options.authChallenge || undefined,
          });
          return answer.token;
        } catch (error) {
          throw officeError(13006, 'ClientError', 'The identity emulator refused the token: ' + error.message);
        }
      },
      displayDialog: function (args) {
        if (new URL(args.url, origin).origin !== origin) {
          throw officeError(12004, 'InvalidDomain', 'The dialog URL must be on the add-in domain.');
        }
        dialogFrame.src = args.url;
        dialog.hidden = false;
        return undefined;
      },
      closeDialog: function () {
        closeDialog();
        return undefined;
      },
      messageParent: function (args) {
        sendEvent('dialogMessageReceived', { message: args.message, origin: origin });
        return undefined;
      },
    };

    /** A pinned pane follows the selection: Outlook tells it the item changed instead of reloading it. */
    function itemChanged() {
      sendEvent(ITEM_CHANGED, { item: options.item().snapshot() });
    }

    options.dialogClose.addEventListener('click', function () {
      closeDialog();
      sendEvent('dialogEventReceived', { error: 12006 });
    });

    window.addEventListener('message', async function (event) {
      var data = event.data;
      if (event.origin !== origin || !data || data.officeStandIn !== 'request') return;
      var role =
        event.source === paneFrame.contentWindow
          ? 'taskpane'
          : event.source === dialogFrame.contentWindow
            ? 'dialog'
            : null;
      if (!role) return;
      var reply = { officeStandIn: 'response', id: data.id };
      try {
        var handler = handlers[data.method];
        if (!handler) throw officeError(5001, 'InternalError', 'The host does not implement ' + data.method + '.');
        reply.result = await handler(data.args || {}, role);
      } catch (error) {
        reply.error =
          error && error.code ? error : officeError(9002, 'InternalError', String((error && error.message) || error));
      }
      event.source.postMessage(reply, origin);
    });
    return { itemChanged: itemChanged, sendEvent: sendEvent };
  }

  window.createOfficeHost = createOfficeHost;
  window.OFFICE_EVENTS = { ITEM_CHANGED: ITEM_CHANGED, RECIPIENTS_CHANGED: RECIPIENTS_CHANGED };
})();
