package dev.mtasts.app.socketmap;

/** Hooks for metrics: called on connection threads, must be cheap and never throw. */
public interface SocketmapObserver {

  /** A request was answered with {@code reply} after {@code nanos} of lookup and encoding. */
  void served(Reply reply, long nanos);

  /** A connection was closed because its input broke the protocol ({@code code}). */
  void protocolViolation(String code);

  /** Observes nothing. */
  SocketmapObserver NONE =
      new SocketmapObserver() {
        @Override
        public void served(Reply reply, long nanos) {}

        @Override
        public void protocolViolation(String code) {}
      };
}
