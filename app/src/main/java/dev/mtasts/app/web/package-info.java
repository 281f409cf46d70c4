/**
 * The dashboard of {@code serve}: server-rendered pages (jte templates compiled at build time,
 * charts as inline SVG, no JavaScript), the login with the admin token, server-side sessions, CSRF
 * protection, the lockout after bad tokens, and the security headers of every response. Pages are
 * views of the JSON API's queries, so a page and the API cannot disagree.
 */
package dev.mtasts.app.web;
