package dev.mtasts.app.alert;

/**
 * One message as every channel gets it: a title (the mail's subject), a text (the mail's body) and
 * a JSON object (the webhook's event).
 */
public record Notification(String title, String text, String json) {}
