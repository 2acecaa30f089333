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
