package dev.msa.operator.aws;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Calls per second the operator allows itself per AWS service, so a burst of reconciles does not
 * spend the account's API quota (IAM's is small and shared with everyone in the account).
 *
 * @param perService by endpoint prefix: {@code iam}, {@code sqs}, {@code sns}, {@code sts}, {@code
 *     eks}, {@code dynamodb}, {@code events}
 */
public record AwsRateLimits(double defaultPerSecond, Map<String, Double> perService) {
  /** When the configuration names no default: generous for moto, still a brake on a loop. */
  public static final double DEFAULT_PER_SECOND = 50;

  public static final Set<String> SERVICES =
      Set.of("iam", "sqs", "sns", "sts", "eks", "dynamodb", "events");

  public AwsRateLimits {
    requirePositive(defaultPerSecond, "default=" + defaultPerSecond);
    perService.forEach((service, rate) -> requirePositive(rate, service + "=" + rate));
    perService = Map.copyOf(perService);
  }

  /**
   * Parses {@code service=callsPerSecond} entries separated by commas, e.g. {@code iam=5,sqs=50};
   * an entry {@code default=N} replaces {@code defaultPerSecond}. Blank text means no per-service
   * limits.
   *
   * @throws IllegalArgumentException naming the entry that is not a known service with a positive
   *     number
   */
  public static AwsRateLimits parse(String text, double defaultPerSecond) {
    Map<String, Double> perService = new TreeMap<>();
    double fallback = defaultPerSecond;
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split("=", -1);
      String service = parts[0].trim();
      double rate = parts.length == 2 ? rate(parts[1].trim(), entry) : invalid(entry);
      if (service.equals("default")) {
        fallback = rate;
      } else if (SERVICES.contains(service)) {
        perService.put(service, rate);
      } else {
        throw new IllegalArgumentException(
            "AWS rate limit '"
                + entry.trim()
                + "': unknown service '"
                + service
                + "'; expected one of default, "
                + String.join(", ", new TreeSet<>(SERVICES)));
      }
    }
    return new AwsRateLimits(fallback, perService);
  }

  /** The limit for a service by endpoint prefix. */
  public double perSecond(String service) {
    return perService.getOrDefault(service, defaultPerSecond);
  }

  private static double rate(String number, String entry) {
    try {
      double rate = Double.parseDouble(number);
      return rate > 0 && Double.isFinite(rate) ? rate : invalid(entry);
    } catch (NumberFormatException e) {
      return invalid(entry);
    }
  }

  private static double invalid(String entry) {
    throw new IllegalArgumentException(
        "AWS rate limit '"
            + entry.trim()
            + "': expected service=callsPerSecond with a positive number, e.g. iam=5");
  }

  private static void requirePositive(double rate, String entry) {
    if (!(rate > 0 && Double.isFinite(rate))) {
      invalid(entry);
    }
  }
}
