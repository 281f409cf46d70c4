package dev.mtasts.app.lab.smtp;

/** Where an MX host puts what it accepted. */
@FunctionalInterface
public interface MailSink {
  /** Keeps {@code message}; called once per accepted message, from any thread. */
  void accept(ReceivedMessage message);
}
