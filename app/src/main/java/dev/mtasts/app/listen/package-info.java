/** Binding listeners with errors a person can act on (which address, why, which setting). */
package dev.mtasts.app.listen;
