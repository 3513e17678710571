// A VM's console: asks the manager for a single-use ticket, opens the websocket the manager
// tunnels to the VM's VNC server (through the host agent's link), and hands it to noVNC.
// The manager closes the websocket with a code of its own and a reason a person can read
// (taken over, the VM stopped, the host failed); this page shows that reason.
import RFB from '/novnc/core/rfb.js';
import KeyTable from '/novnc/core/input/keysym.js';
import keysyms from '/novnc/core/input/keysymdef.js';

const root = document.getElementById('vm-console');
const vmId = root.dataset.vmId;
const screen = document.getElementById('console-screen');
const stateLabel = document.getElementById('console-state');
const message = document.getElementById('console-message');
const cad = document.getElementById('console-cad');
const pasteText = document.getElementById('console-paste-text');
const paste = document.getElementById('console-paste');
const scale = document.getElementById('console-scale');
const reconnect = document.getElementById('console-reconnect');
const csrfHeader = document.querySelector('meta[name=_csrf_header]').content;
const csrfToken = document.querySelector('meta[name=_csrf]').content;

// Close codes of the manager (ConsoleSession): the reason says the rest.
const TAKEN_OVER = 4001;
const CONSOLE_ENDED = 4002;
const RUNNING = ['Up', 'Paused', 'PoweringUp', 'PoweringDown', 'MigratingFrom'];

let rfb = null;
let closeEvent = null;

function show(state, color, text) {
  stateLabel.className = 'pf-c-label pf-m-compact' + (color ? ' pf-m-' + color : '');
  stateLabel.dataset.state = state;
  stateLabel.querySelector('.pf-c-label__content').textContent = state;
  message.textContent = text || '';
}

function connected(on) {
  cad.disabled = !on;
  paste.disabled = !on;
  reconnect.hidden = on;
}

async function vmState() {
  const r = await fetch(`/vms/${vmId}/console/state`, { headers: { Accept: 'application/json' } });
  return r.ok ? r.json() : null;
}

async function connect() {
  connected(false);
  reconnect.hidden = true;
  show('Connecting…', 'blue');
  closeEvent = null;
  let access;
  try {
    const r = await fetch(`/vms/${vmId}/console/ticket`, { method: 'POST', headers: { [csrfHeader]: csrfToken, Accept: 'application/json' } });
    access = await r.json();
    if (!r.ok) {
      show('No console', 'red', access.detail);
      reconnect.hidden = false;
      return;
    }
  } catch (e) {
    show('No console', 'red', 'The manager cannot be reached: ' + e.message);
    reconnect.hidden = false;
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const ws = new WebSocket(scheme + location.host + access.websocketPath);
  // Registered before noVNC's own handler, so the reason is known when noVNC reports the disconnect.
  ws.addEventListener('close', e => { closeEvent = e; });
  rfb = new RFB(screen, ws);
  rfb.scaleViewport = scale.checked;
  rfb.focusOnClick = true;
  rfb.addEventListener('connect', () => {
    connected(true);
    const over = access.takesOver;
    show('Connected', 'green', over ? `You took over the console from ${over.user} (${over.address}).` : '');
    rfb.focus();
    watchState();
  });
  rfb.addEventListener('disconnect', () => disconnected());
}

async function disconnected() {
  connected(false);
  rfb = null;
  const code = closeEvent ? closeEvent.code : 0;
  const reason = closeEvent && closeEvent.reason ? closeEvent.reason : 'The connection to the console closed.';
  if (code === TAKEN_OVER) {
    show('Taken over', 'orange', reason + '. Reconnect to take it back.');
    return;
  }
  // The VNC connection ends before the manager hears the VM stopped: give that news a few seconds.
  let vm = await vmState();
  for (let i = 0; code === CONSOLE_ENDED && i < 5 && vm && RUNNING.includes(vm.status); i++) {
    await new Promise(r => setTimeout(r, 1000));
    vm = await vmState();
  }
  if (vm && !RUNNING.includes(vm.status)) {
    show('VM ' + vm.status, 'grey', `The VM is ${vm.status}${vm.reason ? ' (' + vm.reason + ')' : ''}; start it to use its console.`);
  } else {
    show('Disconnected', 'red', reason);
  }
}

// A paused VM keeps its last frame on the screen: say so rather than let it look hung.
async function watchState() {
  while (rfb) {
    const vm = await vmState();
    if (!rfb) {
      return;
    }
    if (vm && vm.status === 'Paused') {
      show('Paused', 'orange', 'The VM is paused: the screen shows its last frame until it is resumed.');
    } else if (vm && stateLabel.dataset.state === 'Paused') {
      show('Connected', 'green');
    }
    await new Promise(r => setTimeout(r, 3000));
  }
}

// US keyboard positions, so each character is sent as the key a person would press (QEMU gets
// real scancodes, with Shift where the character needs it).
const US_KEYS = (() => {
  const keys = { ' ': ['Space', false], '\n': ['Enter', false], '\t': ['Tab', false] };
  for (const c of 'abcdefghijklmnopqrstuvwxyz') {
    keys[c] = ['Key' + c.toUpperCase(), false];
    keys[c.toUpperCase()] = ['Key' + c.toUpperCase(), true];
  }
  const digits = ')!@#$%^&*(';
  for (let d = 0; d < 10; d++) {
    keys[String(d)] = ['Digit' + d, false];
    keys[digits[d]] = ['Digit' + d, true];
  }
  const pairs = [['-', '_', 'Minus'], ['=', '+', 'Equal'], ['[', '{', 'BracketLeft'], [']', '}', 'BracketRight'],
    ['\\', '|', 'Backslash'], [';', ':', 'Semicolon'], ["'", '"', 'Quote'], ['`', '~', 'Backquote'],
    [',', '<', 'Comma'], ['.', '>', 'Period'], ['/', '?', 'Slash']];
  for (const [plain, shifted, code] of pairs) {
    keys[plain] = [code, false];
    keys[shifted] = [code, true];
  }
  return keys;
})();

// Types text key by key, a little apart, so a slow guest's keyboard buffer keeps up.
async function typeText(text) {
  for (const c of text.replace(/\r\n?/g, '\n')) {
    if (!rfb) {
      return;
    }
    const key = US_KEYS[c];
    const keysym = c === '\n' ? KeyTable.XK_Return : c === '\t' ? KeyTable.XK_Tab : keysyms.lookup(c.codePointAt(0));
    if (key && key[1]) {
      rfb.sendKey(KeyTable.XK_Shift_L, 'ShiftLeft', true);
    }
    rfb.sendKey(keysym, key ? key[0] : null);
    if (key && key[1]) {
      rfb.sendKey(KeyTable.XK_Shift_L, 'ShiftLeft', false);
    }
    await new Promise(r => setTimeout(r, 20));
  }
}

cad.addEventListener('click', () => { rfb && rfb.sendCtrlAltDel(); rfb && rfb.focus(); });
paste.addEventListener('click', async () => {
  const text = pasteText.value;
  pasteText.value = '';
  paste.disabled = true; // until the last key is sent: keys typed meanwhile would land inside the text
  await typeText(text);
  paste.disabled = !rfb;
  rfb && rfb.focus();
});
pasteText.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); paste.click(); } });
scale.addEventListener('change', () => { if (rfb) { rfb.scaleViewport = scale.checked; } });
reconnect.addEventListener('click', connect);

connect();
