package dev.msa.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client sets the operator acts through, one per (account, region): the operator's own, and one
 * per role and region that namespaces name ({@code msa.dev/aws-role-arn}, {@code
 * msa.dev/aws-region}), built when first needed and kept. A target without a role in the operator's
 * region is the operator's own set itself: no other clients, no extra calls.
 */
public final class AwsAccounts implements AutoCloseable {
  private final AwsClients own;
  private final Account ownAccount;
  private final Map<Target, Account> others = new ConcurrentHashMap<>();
  private final List<AwsClients> opened = new CopyOnWriteArrayList<>();

  /** Where to act: as the operator, or as a role it assumes; and in which region. */
  public record Target(Optional<String> roleArn, String region) {}

  /** The adapters for one (account, region), and the region, which ARNs and the pods' env need. */
  public record Account(AwsAdapters adapters, String region, Optional<String> roleArn) {}

  public AwsAccounts(AwsClients own) {
    this.own = own;
    this.ownAccount = new Account(AwsAdapters.of(own), own.region(), Optional.empty());
  }

  /** The operator's own account and region. */
  public Account own() {
    return ownAccount;
  }

  /**
   * The account for a target; the first namespace that needs a role and region names its STS
   * session ({@code msa-operator-<namespace>}): the session is shared with later namespaces that
   * name the same role and region.
   */
  public Account account(Target target, String namespace) {
    if (target.roleArn().isEmpty() && target.region().equals(own.region())) {
      return ownAccount;
    }
    return others.computeIfAbsent(
        target,
        t -> {
          AwsClients clients = own.forAccount(t.region(), t.roleArn(), sessionName(namespace));
          opened.add(clients);
          return new Account(
              AwsAdapters.of(clients).withOidcIssuer(ownAccount.adapters().oidcIssuer()),
              t.region(),
              t.roleArn());
        });
  }

  /**
   * {@code msa-operator-<namespace>}: STS allows 2 to 64 characters of {@code [\w+=,.@-]}, which a
   * namespace name (at most 63 of {@code [a-z0-9-]}) meets once cut to fit.
   */
  public static String sessionName(String namespace) {
    String name = "msa-operator-" + namespace;
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  @Override
  public void close() {
    // the own clients belong to whoever made them; the assumed ones are this object's
    opened.forEach(AwsClients::close);
  }
}
