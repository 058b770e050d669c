package dev.msa.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The managed policies to attach to and detach from a role. Only allow-listed ARNs are ever
 * attached, and only allow-listed ones detached: an attachment the operator cannot have made is not
 * its to remove.
 *
 * @param refused requested ARNs that are not in the allow-list
 * @param differences the attachments as a {@link Difference}, when any is to change
 */
public record ManagedPolicyUpdate(
    List<String> attach, List<String> detach, List<String> refused, List<Difference> differences)
    implements AwsUpdate {
  static final String ATTACHMENTS = "Attachments";

  public ManagedPolicyUpdate {
    differences = List.copyOf(differences);
  }

  /** With an empty allow-list the operator has attached nothing: no need to read the role. */
  public static boolean needsRead(Set<String> allowList) {
    return !allowList.isEmpty();
  }

  public static ManagedPolicyUpdate between(
      Set<String> requested, Set<String> allowList, Set<String> attached) {
    Set<String> wanted = new TreeSet<>(requested);
    wanted.retainAll(allowList);
    List<String> refused =
        new TreeSet<>(requested).stream().filter(arn -> !allowList.contains(arn)).toList();
    List<String> attach = wanted.stream().filter(arn -> !attached.contains(arn)).toList();
    List<String> detach =
        new TreeSet<>(attached)
            .stream().filter(arn -> allowList.contains(arn) && !wanted.contains(arn)).toList();
    List<Difference> differences =
        attach.isEmpty() && detach.isEmpty()
            ? List.of()
            : List.of(
                Difference.of(
                    ATTACHMENTS,
                    String.join(", ", new TreeSet<>(attached)),
                    String.join(", ", wanted)));
    return new ManagedPolicyUpdate(attach, detach, refused, differences);
  }

  @Override
  public List<String> fields() {
    List<String> fields = new ArrayList<>();
    attach.forEach(arn -> fields.add("attached " + arn));
    detach.forEach(arn -> fields.add("detached " + arn));
    return fields;
  }

  @Override
  public ManagedPolicyUpdate without(Set<String> fields) {
    return fields.contains(ATTACHMENTS)
        ? new ManagedPolicyUpdate(List.of(), List.of(), refused, List.of())
        : this;
  }
}
