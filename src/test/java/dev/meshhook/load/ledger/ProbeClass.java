package dev.meshhook.load.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of request the security profile sends to be refused, and what a target should answer. A
 * webhook probe must create no run (the over-rate-limit burst: exactly one per accepted webhook,
 * none per refused one); a read probe must return nothing of another tenant's (a leak otherwise).
 * The answers are the reference engine's and MeshHook's planned ones, as in the table in
 * docs/REAL-TARGETS.md ("Security probes"); a webhook probe may also get a 429 with Retry-After,
 * since the rate limit comes first. Another answer is reported, and only a run created or a leak
 * fails.
 */
public enum ProbeClass {
  NO_SIGNATURE(Kind.WEBHOOK, "a webhook with no signature header", Set.of(401)),
  WRONG_SIGNATURE(Kind.WEBHOOK, "X-Signature that is not an HMAC of anything", Set.of(401)),
  OTHER_BODY_SIGNATURE(
      Kind.WEBHOOK, "X-Signature made with the secret over a different body", Set.of(401)),
  HUB_SIGNATURE_OTHER_SECRET(
      Kind.WEBHOOK, "X-Hub-Signature-256 made with another secret", Set.of(401)),
  UNKNOWN_SLUG(Kind.WEBHOOK, "a signed webhook to a slug nobody published", Set.of(404)),
  BODY_OVER_LIMIT(Kind.WEBHOOK, "a signed body 1 KiB over security.maxBodyBytes", Set.of(413)),
  NOT_JSON(Kind.WEBHOOK, "a signed body that is not JSON, sent as application/json", Set.of(400)),
  WRONG_CONTENT_TYPE(Kind.WEBHOOK, "a signed JSON body sent as application/xml", Set.of(415)),
  INVALID_UTF8(Kind.WEBHOOK, "a signed JSON body holding bytes that are not UTF-8", Set.of(400)),
  IDEMPOTENCY_KEY_REUSED(
      Kind.WEBHOOK,
      "a signed webhook repeating an earlier one's Idempotency-Key with a different body",
      Set.of(202, 409, 422)),
  OVER_RATE_LIMIT(
      Kind.WEBHOOK, "security.burst signed webhooks at once to one project", Set.of(202, 429)),
  CROSS_TENANT_READ(Kind.READ, "tenant A's token reading tenant B's run", Set.of(403, 404)),
  CROSS_TENANT_LIST(Kind.LIST, "tenant A's token listing runs", Set.of(200)),
  CROSS_TENANT_FOLLOW(
      Kind.READ, "tenant A's token following tenant B's run's live log", Set.of(403, 404)),
  NO_TOKEN(Kind.READ, "reading a run with no Authorization header", Set.of(401)),
  MALFORMED_TOKEN(Kind.READ, "reading a run with a malformed Bearer token", Set.of(401));

  /**
   * How long a follow probe waits for its live log to end: long enough for a leaked live log of a
   * finished run to end, while a refused one ends at once. A follow still open then was not
   * answered, and so tells nothing either way.
   */
  public static final java.time.Duration FOLLOW_TIMEOUT = java.time.Duration.ofSeconds(10);

  /** What a probe sends, and so what it can find: runs created, or another tenant's data. */
  public enum Kind {
    WEBHOOK,
    READ,
    LIST
  }

  private final Kind kind;
  private final String sends;
  private final Set<Integer> expected;

  ProbeClass(Kind kind, String sends, Set<Integer> expected) {
    this.kind = kind;
    this.sends = sends;
    this.expected = expected;
  }

  /** The name users type and reports show, e.g. {@code no-signature}. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<ProbeClass> ofFlag(String flag) {
    return Arrays.stream(values()).filter(c -> c.flag().equals(flag)).findFirst();
  }

  public static List<String> flags() {
    return Arrays.stream(values()).map(ProbeClass::flag).toList();
  }

  public Kind kind() {
    return kind;
  }

  /** What one probe of this class sends. */
  public String sends() {
    return sends;
  }

  public Set<Integer> expectedStatuses() {
    return expected;
  }

  /** The expected answers as the table in docs/REAL-TARGETS.md words them. */
  public String expectedAnswers() {
    return switch (this) {
      case IDEMPOTENCY_KEY_REUSED -> "202 naming the first run (replayed), 409 or 422";
      case OVER_RATE_LIMIT -> "202, or 429 with Retry-After";
      case CROSS_TENANT_LIST -> "200 listing only tenant A's runs";
      default -> String.join(" or ", expected.stream().sorted().map(String::valueOf).toList());
    };
  }

  /**
   * How many runs one probe may create, given its answer: one for a webhook of the burst that was
   * accepted (it is a valid webhook), none for anything else.
   */
  public int runsAllowed(int status) {
    return this == OVER_RATE_LIMIT && status >= 200 && status < 300 ? 1 : 0;
  }
}
