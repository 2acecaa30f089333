/** What `?` says about each keyword, by the keyword path ('show version'). */
export const HELP: Readonly<Record<string, string>> = {
  'activation-key': 'Modify activation-key',
  'anyconnect-essentials': 'Enable AnyConnect Essentials',
  configure: 'Configure using various methods',
  'configure terminal': 'Configure using terminal/console',
  copy: 'Copy from one file to another',
  'copy running-config': 'Copy from current system configuration',
  'copy running-config startup-config': 'Copy to startup configuration',
  disable: 'Turn off privileged commands',
  enable: 'Turn on privileged commands',
  end: 'Exit from configure mode',
  exit: 'Exit from the EXEC',
  login: 'Log in as a particular user',
  logout: 'Exit from the EXEC',
  no: 'Negate a command or set its defaults',
  'no anyconnect-essentials': 'Enable AnyConnect Essentials',
  'no terminal': 'Set terminal line parameters',
  'no terminal pager': 'Control page length for pagination',
  ping: 'Send echo messages',
  quit: 'Exit from the EXEC',
  reload: 'Halt and reload system',
  show: 'Show running system information',
  'show activation-key': 'Show activation key',
  'show clock': 'Display the system clock',
  'show inventory': 'Show the physical inventory of the device',
  'show license': 'Show license information',
  'show license all': 'Show all Smart Licensing information',
  'show license status': 'Show Smart Licensing status information',
  'show license summary': 'Show Smart Licensing summary information',
  'show running-config': 'Show the current operating configuration',
  'show startup-config': 'Show the startup configuration',
  'show version': 'Display the system software version',
  terminal: 'Set terminal line parameters',
  'terminal pager': 'Control page length for pagination',
  'terminal width': 'Set width for display',
  webvpn: 'Configure the WebVPN service',
  write: 'Write running configuration to memory, network, or terminal',
  'write memory': 'Save active configuration to the flash',
};

/** The help list: '  word   description' rows, then <cr> when the command may end here. */
export function helpList(words: string[], path: string, canEnd: boolean, filters: boolean): string {
  const rows = [...new Set(words)].sort().map((w) => {
    const text = HELP[path ? `${path} ${w}` : w] ?? '';
    return `  ${w.padEnd(24)} ${text}`.trimEnd();
  });
  if (filters) rows.push(`  ${'|'.padEnd(24)} Output modifiers`);
  if (canEnd) rows.push('  <cr>');
  return `\n${rows.join('\n')}\n`;
}
