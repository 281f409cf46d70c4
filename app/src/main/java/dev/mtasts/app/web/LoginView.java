package dev.mtasts.app.web;

/**
 * The login form.
 *
 * @param frame the layout
 * @param csrf the login form's synchronizer token
 * @param next where to go after the login (a path of ours)
 * @param error why the last attempt failed; empty for none
 */
public record LoginView(Frame frame, String csrf, String next, String error) {}
