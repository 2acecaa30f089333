/* global Terminal, FitAddon -- xterm.js and its fit add-on, loaded before this file */
// The ASA console page: xterm.js draws the terminal; a WebSocket carries keystrokes to the device's
// shell on the server (the same session an SSH client gets) and its output back. Nothing here knows
// a command: line editing, paging and prompts are the server's.
document.addEventListener('DOMContentLoaded', () => {
  const box = document.getElementById('console');
  if (!box || typeof Terminal !== 'function') return;
  const status = document.getElementById('console-status');
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const term = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 2000, convertEol: false });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(box);
  fit.fit();
  window.addEventListener('resize', () => fit.fit());

  const url = new URL(box.dataset.socket, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    say('Connected');
    box.dataset.state = 'open';
    term.focus();
  });
  socket.addEventListener('message', (event) => term.write(String(event.data)));
  socket.addEventListener('close', (event) => {
    say(
      event.reason ? `Disconnected: ${event.reason}` : 'Disconnected. Reload the page to open a new session.',
    );
    box.dataset.state = 'closed';
    term.options.disableStdin = true;
  });
  term.onData((data) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(data);
  });
});
