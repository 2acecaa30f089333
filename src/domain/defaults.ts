/** The sandbox that exists at boot: the one a request reaches when it names none. */
export const DEFAULT_SANDBOX = 'default';
