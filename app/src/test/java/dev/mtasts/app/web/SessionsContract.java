package dev.mtasts.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.SessionStore;
import dev.mtasts.app.store.StoreLocation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's sessions in a real store; one subclass per database engine. */
abstract class SessionsContract {

  /** A fresh, empty store location (a new file, a new schema). */
  protected abstract StoreLocation freshLocation();

  private final LoginThrottleTest.MutableClock clock = new LoginThrottleTest.MutableClock();
  private StoreLocation location;
  private final List<ReportStore> stores = new ArrayList<>();
  private Sessions sessions;

  @BeforeEach
  void open() {
    location = freshLocation();
    sessions = another();
  }

  /** Sessions on a store of their own (another serve, or serve after a restart). */
  private Sessions another() {
    ReportStore store = ReportStore.open(location);
    stores.add(store);
    return new Sessions(new SessionStore(store), clock);
  }

  @AfterEach
  void close() {
    stores.forEach(ReportStore::close);
  }

  private List<List<String>> rows() {
    return stores
        .getFirst()
        .read(
            c -> {
              List<List<String>> out = new ArrayList<>();
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT id_hash, csrf, created, last_seen, expires_at"
                              + " FROM dashboard_session");
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  List<String> row = new ArrayList<>();
                  for (int i = 1; i <= 5; i++) {
                    row.add(rs.getString(i));
                  }
                  out.add(row);
                }
              }
              return out;
            });
  }

  @Test
  void aSessionEndsWhenIdleTooLong() {
    Sessions.Session s = sessions.create();
    clock.advance(Sessions.IDLE.minusSeconds(1));
    assertThat(sessions.find(s.id())).isPresent();
    clock.advance(Sessions.IDLE.minusSeconds(1)); // touched just before: still alive
    assertThat(sessions.find(s.id())).isPresent();
    clock.advance(Sessions.IDLE);
    assertThat(sessions.find(s.id())).isEmpty();
    assertThat(rows()).isEmpty(); // found expired: deleted
  }

  @Test
  void aSessionEndsAtItsLifetimeEvenWhenUsed() {
    Sessions.Session s = sessions.create();
    for (Duration used = Duration.ZERO;
        used.compareTo(Sessions.LIFETIME.minusHours(1)) < 0;
        used = used.plusHours(1)) {
      clock.advance(Duration.ofHours(1));
      assertThat(sessions.find(s.id())).isPresent();
    }
    clock.advance(Duration.ofHours(1));
    assertThat(sessions.find(s.id())).isEmpty();
  }

  @Test
  void logoutEndsOnlyThatSessionAndIdsAndTokensAreRandom() {
    Sessions.Session a = sessions.create();
    Sessions.Session b = sessions.create();
    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    assertThat(a.csrf()).isNotEqualTo(a.id()).isNotEqualTo(b.csrf());
    sessions.end(a);
    assertThat(sessions.find(a.id())).isEmpty();
    assertThat(sessions.find(b.id())).isPresent();
    assertThat(sessions.find("")).isEmpty();
    assertThat(sessions.find(Sessions.hash(b.id()))).isEmpty(); // the stored key is no cookie
    assertThat(rows()).hasSize(1);
  }

  @Test
  void theStoreHoldsTheIdsHashNeverTheId() {
    Sessions.Session s = sessions.create();
    List<List<String>> rows = rows();
    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst().getFirst())
        .isEqualTo(Sessions.hash(s.id()))
        .hasSize(64)
        .isNotEqualTo(s.id());
    assertThat(String.join(" ", rows.getFirst())).doesNotContain(s.id());
    assertThat(rows.getFirst().get(1)).isEqualTo(s.csrf());
  }

  @Test
  void anotherServeOnTheSameStoreKnowsTheSessionAndItsLogout() {
    Sessions.Session s = sessions.create();
    Sessions other = another();
    Sessions.Session found = other.find(s.id()).orElseThrow();
    assertThat(found.csrf()).isEqualTo(s.csrf());
    assertThat(found.created()).isEqualTo(s.created());
    other.end(found);
    assertThat(sessions.find(s.id())).isEmpty();
  }

  @Test
  void expiredSessionsArePurgedAndLiveOnesKept() {
    Sessions.Session old = sessions.create();
    clock.advance(Sessions.IDLE.minusMinutes(10));
    Sessions.Session young = sessions.create();
    clock.advance(Duration.ofMinutes(10));
    assertThat(sessions.purgeExpired()).isEqualTo(1);
    assertThat(rows()).extracting(List::getFirst).containsExactly(Sessions.hash(young.id()));
    assertThat(sessions.find(old.id())).isEmpty();
    assertThat(sessions.find(young.id())).isPresent();
  }

  @Test
  void requestsAreWrittenAtMostOnceAMinute() {
    Sessions.Session s = sessions.create();
    clock.advance(Sessions.TOUCH_EVERY.minusSeconds(1));
    assertThat(sessions.find(s.id()).orElseThrow().lastSeen()).isEqualTo(s.created());
    clock.advance(Duration.ofSeconds(1));
    assertThat(sessions.find(s.id()).orElseThrow().lastSeen())
        .isEqualTo(s.created().plus(Sessions.TOUCH_EVERY));
  }

  @Test
  void tooManySessionsDropTheOldest() {
    Sessions.Session first = sessions.create();
    for (int i = 1; i < Sessions.MAX_SESSIONS; i++) {
      clock.advance(Duration.ofMillis(1));
      sessions.create();
    }
    assertThat(sessions.find(first.id())).isPresent();
    clock.advance(Duration.ofMillis(1));
    sessions.create();
    assertThat(sessions.find(first.id())).isEmpty();
    assertThat(rows()).hasSize(Sessions.MAX_SESSIONS);
  }
}
