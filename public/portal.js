// Small improvements on pages that work without JavaScript; the server has the last word on every rule.
document.addEventListener('DOMContentLoaded', () => {
  // The FAQ: "By default the Cisco licensing site will not let you do this, but if you have a pop-up
  // blocker enabled, this function is not enforced." The sandbox's popupBlocker setting plays the blocker.
  const popupsBlocked = document.body.dataset.popupBlocker === 'true';
  for (const box of document.querySelectorAll('input[data-register-all]')) {
    box.addEventListener('change', () => {
      if (!box.checked || popupsBlocked) return;
      box.checked = window.confirm(`${box.dataset.warning}\n\nRegister all quantity anyway?`);
    });
  }

  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    const button = select.form.querySelector('[data-autosubmit-button]');
    if (button) button.hidden = true;
    select.addEventListener('change', () => select.form.submit());
  }

  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});

// The class overview refreshes its progress cells from the server every few seconds.
document.addEventListener('DOMContentLoaded', () => {
  const table = document.querySelector('table[data-refresh]');
  if (!table) return;
  const STEPS = {
    registered: 'registered',
    installed: 'installed',
    shared: 'shared',
    'second-licensed': 'secondLicensed',
  };
  const refresh = async () => {
    try {
      const res = await fetch(table.dataset.refresh, { headers: { accept: 'application/json' } });
      if (!res.ok) return;
      const { trainees } = await res.json();
      for (const t of trainees) {
        const row = table.querySelector(`tr[data-sandbox="${CSS.escape(t.id)}"]`);
        if (!row) continue;
        for (const [step, key] of Object.entries(STEPS)) {
          const cell = row.querySelector(`[data-step="${step}"]`);
          if (cell) cell.textContent = t.progress[key] ? 'yes' : 'no';
        }
      }
    } catch {
      // The next tick tries again.
    }
  };
  window.setInterval(refresh, 2000);
});
