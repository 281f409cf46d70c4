/**
 * The life of a listening command: binding with errors a person can act on (which address, why,
 * which setting), and running until the process is asked to stop.
 */
package dev.mtasts.app.listen;
