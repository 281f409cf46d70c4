package dev.mtasts.app.web;

/**
 * A page that only says something: not found, refused.
 *
 * @param frame the layout
 * @param heading the page's heading
 * @param text what happened and what to do
 */
public record MessageView(Frame frame, String heading, String text) {}
