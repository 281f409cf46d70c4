package dev.mtasts.app.rollout;

import dev.mtasts.app.dnsupdate.DnsUpdater;
import dev.mtasts.app.dnsupdate.UpdateResult;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.HostedPolicy;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.store.PolicyVersion;
import dev.mtasts.app.store.Retirement;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.publish.Publication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What serve does for the policies it hosts, every round: keeps the history of every version it
 * serves; publishes a new id only once its own listener serves the new policy (RFC 8461 §3.1), by
 * dynamic update where {@code dns_update} is configured, else by logging what to paste; and carries
 * out the last step of a retirement (§8.3) when it comes due, even after a restart (the state is in
 * the store).
 */
public final class RolloutService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutService.class);

  /** How often the served policies are looked at: soon after a reload, cheap when idle. */
  public static final Duration DEFAULT_ROUND = Duration.ofSeconds(10);

  private final Supplier<PolicyHostConfig> hosted;
  private final ServedPolicyProbe probe;
  private final RolloutStore store;
  private final Optional<Path> configFile;
  private final Clock clock;
  private final ScheduledExecutorService schedule;

  /** Ids whose paste instructions were logged, so that each is logged once per process. */
  private final Set<String> told = ConcurrentHashMap.newKeySet();

  /**
   * @param hosted what the listener serves now (it changes on reload)
   * @param probe asks the listener what it serves
   * @param configFile the config file serve reloads, edited to stop serving a retired domain
   *     (unless its retirement keeps the config)
   */
  public RolloutService(
      Supplier<PolicyHostConfig> hosted,
      ServedPolicyProbe probe,
      RolloutStore store,
      Optional<Path> configFile,
      Clock clock) {
    this.hosted = Objects.requireNonNull(hosted, "hosted");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.store = Objects.requireNonNull(store, "store");
    this.configFile = Objects.requireNonNull(configFile, "configFile");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("serve-rollout").daemon(true).unstarted(r));
  }

  /** Runs a round now and then every {@code round}. */
  public void start(Duration round) {
    schedule.scheduleWithFixedDelay(this::runLogged, 0, round.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round over every hosted domain. */
  public void runOnce() {
    for (HostedDomain domain : hosted.get().domains()) {
      Optional<Retirement> retirement = store.retirement(domain.domain());
      if (retirement.isPresent() && domain.policy().mode() != Mode.NONE) {
        // the operator set another mode: the retirement is called off, or the domain is back
        store.cancelRetirement(domain.domain());
        LOG.info(
            "rollout: {} is in mode {} again: its retirement is called off",
            domain.domain(),
            domain.policy().mode().token());
        retirement = Optional.empty();
      }
      if (retirement.isPresent() && retirement.get().removed().isPresent()) {
        if (told.add("retired " + domain.domain())) {
          stillInConfig(
              domain.domain(), retirement.get().removed().get(), retirement.get().keepConfig());
        }
        continue;
      }
      record(domain);
      publish(domain);
      if (retirement.isPresent() && retirement.get().removalDue(clock.instant())) {
        remove(domain, retirement.get());
      }
    }
  }

  /** The served version goes into the history (a new one retires the previous). */
  private void record(HostedDomain domain) {
    HostedPolicy served = domain.hostedPolicy();
    boolean changed =
        store.served(
            new PolicyVersion(
                domain.domain(),
                served.id(),
                domain.policy().mode().token(),
                domain.policy().maxAge(),
                served.text(),
                clock.instant(),
                Optional.empty(),
                Optional.empty()));
    if (changed) {
      LOG.info(
          "rollout: {} serves policy {} (mode {}, max_age {})",
          domain.domain(),
          served.id(),
          domain.policy().mode().token(),
          domain.policy().maxAge());
    }
  }

  /** Publishes the served id once the listener is seen serving it: never the other way round. */
  private void publish(HostedDomain domain) {
    HostedPolicy served = domain.hostedPolicy();
    Optional<PolicyVersion> current = store.current(domain.domain());
    if (current.isEmpty() || current.get().published().isPresent()) {
      return;
    }
    String key = domain.domain() + " " + served.id();
    ServedPolicyProbe.Verdict verdict = probe.serves(served);
    if (!verdict.served()) {
      if (told.add("unserved " + key)) {
        LOG.warn(
            "rollout: {} policy {} is not served by the listener yet ({}); its id is not"
                + " published until it is",
            domain.domain(),
            served.id(),
            verdict.detail());
      }
      return;
    }
    List<Publication.DnsRecord> records = HostedRecords.records(domain);
    if (domain.publishing().dnsUpdate().isEmpty()) {
      if (told.add("paste " + key)) {
        LOG.info(
            "rollout: {} serves policy {}; publish in DNS now (no dns_update): {}",
            domain.domain(),
            served.id(),
            records.stream()
                .map(Publication.DnsRecord::zoneLine)
                .collect(Collectors.joining(" | ")));
      }
      return;
    }
    UpdateResult result =
        new DnsUpdater(domain.publishing().dnsUpdate().get()).apply(records, List.of());
    if (result.applied()) {
      store.published(domain.domain(), served.id(), clock.instant());
      LOG.info("rollout: {} published id {}: {}", domain.domain(), served.id(), result.message());
    } else {
      LOG.warn(
          "rollout: {} id {} not published, retried next round: {} {}",
          domain.domain(),
          served.id(),
          result.code(),
          result.message());
    }
  }

  /**
   * The last step of RFC 8461 §8.3: the {@code _mta-sts} record goes (by update, or the operator is
   * told), the retirement is marked done, and the domain leaves the config so the listener stops
   * serving it.
   */
  private void remove(HostedDomain domain, Retirement retirement) {
    String name = HostedRecords.stsName(domain.domain());
    if (domain.publishing().dnsUpdate().isPresent()) {
      UpdateResult result =
          new DnsUpdater(domain.publishing().dnsUpdate().get()).apply(List.of(), List.of(name));
      if (!result.applied()) {
        LOG.warn(
            "rollout: {} retirement due since {}: removing {} failed, retried next round: {}",
            domain.domain(),
            retirement.removeAt(),
            name,
            result.message());
        return;
      }
    } else {
      LOG.warn(
          "rollout: {} retirement due since {}: delete the {} TXT record now (no dns_update)",
          domain.domain(),
          retirement.removeAt(),
          name);
    }
    Instant now = clock.instant();
    store.removed(domain.domain(), now);
    if (retirement.keepConfig()) {
      LOG.info("rollout: {} retired (RFC 8461 §8.3): record removed", domain.domain());
      stillInConfig(domain.domain(), now, true);
      told.add("retired " + domain.domain());
      return;
    }
    LOG.info(
        "rollout: {} retired (RFC 8461 §8.3): record removed, policy no longer served",
        domain.domain());
    configFile.ifPresent(file -> dropFromConfig(file, domain.domain()));
  }

  /**
   * A retired domain still in the config: left there on purpose ({@code --keep-config}), or the
   * file could not be edited. Either way serve neither publishes nor monitors it any more; the
   * listener answers its {@code mode: none} policy until the block goes.
   */
  private static void stillInConfig(String domain, Instant removed, boolean keepConfig) {
    if (keepConfig) {
      LOG.info(
          "rollout: {} was retired on {}; its block stays in the config (policy retire"
              + " --keep-config) and its mode none policy is still answered, with no _mta-sts"
              + " record pointing at it; remove policy_host.domains.{} when convenient",
          domain,
          removed,
          domain);
    } else {
      LOG.warn(
          "rollout: {} was retired on {} but is still in the config; remove"
              + " policy_host.domains.{} from it",
          domain,
          removed,
          domain);
    }
  }

  private static void dropFromConfig(Path file, String domain) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      ParseResult<String> edited = ConfigEdit.removeDomain(text, domain);
      if (edited instanceof ParseResult.Ok<String> ok) {
        ConfigEdit.write(file, ok.value());
        LOG.info("rollout: removed policy_host.domains.{} from {}", domain, file);
      } else {
        LOG.warn(
            "rollout: remove policy_host.domains.{} from {} by hand: {}",
            domain,
            file,
            edited.errors().getFirst().message());
      }
    } catch (IOException e) {
      LOG.warn(
          "rollout: remove policy_host.domains.{} from {} by hand: {}", domain, file, e.toString());
    }
  }

  private void runLogged() {
    try {
      runOnce();
    } catch (StoreUnavailableException e) {
      LOG.warn("rollout: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("rollout: the round failed", e);
    }
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
