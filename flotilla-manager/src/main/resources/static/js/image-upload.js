// Uploads a disk image or an ISO from the browser through the manager's image transfers: create
// the transfer, PUT the file in slices (Content-Range) while a progress bar follows, then
// finalize (the host verifies the image). A slice that fails is sent again from where the
// transfer says its bytes end. Plain script, no build; the page may be swapped by htmx, so the
// listener is installed once and delegated.
(() => {
  if (window.flotillaImageUpload) {
    return;
  }
  window.flotillaImageUpload = true;
  const SLICE = 8 * 1024 * 1024;

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute('hx-headers') || '{}');
    } catch (e) {
      return {};
    }
  }

  async function call(method, url, body, headers) {
    const r = await fetch(url, { method, body, headers: Object.assign({ Accept: 'application/json' }, csrf(), headers || {}) });
    const text = await r.text();
    const json = text ? JSON.parse(text) : {};
    if (!r.ok) {
      throw new Error(json.detail || `the manager answered HTTP ${r.status}`);
    }
    return json;
  }

  function show(form, percent, text, failed) {
    const bar = form.querySelector('#upload-progress');
    const status = form.querySelector('#upload-status');
    if (percent !== null) {
      bar.value = percent;
    }
    status.textContent = text;
    status.classList.toggle('pf-m-danger', !!failed);
    status.dataset.state = failed ? 'failed' : (percent === 100 && text.startsWith('Uploaded') ? 'done' : 'running');
  }

  async function upload(form) {
    const file = form.querySelector('#upload-file').files[0];
    if (!file) {
      show(form, 0, 'Choose a file first.', true);
      return;
    }
    const name = form.querySelector('#upload-name').value.trim() || file.name;
    const body = JSON.stringify({ name, storageDomainId: form.querySelector('#upload-domain').value,
      format: form.querySelector('#upload-format').value, sizeBytes: file.size, description: '' });
    show(form, 0, `Starting the upload of ${name}…`);
    const transfer = await call('POST', '/imagetransfers', body, { 'Content-Type': 'application/json' });
    let sent = 0;
    let failures = 0;
    while (sent < file.size) {
      const end = Math.min(file.size, sent + SLICE);
      try {
        const t = await call('PUT', `/imagetransfers/${transfer.id}/data`, file.slice(sent, end),
          { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${sent}-${end - 1}/${file.size}` });
        sent = t.stagedBytes;
        failures = 0;
      } catch (e) {
        if (++failures >= 3) {
          await call('POST', `/imagetransfers/${transfer.id}/cancel`).catch(() => {});
          throw e;
        }
      }
      show(form, Math.floor(100 * sent / file.size), `Uploading ${name}: ${sent} of ${file.size} bytes`);
    }
    show(form, 100, `Verifying ${name}…`);
    await call('POST', `/imagetransfers/${transfer.id}/finalize`);
    show(form, 100, `Uploaded ${name}: verified and OK`);
    if (window.htmx && document.querySelector('#disk-table')) {
      window.htmx.ajax('GET', '/disks/table', { target: '#disk-table', select: '#disk-table', swap: 'outerHTML' });
    }
  }

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form.id !== 'upload-form') {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    upload(form).catch((e) => show(form, null, `Upload failed: ${e.message}`, true));
  }, true);
})();
