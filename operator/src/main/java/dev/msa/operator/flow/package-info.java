/**
 * The event flow a namespace declares — who publishes what to whom — as text, Graphviz DOT and an
 * SVG picture, read from the live objects by {@code make flow}. Reads only; not part of the
 * operator's reconcile path.
 */
package dev.msa.operator.flow;
