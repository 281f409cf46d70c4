package dev.mtasts.app.serve;

import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a mailbox for report mail (RFC 8460 §5.3) and feeds each message to the {@link
 * IntakePipeline}: stored and duplicate reports move to the processed folder, mail that is not a
 * report for us moves to the failed folder with the reason logged, and a temporary failure leaves
 * the message in place for the next poll. The password is read from its file and never logged.
 */
public final class ImapPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ImapPoller.class);
  private static final int TIMEOUT_MS = 60_000;

  private final ServeConfig.Imap config;
  private final IntakePipeline pipeline;
  private final ScheduledExecutorService timer;

  private ImapPoller(ServeConfig.Imap config, IntakePipeline pipeline) {
    this.config = config;
    this.pipeline = pipeline;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("serve-imap").daemon(true).unstarted(r));
  }

  /** A poller that polls only when {@link #pollOnce()} is called. */
  static ImapPoller of(ServeConfig.Imap config, IntakePipeline pipeline) {
    return new ImapPoller(config, pipeline);
  }

  /** Starts polling now and then every {@code poll_interval}. */
  public static ImapPoller start(ServeConfig.Imap config, IntakePipeline pipeline) {
    ImapPoller poller = new ImapPoller(config, pipeline);
    poller.timer.scheduleWithFixedDelay(
        poller::pollLogged, 0, config.pollInterval().toSeconds(), TimeUnit.SECONDS);
    return poller;
  }

  private void pollLogged() {
    try {
      pollOnce();
    } catch (IOException | MessagingException | RuntimeException e) {
      LOG.warn("imap {}: poll failed: {}", where(), e.getMessage());
    }
  }

  /**
   * One poll: every message in the folder goes through the pipeline.
   *
   * @return how many messages were moved out of the folder
   */
  int pollOnce() throws IOException, MessagingException {
    String password = Files.readString(config.passwordFile(), StandardCharsets.UTF_8).strip();
    String scheme = config.url().getScheme().toLowerCase(Locale.ROOT);
    Properties props = new Properties();
    props.setProperty("mail." + scheme + ".connectiontimeout", String.valueOf(TIMEOUT_MS));
    props.setProperty("mail." + scheme + ".timeout", String.valueOf(TIMEOUT_MS));
    if (scheme.equals("imaps")) {
      props.setProperty("mail.imaps.ssl.checkserveridentity", "true");
      props.setProperty("mail.imaps.ssl.protocols", "TLSv1.3 TLSv1.2");
    }
    Session session = Session.getInstance(props);
    int moved = 0;
    try (Store store = session.getStore(scheme)) {
      store.connect(
          config.url().getHost(), config.url().getPort(), config.url().getUserInfo(), password);
      Folder processed = folder(store, config.processedFolder());
      Folder failed = folder(store, config.failedFolder());
      IMAPFolder inbox = (IMAPFolder) store.getFolder(inboxName());
      inbox.open(Folder.READ_WRITE);
      try {
        for (Message message : inbox.getMessages()) {
          Optional<Boolean> stored = handle(message);
          if (stored.isPresent()) {
            inbox.moveMessages(new Message[] {message}, stored.get() ? processed : failed);
            moved++;
          }
        }
      } finally {
        inbox.close(true);
      }
      if (moved > 0) {
        LOG.info("imap {}: {} messages handled", where(), moved);
      }
      return moved;
    }
  }

  /** True: stored (processed folder); false: refused (failed folder); empty: try again later. */
  private Optional<Boolean> handle(Message message) throws IOException, MessagingException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    message.writeTo(bytes);
    Source source = Source.of(Source.IMAP, where());
    Outcome outcome =
        pipeline.accept(new Receipt(bytes.toByteArray(), source, Instant.now(), Optional.empty()));
    return switch (outcome) {
      case Outcome.Stored s -> Optional.of(true);
      case Outcome.Duplicate d -> Optional.of(true);
      case Outcome.Rejected r -> {
        LOG.warn(
            "imap {}: message {} moved to {}: {}",
            where(),
            message.getMessageNumber(),
            config.failedFolder(),
            r.reason().replaceAll("[\\r\\n]+", " "));
        yield Optional.of(false);
      }
      case Outcome.TemporaryFailure t -> Optional.empty();
    };
  }

  private static Folder folder(Store store, String name) throws MessagingException {
    Folder folder = store.getFolder(name);
    if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES)) {
      throw new MessagingException("cannot create the folder " + name);
    }
    return folder;
  }

  private String inboxName() {
    String path = config.url().getPath();
    return path == null || path.length() <= 1 ? "INBOX" : path.substring(1);
  }

  /** The mailbox without the password: {@code user@host/folder}. */
  private String where() {
    return config.url().getUserInfo() + "@" + config.url().getHost() + "/" + inboxName();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
