// Passkeys (WebAuthn) for the forms marked data-passkey="register" | "sign-in" | "second-factor".
// On submit: fetch the ceremony's options from data-passkey-options (POST, antiforgery header),
// ask the browser (navigator.credentials.create / get), put its answer as JSON into the hidden
// [data-passkey-answer] field and post the form. A cancelled or failed ceremony shows the form's
// Japanese message (data-msg-*) in [data-passkey-status] and posts nothing.
(function () {
  'use strict';

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    var text = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = '';
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: toBytes(c.id) }); });
  }

  function creationOptions(json) {
    var o = Object.assign({}, json);
    o.challenge = toBytes(json.challenge);
    o.user = Object.assign({}, json.user, { id: toBytes(json.user.id) });
    o.excludeCredentials = withIds(json.excludeCredentials);
    return o;
  }

  function requestOptions(json) {
    var o = Object.assign({}, json);
    o.challenge = toBytes(json.challenge);
    o.allowCredentials = withIds(json.allowCredentials);
    return o;
  }

  // The answer in the JSON form of WebAuthn Level 3 (what toJSON() gives where the browser has it).
  function answerJson(credential) {
    if (typeof credential.toJSON === 'function') { return JSON.stringify(credential.toJSON()); }
    var r = credential.response;
    var response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      response.userHandle = r.userHandle ? toBase64url(r.userHandle) : null;
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response
    });
  }

  function show(form, key) {
    var status = form.querySelector('[data-passkey-status]');
    if (!status) { return; }
    status.textContent = form.getAttribute('data-msg-' + key) || form.getAttribute('data-msg-failed') || '';
    status.hidden = false;
  }

  async function run(form) {
    if (!window.PublicKeyCredential || !navigator.credentials) { show(form, 'unsupported'); return; }
    var token = form.querySelector('input[name="__RequestVerificationToken"]');
    var reply = await fetch(form.getAttribute('data-passkey-options'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-TOKEN': token ? token.value : '', 'Accept': 'application/json' }
    });
    if (reply.redirected || !reply.ok || (reply.headers.get('Content-Type') || '').indexOf('json') < 0) {
      // 再認証 ran out (or the sign-in step is over): the page itself tells what to do next.
      if (reply.redirected) { window.location.assign(window.location.href); return; }
      show(form, 'failed');
      return;
    }
    var options = await reply.json();
    var credential;
    try {
      credential = form.getAttribute('data-passkey') === 'register'
        ? await navigator.credentials.create({ publicKey: creationOptions(options) })
        : await navigator.credentials.get({ publicKey: requestOptions(options) });
    } catch (e) {
      show(form, e && e.name === 'NotAllowedError' ? 'cancelled' : e && e.name === 'InvalidStateError' ? 'exists' : 'failed');
      return;
    }
    if (!credential) { show(form, 'cancelled'); return; }
    form.querySelector('[data-passkey-answer]').value = answerJson(credential);
    form.submit();
  }

  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      var status = form.querySelector('[data-passkey-status]');
      if (status) { status.hidden = true; }
      if (button) { button.disabled = true; }
      run(form).catch(function () { show(form, 'failed'); }).finally(function () { if (button) { button.disabled = false; } });
    });
  });
})();
