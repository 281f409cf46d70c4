/**
 * The {@code serve} process: its configuration (docs/configuration.md), the admin token, and the
 * assembly of store, intake pipeline and HTTP listeners that the dashboard, policy hosting and
 * report sending will share (docs/serve.md).
 */
package dev.mtasts.app.serve;
