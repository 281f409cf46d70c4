package dev.mtasts.app.web;

/**
 * What the layout of every page needs.
 *
 * @param title the page's title
 * @param css the inlined stylesheet (allowed by its hash in the CSP)
 * @param loggedIn whether to show the navigation and the logout form
 * @param csrf the session's synchronizer token for the logout form; empty when logged out
 */
public record Frame(String title, String css, boolean loggedIn, String csrf) {

  static Frame loggedOut(String title) {
    return new Frame(title, SecurityHeaders.CSS, false, "");
  }

  static Frame of(String title, Sessions.Session session) {
    return new Frame(title, SecurityHeaders.CSS, true, session.csrf());
  }
}
