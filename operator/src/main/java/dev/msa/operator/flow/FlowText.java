package dev.msa.operator.flow;

import dev.msa.operator.flow.EventFlow.Delivery;
import dev.msa.operator.flow.EventFlow.Service;
import dev.msa.operator.flow.EventFlow.Source;
import java.util.List;

/** The event flow as text for a terminal: each source, who publishes to it and where it goes. */
public final class FlowText {
  private FlowText() {}

  public static String render(EventFlow flow) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%d Microservices, %d sources of events, %d EventSubscriptions%n",
            flow.services().stream().filter(Service::declared).count(),
            flow.sources().size(),
            flow.deliveries().size()));
    for (Source source : flow.sources()) {
      String publisher =
          source.publisher() == null ? null : flow.service(source.publisher()).label();
      out.append('\n').append(heading(source, publisher)).append('\n');
      List<Delivery> deliveries =
          flow.deliveries().stream().filter(d -> d.source().equals(source.id())).toList();
      if (deliveries.isEmpty()) {
        out.append("  → nobody subscribes\n");
      }
      for (Delivery delivery : deliveries) {
        Service subscriber = flow.service(delivery.subscriber());
        out.append("  → ")
            .append(subscriber.label())
            .append(subscriber.declared() ? "" : " (no such Microservice)")
            .append("  queue ")
            .append(subscriber.queue() == null ? "(none: spec.queue missing)" : subscriber.queue())
            .append("  via EventSubscription ")
            .append(delivery.subscription())
            .append(delivery.filter().isEmpty() ? "" : "  " + delivery.filter())
            .append("  [")
            .append(delivery.state())
            .append("]\n");
      }
    }
    List<Service> idle =
        flow.services().stream()
            .filter(s -> s.queue() != null && s.declared())
            .filter(s -> flow.deliveries().stream().noneMatch(d -> d.subscriber().equals(s.id())))
            .toList();
    if (!idle.isEmpty()) {
      out.append("\nQueues no EventSubscription delivers to\n");
      idle.forEach(
          s ->
              out.append("  ").append(s.label()).append("  queue ").append(s.queue()).append('\n'));
    }
    return out.toString();
  }

  private static String heading(Source source, String publisher) {
    return switch (source.kind()) {
      case TOPIC ->
          "SNS topic "
              + source.label()
              + "  published by "
              + publisher
              + "  "
              + (source.arn() == null ? EventFlow.NOT_CREATED : source.arn());
      case OTHER_TOPIC ->
          "SNS topic "
              + source.label()
              + (source.arn() == null
                  ? "  (published by no Microservice here)"
                  : "  " + source.arn());
      case EVENT_BUS -> source.label();
    };
  }
}
